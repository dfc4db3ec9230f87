package org.mixturelib.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intervals figure: one panel per component, each term in its colour. */
class IntervalsPlotTest {
  @TempDir
  static Path dir;

  @Test
  void threePanelsFillTwoColumnsAndDrawEveryTerm() throws IOException {
    List<IntervalsPlot.Panel> panels = List.of(
        new IntervalsPlot.Panel("component 1", List.of("(Intercept)", "x"),
            new double[] {1, 2}, new double[] {0.8, 1.9}, new double[] {1.2, 2.1}),
        new IntervalsPlot.Panel("component 2", List.of("(Intercept)", "x"),
            new double[] {8, -1}, new double[] {7.8, -1.1}, new double[] {8.2, -0.9}),
        new IntervalsPlot.Panel("mixing weights", List.of("component 1", "component 2"),
            new double[] {0.6, 0.4}, new double[] {Double.NaN, 0.35},
            new double[] {Double.NaN, 0.45}));
    Path file = dir.resolve("intervals.png");
    BufferedImage img = ImageIO.read(IntervalsPlot.write(panels, 0.95, file).toFile());
    assertEquals(2 * FigureStyle.WIDTH, img.getWidth());
    assertEquals(2 * FigureStyle.HEIGHT, img.getHeight());
    for (int t = 0; t < 2; t++) {
      int colour = Palette.component(t).getRGB();
      int count = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          count += img.getRGB(x, y) == colour ? 1 : 0;
        }
      }
      assertTrue(count > 100, "term " + t + "'s colour: " + count + " pixels");
    }
  }

  @Test
  void aPanelNeedsBothEndsForEveryTerm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new IntervalsPlot.Panel("component 1", List.of("a", "b"), new double[2],
            new double[1], new double[2]));
    assertTrue(e.getMessage().contains("component 1"), e.getMessage());
  }
}
