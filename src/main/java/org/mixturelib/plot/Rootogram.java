package org.mixturelib.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;

/**
 * flexmix's plot of a fitted mixture: for each component, a rootogram (a histogram on the
 * square-root scale) of the rows' posterior probabilities of belonging to it, leaving out those
 * below {@value #EPS} as flexmix does. Well separated components pile up near 0 and 1; mass in
 * the middle means rows the mixture cannot assign.
 */
public final class Rootogram {
  /** Posterior probabilities below this are left out (flexmix's {@code eps}). */
  public static final double EPS = 1e-4;
  /** Number of bins over [0, 1]. */
  public static final int BINS = 20;

  private Rootogram() {}

  /**
   * Square roots of the bin counts, K x {@link #BINS}.
   *
   * @param posterior n x K posterior probabilities
   * @return the bar heights per component
   */
  public static double[][] heights(double[][] posterior) {
    int k = posterior[0].length;
    double[][] h = new double[k][BINS];
    for (double[] row : posterior) {
      for (int e = 0; e < k; e++) {
        double p = row[e];
        if (p >= EPS) {
          h[e][Math.min(BINS - 1, (int) (p * BINS))]++;
        }
      }
    }
    for (double[] row : h) {
      for (int b = 0; b < BINS; b++) {
        row[b] = Math.sqrt(row[b]);
      }
    }
    return h;
  }

  /**
   * One chart per component, on a common vertical scale.
   *
   * @param posterior n x K posterior probabilities (at least one row)
   * @return K charts
   */
  public static List<XYChart> charts(double[][] posterior) {
    if (posterior.length == 0) {
      throw new IllegalArgumentException("no rows for the rootogram");
    }
    double[][] h = heights(posterior);
    double top = 1;
    for (double[] row : h) {
      for (double v : row) {
        top = Math.max(top, v);
      }
    }
    List<XYChart> out = new ArrayList<>();
    for (int e = 0; e < h.length; e++) {
      XYChart c = FigureStyle.xy(FigureStyle.component(e), "posterior probability",
          "sqrt(count)");
      double[] x = new double[4 * BINS];
      double[] y = new double[4 * BINS];
      for (int b = 0; b < BINS; b++) {
        double lo = (double) b / BINS;
        double hi = (double) (b + 1) / BINS;
        x[4 * b] = lo;
        x[4 * b + 1] = lo;
        x[4 * b + 2] = hi;
        x[4 * b + 3] = hi;
        y[4 * b + 1] = h[e][b];
        y[4 * b + 2] = h[e][b];
      }
      FigureStyle.line(c, "rootogram", x, y, Palette.component(e), false)
          .setXYSeriesRenderStyle(XYSeriesRenderStyle.Area)
          .setFillColor(Palette.component(e, 0.6));
      c.getStyler().setLegendVisible(false);
      c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0)
          .setYAxisMax(Math.ceil(top * 1.05));
      out.add(c);
    }
    return out;
  }

  /**
   * Writes the panels of every component into one PNG (up to three columns).
   *
   * @param posterior n x K posterior probabilities
   * @param file the PNG to write
   * @return {@code file}
   */
  public static Path write(double[][] posterior, Path file) {
    return Png.saveGrid(charts(posterior), 3, file);
  }
}
