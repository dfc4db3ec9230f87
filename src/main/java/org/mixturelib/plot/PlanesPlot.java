package org.mixturelib.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fitted planes over two-input data: one panel per input, the objects' y against that input
 * coloured by their most likely expert, and each expert's plane cut at the other input = 0
 * (solid: fitted, dashed: true when given).
 */
public final class PlanesPlot {
  private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4),
      new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD)};

  private PlanesPlot() {}

  /**
   * Writes the figure as a PNG.
   *
   * @param file output path (parent directories are created)
   * @param x N x 2 inputs
   * @param y N outputs
   * @param component most likely expert of each object
   * @param fitted K x 2 fitted plane coefficients
   * @param truth K x 2 true coefficients, or null
   * @param title the figure's title
   */
  public static void write(Path file, double[][] x, double[] y, int[] component,
      double[][] fitted, double[][] truth, String title) throws IOException {
    BufferedImage left = BitmapEncoder.getBufferedImage(panel(0, x, y, component, fitted, truth,
        title + " (y against x1)"));
    BufferedImage right = BitmapEncoder.getBufferedImage(panel(1, x, y, component, fitted, truth,
        title + " (y against x2)"));
    BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(),
        Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.drawImage(left, 0, 0, null);
    g.drawImage(right, left.getWidth(), 0, null);
    g.dispose();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ImageIO.write(both, "png", file.toFile());
  }

  private static XYChart panel(int input, double[][] x, double[] y, int[] component,
      double[][] fitted, double[][] truth, String title) {
    XYChart chart = new XYChartBuilder().width(560).height(440).title(title)
        .xAxisTitle("x" + (input + 1)).yAxisTitle("y").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(5);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : x) {
      min = Math.min(min, row[input]);
      max = Math.max(max, row[input]);
    }
    for (int k = 0; k < fitted.length; k++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (component[i] == k) {
          xs.add(x[i][input]);
          ys.add(y[i]);
        }
      }
      Color c = COLORS[k % COLORS.length];
      if (!xs.isEmpty()) {
        XYSeries s = chart.addSeries("objects of expert " + (k + 1), xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerColor(c);
      }
      XYSeries line = chart.addSeries("fitted plane " + (k + 1), new double[] {min, max},
          new double[] {fitted[k][input] * min, fitted[k][input] * max});
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(c);
      if (truth != null && k < truth.length) {
        XYSeries t = chart.addSeries("true plane " + (k + 1), new double[] {min, max},
            new double[] {truth[k][input] * min, truth[k][input] * max});
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(c.darker());
        t.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
            java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      }
    }
    return chart;
  }
}
