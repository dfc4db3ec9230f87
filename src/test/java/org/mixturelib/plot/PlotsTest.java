package org.mixturelib.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mixturelib.localmodels.StandardLink;

/** Every figure renders headless into a PNG that decodes, with the content it claims. */
class PlotsTest {
  @TempDir
  static Path dir;

  private static FittedSample oneInput;
  private static FittedSample twoInputs;

  @BeforeAll
  static void data() {
    oneInput = lines(300, 1, 7);
    twoInputs = lines(300, 2, 8);
  }

  /**
   * Two planted lines, scored with the true parameters: y = 1 + 2 x_1 (rows with x_1 below 0
   * are more likely its) and y = -1 - x_1 + x_2, noise sd 0.5.
   */
  private static FittedSample lines(int n, int d, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][d];
    double[] y = new double[n];
    double[][] gate = new double[n][2];
    double[][] resp = new double[n][2];
    double[] pred = new double[n];
    double[] intercepts = {1, -1};
    double[][] coef = new double[2][d];
    coef[0][0] = 2;
    coef[1][0] = -1;
    if (d > 1) {
      coef[1][1] = 1;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = 2 * r.nextGaussian();
      }
      double p0 = 1 / (1 + Math.exp(2 * x[i][0]));
      gate[i] = new double[] {p0, 1 - p0};
      int z = r.nextDouble() < p0 ? 0 : 1;
      double[] mean = new double[2];
      for (int e = 0; e < 2; e++) {
        mean[e] = intercepts[e];
        for (int j = 0; j < d; j++) {
          mean[e] += coef[e][j] * x[i][j];
        }
      }
      y[i] = mean[z] + 0.5 * r.nextGaussian();
      double l0 = p0 * Math.exp(-2 * Math.pow(y[i] - mean[0], 2));
      double l1 = (1 - p0) * Math.exp(-2 * Math.pow(y[i] - mean[1], 2));
      resp[i] = l0 + l1 > 0 ? new double[] {l0 / (l0 + l1), l1 / (l0 + l1)}
          : new double[] {p0, 1 - p0};
      pred[i] = p0 * mean[0] + (1 - p0) * mean[1];
    }
    List<String> names = d == 1 ? List.of("x") : List.of("x1", "x2");
    return new FittedSample("y", names, x, y, gate, resp, pred, intercepts, coef, StandardLink.IDENTITY);
  }

  private static BufferedImage readPng(Path file) throws IOException {
    assertTrue(Files.size(file) > 1000, file + " is nearly empty");
    BufferedImage img = ImageIO.read(file.toFile());
    assertNotNull(img, file + " does not decode as an image");
    return img;
  }

  /** Number of pixels of the image within a small distance of the colour. */
  private static int pixelsOf(BufferedImage img, java.awt.Color c) {
    int count = 0;
    for (int py = 0; py < img.getHeight(); py++) {
      for (int px = 0; px < img.getWidth(); px++) {
        int rgb = img.getRGB(px, py);
        int dr = ((rgb >> 16) & 0xff) - c.getRed();
        int dg = ((rgb >> 8) & 0xff) - c.getGreen();
        int db = (rgb & 0xff) - c.getBlue();
        if (dr * dr + dg * dg + db * db < 300) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void renderingIsHeadless() {
    Png.save(BoundPlot.chart(new double[] {1, 2}), dir.resolve("headless.png"));
    assertEquals("true", System.getProperty("java.awt.headless"));
    assertTrue(java.awt.GraphicsEnvironment.isHeadless());
  }

  @Test
  void expertsOverOneInputDrawBothComponentColours() throws IOException {
    BufferedImage img = readPng(ExpertsPlot.write(oneInput, dir.resolve("experts1.png")));
    assertEquals(FigureStyle.WIDTH, img.getWidth(), "one panel for one input");
    assertTrue(pixelsOf(img, Palette.component(0)) > 200, "expert 1's colour is drawn");
    assertTrue(pixelsOf(img, Palette.component(1)) > 200, "expert 2's colour is drawn");
  }

  @Test
  void expertsOverTwoInputsGiveOnePanelPerInput() throws IOException {
    BufferedImage img = readPng(ExpertsPlot.write(twoInputs, dir.resolve("experts2.png")));
    assertEquals(2 * FigureStyle.WIDTH, img.getWidth());
    assertEquals(FigureStyle.HEIGHT, img.getHeight());
    assertEquals(2, ExpertsPlot.charts(twoInputs).size());
  }

  @Test
  void partialLinesHoldTheOtherInputAtItsComponentMean() {
    double[][] x = {{0, 1}, {0, 3}, {0, 10}};
    double[][] post = {{1, 0}, {1, 0}, {0, 1}};
    FittedSample s = new FittedSample("y", List.of("a", "b"), x, new double[3], post, post,
        null, null, new double[][] {{1, 1}, {1, 1}}, StandardLink.IDENTITY);
    double[][] m = ExpertsPlot.componentMeans(s);
    assertArrayEquals(new double[] {0, 2}, m[0], 1e-12);
    assertArrayEquals(new double[] {0, 10}, m[1], 1e-12);
  }

  @Test
  void gateProbabilitiesPerInput() throws IOException {
    readPng(GatePlot.write(oneInput, dir.resolve("gate1.png")));
    BufferedImage img = readPng(GatePlot.write(twoInputs, dir.resolve("gate2.png")));
    assertEquals(2 * FigureStyle.WIDTH, img.getWidth());
  }

  @Test
  void boundPerIteration() throws IOException {
    double[] history = {-300, -250, -240, -238, -237.9, -237.89};
    BufferedImage img = readPng(BoundPlot.write(history, dir.resolve("bound.png")));
    assertTrue(pixelsOf(img, Palette.component(0)) > 100);
    assertThrows(IllegalArgumentException.class, () -> BoundPlot.chart(new double[0]));
  }

  @Test
  void criteriaAgainstK() throws IOException {
    int[] ks = {1, 2, 3, 4};
    BufferedImage img = readPng(CriteriaPlot.write(ks, new double[] {500, 420, 418, 419},
        new double[] {505, 430, 433, 440}, new double[] {505, 440, 460, 470}, 2, "BIC",
        dir.resolve("criteria.png")));
    for (int e = 0; e < 3; e++) {
      assertTrue(pixelsOf(img, Palette.component(e)) > 50, "criterion " + e + " is drawn");
    }
    assertThrows(IllegalArgumentException.class, () -> CriteriaPlot.chart(ks,
        new double[2], new double[4], new double[4], 2, "BIC"));
  }

  @Test
  void rootogramHeightsAreSquareRootsOfBinCountsAboveEps() {
    double[][] post = {{1, 0}, {0.999, 0.001}, {0.5, 0.5}, {0.52, 0.48}, {0.00001, 0.99999}};
    double[][] h = Rootogram.heights(post);
    assertEquals(Math.sqrt(2), h[0][19], 1e-12, "1 and 0.999 share the last bin");
    assertEquals(Math.sqrt(2), h[0][10], 1e-12, "0.5 and 0.52 share bin [0.5, 0.55)");
    assertEquals(0, h[0][0], 0.0, "1e-5 is below eps and left out");
    assertEquals(1, h[1][0], 1e-12, "0.001 is counted in the first bin");
    assertEquals(1, h[1][9], 1e-12, "0.48 in bin [0.45, 0.5)");
    assertEquals(1, h[1][10], 1e-12, "0.5 in bin [0.5, 0.55)");
    assertEquals(1, h[1][19], 1e-12, "0.99999 in the last bin");
  }

  @Test
  void rootogramOnePanelPerComponent() throws IOException {
    BufferedImage img = readPng(Rootogram.write(oneInput.responsibilities(),
        dir.resolve("rootogram.png")));
    assertEquals(2 * FigureStyle.WIDTH, img.getWidth(), "two components, two panels");
    double[][] three = new double[30][3];
    for (int i = 0; i < 30; i++) {
      three[i][i % 3] = 1;
    }
    BufferedImage grid = readPng(Rootogram.write(three, dir.resolve("rootogram3.png")));
    assertEquals(3 * FigureStyle.WIDTH, grid.getWidth());
  }

  @Test
  void shapesAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new FittedSample("y", List.of("x"),
        new double[][] {{1}}, new double[] {1}, new double[][] {{1, 0}}, null, null, null,
        new double[][] {{1}}, StandardLink.IDENTITY));
  }

  @Test
  void logLinkExpertsAreDrawnAsExponentialCurvesOnTheResponseScale() {
    double[][] x = {{0}, {1}, {2}};
    double[][] post = {{1, 0}, {0, 1}, {1, 0}};
    FittedSample s = new FittedSample("y", List.of("x"), x, new double[] {1, 3, 8}, post, post,
        null, new double[] {0.5, -1}, new double[][] {{0.7}, {1.2}}, StandardLink.LOG);
    XYChart c = ExpertsPlot.charts(s).get(0);
    for (int e = 0; e < 2; e++) {
      XYSeries line = c.getSeriesMap().get("expert " + (e + 1));
      double[] gx = line.getXData();
      double[] gy = line.getYData();
      assertEquals(ExpertsPlot.CURVE_POINTS, gx.length);
      assertEquals(0, gx[0], 0);
      assertEquals(2, gx[gx.length - 1], 0);
      for (int p = 0; p < gx.length; p++) {
        assertEquals(Math.exp(s.intercept(e) + s.coefficients()[e][0] * gx[p]), gy[p],
            1e-12 * gy[p]);
      }
    }
  }
}
