package org.mixturelib.plot;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * The fitted experts over the data, one panel per input: each row is a point coloured by its
 * most likely component, more opaque the surer the responsibility (the gate probability when
 * the rows were not scored with their answers), and each expert is a line.
 *
 * <p>The experts are drawn on the response scale, as curves {@code g⁻¹(eta)} of their linear
 * predictor through the link (straight lines for Gaussian experts, exponential curves for Poisson
 * and Gamma experts, logistic ones for binomial experts; an offset is taken as 0, so that a
 * Poisson curve with a log-exposure offset is the rate per unit of exposure). With one input an
 * expert's curve is {@code g⁻¹(a_k + b_k x)}, and the mixture mean is drawn dashed. With several
 * inputs, the panel of input j shows each expert's partial curve {@code g⁻¹(a_k + b_kj x_j +
 * Σ_{l ≠ j} b_kl m_kl)}, the other inputs held at their responsibility-weighted means {@code
 * m_kl} under expert k, so that each curve runs through the points that expert explains.
 */
public final class ExpertsPlot {
  /** Opacity steps by responsibility: below 0.5, 0.8, 0.95, and above. */
  private static final double[] STEPS = {0.5, 0.8, 0.95};
  private static final double[] OPACITY = {0.2, 0.4, 0.65, 0.95};
  /** Points along each expert's curve. */
  static final int CURVE_POINTS = 101;

  private ExpertsPlot() {}

  /**
   * One chart per input.
   *
   * @param s the rows and the fitted experts
   * @return D charts
   */
  public static List<XYChart> charts(FittedSample s) {
    List<XYChart> out = new ArrayList<>();
    double[][] means = componentMeans(s);
    for (int j = 0; j < s.d(); j++) {
      out.add(chart(s, j, means));
    }
    return out;
  }

  /**
   * Writes the panels of every input into one PNG (two columns).
   *
   * @param s the rows and the fitted experts
   * @param file the PNG to write
   * @return {@code file}
   */
  public static Path write(FittedSample s, Path file) {
    return Png.saveGrid(charts(s), 2, file);
  }

  private static XYChart chart(FittedSample s, int j, double[][] means) {
    String colouring = s.responsibilities() != null ? "responsibility" : "gate probability";
    XYChart c = FigureStyle.xy(s.label() + " against " + s.features().get(j) + " (colour: "
        + colouring + ")", s.features().get(j), s.label());
    double[][] post = s.posterior();
    int n = s.n();
    int k = s.k();
    double[][][] xs = new double[k][OPACITY.length][];
    double[][][] ys = new double[k][OPACITY.length][];
    int[][] counts = new int[k][OPACITY.length];
    int[] comp = new int[n];
    int[] step = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int e = 1; e < k; e++) {
        if (post[i][e] > post[i][best]) {
          best = e;
        }
      }
      int t = 0;
      while (t < STEPS.length && post[i][best] >= STEPS[t]) {
        t++;
      }
      comp[i] = best;
      step[i] = t;
      counts[best][t]++;
    }
    for (int e = 0; e < k; e++) {
      for (int t = 0; t < OPACITY.length; t++) {
        xs[e][t] = new double[counts[e][t]];
        ys[e][t] = new double[counts[e][t]];
        counts[e][t] = 0;
      }
    }
    for (int i = 0; i < n; i++) {
      int e = comp[i];
      int t = step[i];
      xs[e][t][counts[e][t]] = s.x()[i][j];
      ys[e][t][counts[e][t]++] = s.y()[i];
    }
    for (int e = 0; e < k; e++) {
      for (int t = 0; t < OPACITY.length; t++) {
        if (xs[e][t].length > 0) {
          FigureStyle.points(c, "rows of " + FigureStyle.component(e) + " (" + t + ")",
              xs[e][t], ys[e][t], Palette.component(e, OPACITY[t]), false);
        }
      }
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : s.x()) {
      lo = Math.min(lo, row[j]);
      hi = Math.max(hi, row[j]);
    }
    for (int e = 0; e < k; e++) {
      double offset = s.intercept(e);
      for (int l = 0; l < s.d(); l++) {
        if (l != j) {
          offset += s.coefficients()[e][l] * means[e][l];
        }
      }
      double slope = s.coefficients()[e][j];
      double[] gx = new double[CURVE_POINTS];
      double[] gy = new double[CURVE_POINTS];
      for (int p = 0; p < CURVE_POINTS; p++) {
        gx[p] = lo + (hi - lo) * p / (CURVE_POINTS - 1);
        gy[p] = s.link().mean(offset + slope * gx[p]);
      }
      FigureStyle.line(c, "expert " + (e + 1), gx, gy, Palette.component(e), false);
    }
    if (s.d() == 1 && s.prediction() != null) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(s.x()[a][0], s.x()[b][0]));
      double[] sx = new double[n];
      double[] sy = new double[n];
      for (int i = 0; i < n; i++) {
        sx[i] = s.x()[order[i]][0];
        sy[i] = s.prediction()[order[i]];
      }
      FigureStyle.line(c, "mixture mean", sx, sy, Color.DARK_GRAY, true);
    }
    return c;
  }

  /** Responsibility-weighted mean of each input under each component, K x D. */
  static double[][] componentMeans(FittedSample s) {
    double[][] post = s.posterior();
    double[][] sums = new double[s.k()][s.d()];
    double[] weights = new double[s.k()];
    for (int i = 0; i < s.n(); i++) {
      for (int e = 0; e < s.k(); e++) {
        weights[e] += post[i][e];
        for (int l = 0; l < s.d(); l++) {
          sums[e][l] += post[i][e] * s.x()[i][l];
        }
      }
    }
    for (int e = 0; e < s.k(); e++) {
      for (int l = 0; l < s.d(); l++) {
        sums[e][l] = weights[e] > 0 ? sums[e][l] / weights[e] : 0;
      }
    }
    return sums;
  }
}
