package org.mixturelib.localmodels;

import java.util.Arrays;
import org.mixturelib.data.Mergeable;

/**
 * The statistics of {@link GlmExperts}: per expert the IRLS normal equations at the current
 * coefficients, {@code Σ_i w_i r_ik W_ik x_i x_iᵀ} (upper triangle of a column-major D x D
 * block, expert k's at {@code k D²}) and {@code Σ_i w_i r_ik W_ik (z_ik - offset_i) x_i}, the
 * sums a {@link ShapedGlmFamily} takes for its shape ({@link ShapedGlmFamily#addShapeSums}),
 * the largest |linear predictor| on the rows the expert holds (for the separation note), and for
 * penalised experts ({@link ElasticNet}) the features' weighted sums and squares per expert.
 */
public final class GlmStatistics implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  final int k;
  final int d;
  final double[] information;
  final double[] rhs;
  final int shapeSumsPerExpert;
  final double[] shapeSums;
  final double[] maxAbsEta;
  /** Penalised experts only (else empty): {@code Σ w r x_j} per expert, at {@code k D}. */
  final double[] featureSums;
  /** Penalised experts only (else empty): {@code Σ w r x_j²} per expert, at {@code k D}. */
  final double[] featureSquares;

  GlmStatistics(int k, int d, int shapeSumsPerExpert, boolean featureMoments) {
    this.k = k;
    this.d = d;
    information = new double[k * d * d];
    rhs = new double[k * d];
    this.shapeSumsPerExpert = shapeSumsPerExpert;
    shapeSums = new double[k * shapeSumsPerExpert];
    maxAbsEta = new double[k];
    featureSums = new double[featureMoments ? k * d : 0];
    featureSquares = new double[featureMoments ? k * d : 0];
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    GlmStatistics o = (GlmStatistics) other;
    Mergeable.addInto(information, o.information);
    Mergeable.addInto(rhs, o.rhs);
    Mergeable.addInto(shapeSums, o.shapeSums);
    Mergeable.addInto(featureSums, o.featureSums);
    Mergeable.addInto(featureSquares, o.featureSquares);
    for (int e = 0; e < k; e++) {
      maxAbsEta[e] = Math.max(maxAbsEta[e], o.maxAbsEta[e]);
    }
    return this;
  }

  /** Expert e's information matrix, both triangles filled. */
  double[] symmetricInformation(int e) {
    double[] h = Arrays.copyOfRange(information, e * d * d, (e + 1) * d * d);
    for (int c = 0; c < d; c++) {
      for (int r = c + 1; r < d; r++) {
        h[c * d + r] = h[r * d + c];
      }
    }
    return h;
  }
}
