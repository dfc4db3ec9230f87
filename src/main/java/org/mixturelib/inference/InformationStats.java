package org.mixturelib.inference;

import org.mixturelib.data.Mergeable;

/**
 * What the information pass aggregates: the observed information of the log-likelihood (the
 * upper triangle of a P x P matrix, P the number of parameters accumulated: those not held at
 * zero by the experts, {@link #position}), the score, the log-likelihood, each component's
 * total responsibility and the range of each gate input. Its size depends on the number of
 * parameters only.
 */
final class InformationStats implements Mergeable<InformationStats> {
  private static final long serialVersionUID = 1L;

  /**
   * Position among the accumulated parameters of each of the family's and the gate's, -1 for
   * one held at zero by the experts (its rows and columns are not accumulated).
   */
  final int[] position;
  /** Column-major P x P, the upper triangle filled. */
  final double[] information;
  /** The score {@code Σ_i w_i ∇ log p(y_i | x_i)}. */
  final double[] score;
  /** {@code Σ_i w_i r_ik} (of a grouped fit {@code Σ_g r_gk}). */
  final double[] componentWeights;
  /** Smallest and largest value of each gate input. */
  final double[] inputMin;
  final double[] inputMax;
  double logLikelihood;
  /** Number of units: rows, or groups of a grouped fit. */
  long units;
  /** Whether the units are groups. */
  boolean grouped;
  /** The partition's working arrays (never serialised). */
  private transient InformationKernel.Scratch scratch;

  /**
   * @param position the accumulated position of each parameter, -1 for one not accumulated;
   *     the accumulated ones in the same order as the parameters
   */
  InformationStats(int[] position, int components, int gateInputs) {
    this.position = position;
    int parameters = 0;
    for (int j : position) {
      parameters += j >= 0 ? 1 : 0;
    }
    information = new double[parameters * parameters];
    score = new double[parameters];
    componentWeights = new double[components];
    inputMin = new double[gateInputs];
    inputMax = new double[gateInputs];
    java.util.Arrays.fill(inputMin, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(inputMax, Double.NEGATIVE_INFINITY);
  }

  /** The working arrays, made by {@code make} on first use in this partition. */
  InformationKernel.Scratch scratch(java.util.function.Supplier<InformationKernel.Scratch> make) {
    if (scratch == null) {
      scratch = make.get();
    }
    return scratch;
  }

  @Override
  public InformationStats merge(InformationStats o) {
    Mergeable.addInto(information, o.information);
    Mergeable.addInto(score, o.score);
    Mergeable.addInto(componentWeights, o.componentWeights);
    for (int g = 0; g < inputMin.length; g++) {
      inputMin[g] = Math.min(inputMin[g], o.inputMin[g]);
      inputMax[g] = Math.max(inputMax[g], o.inputMax[g]);
    }
    logLikelihood += o.logLikelihood;
    units += o.units;
    grouped |= o.grouped;
    return this;
  }
}
