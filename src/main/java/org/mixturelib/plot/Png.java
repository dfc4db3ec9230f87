package org.mixturelib.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes charts as PNG files. Rendering needs no display: the first use sets {@code
 * java.awt.headless=true} unless the JVM was started with a value for it.
 */
public final class Png {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Png() {}

  /**
   * Writes one chart.
   *
   * @param chart the chart
   * @param file the PNG file to write (parent folders are created)
   * @return {@code file}
   */
  public static Path save(Chart<?, ?> chart, Path file) {
    return write(BitmapEncoder.getBufferedImage(chart), file);
  }

  /**
   * Writes several charts as one image, in a grid of {@code columns} columns filled row by row;
   * cells left over in the last row stay white.
   *
   * @param <T> the chart type
   * @param charts the charts (at least one)
   * @param columns charts per row (at least 1)
   * @param file the PNG file to write (parent folders are created)
   * @return {@code file}
   */
  public static <T extends Chart<?, ?>> Path saveGrid(List<T> charts, int columns, Path file) {
    if (charts.isEmpty()) {
      throw new IllegalArgumentException("no charts to write to " + file);
    }
    int cols = Math.max(1, Math.min(columns, charts.size()));
    int rows = (charts.size() + cols - 1) / cols;
    int cellW = 0;
    int cellH = 0;
    for (T c : charts) {
      cellW = Math.max(cellW, c.getWidth());
      cellH = Math.max(cellH, c.getHeight());
    }
    BufferedImage grid = new BufferedImage(cols * cellW, rows * cellH,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * cellW,
            (i / cols) * cellH, null);
      }
    } finally {
      g.dispose();
    }
    return write(grid, file);
  }

  private static Path write(BufferedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
