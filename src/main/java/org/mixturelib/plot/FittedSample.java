package org.mixturelib.plot;

import java.util.List;
import org.mixturelib.localmodels.Link;

/**
 * What the figures of one fit show: rows (usually a sample of the training data) with the
 * model's outputs for them, and the fitted linear experts. Arrays are row-major: {@code x[i][j]}
 * is input j of row i, {@code gate[i][k]} is {@code pi_k(x_i)}.
 *
 * @param label name of the answer (axis title)
 * @param features names of the D inputs, without the intercept (axis titles)
 * @param x the inputs, n x D
 * @param y the answers, n
 * @param gate gate probabilities {@code pi_k(x_i)}, n x K
 * @param responsibilities posterior probabilities given x and y, n x K, or null when the
 *     answers were not scored
 * @param prediction the mixture mean per row, or null
 * @param intercepts each expert's intercept (K), or null for experts without one
 * @param coefficients each expert's coefficients on the D inputs, K x D, on the link scale
 * @param link the experts' link: an expert's mean is {@code link.mean(intercept + coefficientsᵀ
 *     x)} (the identity for Gaussian experts)
 */
public record FittedSample(String label, List<String> features, double[][] x, double[] y,
    double[][] gate, double[][] responsibilities, double[] prediction, double[] intercepts,
    double[][] coefficients, Link link) {

  /** Checks that the shapes agree. */
  public FittedSample {
    features = List.copyOf(features);
    int n = x.length;
    int d = features.size();
    int k = coefficients.length;
    if (n == 0) {
      throw new IllegalArgumentException("no rows to plot");
    }
    if (d == 0 || k == 0) {
      throw new IllegalArgumentException("need at least one input and one component, got D = "
          + d + ", K = " + k);
    }
    requireShape("x", x, n, d);
    requireShape("gate", gate, n, k);
    requireShape("coefficients", coefficients, k, d);
    if (responsibilities != null) {
      requireShape("responsibilities", responsibilities, n, k);
    }
    if (y.length != n || (prediction != null && prediction.length != n)) {
      throw new IllegalArgumentException("y and prediction need " + n + " rows");
    }
    if (link == null) {
      throw new IllegalArgumentException("link is null; give StandardLink.IDENTITY for linear"
          + " experts");
    }
    if (intercepts != null && intercepts.length != k) {
      throw new IllegalArgumentException("intercepts need " + k + " entries, got "
          + intercepts.length);
    }
  }

  private static void requireShape(String name, double[][] a, int rows, int cols) {
    if (a.length != rows) {
      throw new IllegalArgumentException(name + " has " + a.length + " rows, expected " + rows);
    }
    for (double[] r : a) {
      if (r.length != cols) {
        throw new IllegalArgumentException(name + " has a row of " + r.length
            + " entries, expected " + cols);
      }
    }
  }

  /**
   * Number of rows.
   *
   * @return n
   */
  public int n() {
    return x.length;
  }

  /**
   * Number of inputs.
   *
   * @return D
   */
  public int d() {
    return features.size();
  }

  /**
   * Number of components.
   *
   * @return K
   */
  public int k() {
    return coefficients.length;
  }

  /**
   * The probabilities that colour the rows: the responsibilities when present, otherwise the
   * gate probabilities.
   *
   * @return n x K probabilities
   */
  public double[][] posterior() {
    return responsibilities != null ? responsibilities : gate;
  }

  /**
   * Expert k's intercept (0 for experts without one).
   *
   * @param k component index
   * @return the intercept
   */
  public double intercept(int k) {
    return intercepts == null ? 0 : intercepts[k];
  }
}
