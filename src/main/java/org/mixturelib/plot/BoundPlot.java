package org.mixturelib.plot;

import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The EM bound per iteration (the objective history of a fit): it rises and flattens out;
 * for a plain mixture of regressions without priors it is the log-likelihood.
 */
public final class BoundPlot {
  private BoundPlot() {}

  /**
   * The chart.
   *
   * @param history the bound at each iteration (at least one value)
   * @return the chart
   */
  public static XYChart chart(double[] history) {
    if (history.length == 0) {
      throw new IllegalArgumentException("the objective history is empty");
    }
    XYChart c = FigureStyle.xy("bound per iteration (" + history.length + " values, last "
        + String.format("%.4f", history[history.length - 1]) + ")", "iteration", "bound");
    double[] it = new double[history.length];
    for (int t = 0; t < it.length; t++) {
      it[t] = t + 1;
    }
    FigureStyle.line(c, "bound", it, history, Palette.component(0), false)
        .setMarker(SeriesMarkers.CIRCLE);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setMarkerSize(4);
    return c;
  }

  /**
   * Writes the chart.
   *
   * @param history the bound at each iteration
   * @param file the PNG to write
   * @return {@code file}
   */
  public static Path write(double[] history, Path file) {
    return Png.save(chart(history), file);
  }
}
