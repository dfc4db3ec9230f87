package org.mixturelib.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * The gate probabilities {@code pi_k(x)} over each input, one panel per input and one colour
 * per component. With one input they are curves through the rows sorted by x; with several, a
 * point per row (the other inputs vary along the axis too). A mixture of models, whose weights
 * do not depend on x, shows flat lines at its mixing weights.
 */
public final class GatePlot {
  private GatePlot() {}

  /**
   * One chart per input.
   *
   * @param s the rows with their gate probabilities
   * @return D charts
   */
  public static List<XYChart> charts(FittedSample s) {
    List<XYChart> out = new ArrayList<>();
    for (int j = 0; j < s.d(); j++) {
      out.add(chart(s, j));
    }
    return out;
  }

  /**
   * Writes the panels of every input into one PNG (two columns).
   *
   * @param s the rows with their gate probabilities
   * @param file the PNG to write
   * @return {@code file}
   */
  public static Path write(FittedSample s, Path file) {
    return Png.saveGrid(charts(s), 2, file);
  }

  private static XYChart chart(FittedSample s, int j) {
    XYChart c = FigureStyle.xy("gate probabilities against " + s.features().get(j),
        s.features().get(j), "pi_k(x)");
    c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    int n = s.n();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s.x()[a][j], s.x()[b][j]));
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = s.x()[order[i]][j];
    }
    for (int e = 0; e < s.k(); e++) {
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = s.gate()[order[i]][e];
      }
      if (s.d() == 1) {
        FigureStyle.line(c, FigureStyle.component(e), xs, p, Palette.component(e), false);
      } else {
        FigureStyle.points(c, FigureStyle.component(e), xs, p, Palette.component(e, 0.6),
            true);
      }
    }
    return c;
  }
}
