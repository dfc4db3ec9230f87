package org.mixturelib.examples;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateUpdate;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A user's own gate, written only against the public API: mixing weights that do not depend on
 * x, shrunk towards equal weights by {@value #SMOOTHING} pseudo-counts per component, {@code
 * pi_k = (n_k + c) / (N + K c)}: the maximiser of the data term plus its log prior {@code c Σ_k
 * log pi_k} (the gate's part of the bound), so the bound never decreases. It starts at equal
 * weights.
 */
public final class SmoothedGate implements Gate {
  private static final long serialVersionUID = 1L;
  /** The id it is saved and registered under ({@link SmoothedGateProvider}). */
  public static final String TYPE_ID = "smoothed";
  /** The pseudo-counts per component. */
  static final double SMOOTHING = 2;
  private final double[] weights;

  /** K components at equal weights. */
  public SmoothedGate(int k) {
    weights = new double[k];
    Arrays.fill(weights, 1.0 / k);
  }

  /** The mixing weights (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public int numComponents() {
    return weights.length;
  }

  @Override
  public void logPi(Block b, double[] rowState, double[] out, boolean plugIn) {
    int k = weights.length;
    for (int i = 0; i < b.n; i++) {
      for (int c = 0; c < k; c++) {
        out[i * k + c] = Math.log(weights[c]);
      }
    }
  }

  @Override
  public void mStep(GateUpdate update) {
    double[] n = update.counts();
    double total = update.totalWeight() + weights.length * SMOOTHING;
    for (int c = 0; c < weights.length; c++) {
      weights[c] = (n[c] + SMOOTHING) / total;
    }
  }

  @Override
  public double boundTerm() {
    double t = 0;
    for (double w : weights) {
      t += SMOOTHING * Math.log(w);
    }
    return t;
  }

  @Override
  public int numFreeParameters() {
    return weights.length - 1;
  }

  @Override
  public Gate copy() {
    SmoothedGate g = new SmoothedGate(weights.length);
    System.arraycopy(weights, 0, g.weights, 0, weights.length);
    return g;
  }

  @Override
  public String typeId() {
    return TYPE_ID;
  }

  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("weights", weights);
  }

  /** Restores the weights: K positive finite values summing to 1. */
  @Override
  public void readParameters(ParameterReader in) {
    double[] w = in.doubles("weights", weights.length);
    double sum = 0;
    for (double v : w) {
      if (!(v > 0 && v <= 1)) {
        throw in.corrupt("a smoothed gate's weight is " + v);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw in.corrupt("a smoothed gate's weights sum to " + sum);
    }
    System.arraycopy(w, 0, weights, 0, weights.length);
  }
}
