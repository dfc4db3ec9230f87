package org.mixturelib.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Confidence intervals of the estimates, one panel per component and one per gate comparison
 * (flexmix's {@code plot(refit(...))}): each term is a point at its estimate with a line over
 * its interval, the dashed vertical line is 0. Terms without a standard error show their point
 * only.
 */
public final class IntervalsPlot {
  private IntervalsPlot() {}

  /**
   * One panel's terms.
   *
   * @param title the panel's title (a component, or a gate comparison)
   * @param terms the terms' names, top to bottom
   * @param estimate each term's estimate
   * @param lower each term's lower end (NaN without an error)
   * @param upper each term's upper end (NaN without an error)
   */
  public record Panel(String title, List<String> terms, double[] estimate, double[] lower,
      double[] upper) {
    /** Checks that every term has an estimate and both ends. */
    public Panel {
      if (terms.isEmpty() || estimate.length != terms.size() || lower.length != terms.size()
          || upper.length != terms.size()) {
        throw new IllegalArgumentException("panel '" + title + "' needs an estimate and both"
            + " ends for each of its " + terms.size() + " terms");
      }
      terms = List.copyOf(terms);
    }
  }

  /**
   * The chart of one panel.
   *
   * @param p the panel
   * @param level the intervals' level, for the axis title
   * @return the chart
   */
  public static XYChart chart(Panel p, double level) {
    XYChart c = FigureStyle.xy(p.title(), "estimate with " + Math.round(100 * level)
        + "% interval", "");
    int n = p.terms().size();
    double lo = 0;
    double hi = 0;
    for (int t = 0; t < n; t++) {
      double y = n - 1 - t;
      Color colour = Palette.component(t);
      String name = p.terms().get(t);
      if (Double.isFinite(p.lower()[t]) && Double.isFinite(p.upper()[t])) {
        FigureStyle.line(c, name + " interval", new double[] {p.lower()[t], p.upper()[t]},
            new double[] {y, y}, colour, false).setShowInLegend(false);
        lo = Math.min(lo, p.lower()[t]);
        hi = Math.max(hi, p.upper()[t]);
      }
      FigureStyle.points(c, name, new double[] {p.estimate()[t]}, new double[] {y}, colour,
          true).setMarker(SeriesMarkers.DIAMOND);
      lo = Math.min(lo, p.estimate()[t]);
      hi = Math.max(hi, p.estimate()[t]);
    }
    FigureStyle.line(c, "zero", new double[] {0, 0}, new double[] {-0.5, n - 0.5},
        Color.GRAY, true).setShowInLegend(false);
    c.getStyler().setYAxisMin(-0.5).setYAxisMax(n - 0.5).setYAxisTicksVisible(false);
    double pad = 0.05 * Math.max(hi - lo, 1e-12);
    c.getStyler().setXAxisMin(lo - pad).setXAxisMax(hi + pad);
    c.getStyler().setLegendPosition(LegendPosition.OutsideE);
    return c;
  }

  /**
   * Writes the panels as one image, two per row.
   *
   * @param panels the panels (at least one)
   * @param level the intervals' level
   * @param file the PNG to write
   * @return {@code file}
   */
  public static Path write(List<Panel> panels, double level, Path file) {
    List<XYChart> charts = new ArrayList<>();
    for (Panel p : panels) {
      charts.add(chart(p, level));
    }
    return Png.saveGrid(charts, 2, file);
  }
}
