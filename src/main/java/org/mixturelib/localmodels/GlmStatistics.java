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
 *
 * <p>Penalised experts gather the information matrix only in the columns of each expert's
 * screened features S_k ({@link ElasticNet#solve}): {@code Σ_i w_i r_ik W_ik x_i x_ij} for j in
 * S_k, a full column-major D x |S_k| block per expert, one after the other, and {@code Σ_i w_i
 * r_ik W_ik x_i} (the column of a feature constant on the rows, up to its value); the pass then
 * costs O(N D |S_k|) per expert rather than O(N D²).
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

  /**
   * Penalised experts only (else null): per expert its screened features, increasing; its
   * columns of the information start at {@link #columnsAt}.
   */
  final int[][] screened;
  /** Penalised experts only (else null): where each expert's columns start, then the total. */
  final int[] columnsAt;
  /** Penalised experts only (else empty): {@code Σ q x_j} per expert, at {@code k D}. */
  final double[] weightedSums;

  /** Unpenalised experts' statistics: the whole information matrices. */
  GlmStatistics(int k, int d, int shapeSumsPerExpert) {
    this(k, d, shapeSumsPerExpert, null);
  }

  /**
   * @param screened per expert the features whose information columns are gathered
   *     (increasing), with the features' sums and squares; null for the whole matrices
   */
  GlmStatistics(int k, int d, int shapeSumsPerExpert, int[][] screened) {
    this.k = k;
    this.d = d;
    this.screened = screened;
    boolean featureMoments = screened != null;
    if (featureMoments) {
      columnsAt = new int[k + 1];
      for (int e = 0; e < k; e++) {
        columnsAt[e + 1] = columnsAt[e] + d * screened[e].length;
      }
    } else {
      columnsAt = null;
    }
    information = new double[featureMoments ? columnsAt[k] : k * d * d];
    weightedSums = new double[featureMoments ? k * d : 0];
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
    Mergeable.addInto(weightedSums, o.weightedSums);
    for (int e = 0; e < k; e++) {
      maxAbsEta[e] = Math.max(maxAbsEta[e], o.maxAbsEta[e]);
    }
    return this;
  }

  /** Expert e's screened columns of the information (D x |S_e|). */
  double[] screenedColumns(int e) {
    return Arrays.copyOfRange(information, columnsAt[e], columnsAt[e + 1]);
  }

  /** Expert e's information matrix, both triangles filled (unpenalised experts). */
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
