package org.mixturelib.hypermodels;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Special;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * Per-object mixing weights: each training object i has its own {@code pi_i ~ Dir(mu)}, with
 * the variational update {@code m_i = mu + r_i} (0.4's HyperModelGateSparsed). The gate keeps
 * each row's previous responsibilities as per-row state and scores {@code E[log pi_ik] =
 * psi(mu_k + r_ik) - psi(Σ mu + Σ_k r_ik)}.
 *
 * <p>New objects have no posterior of their own; they get the population weights, the same
 * formula with {@code r_i} replaced by the mean responsibility of the training objects (0.4
 * could not predict for new objects). The default prior is {@code mu_k = 1/K} for every k,
 * which is 0.4's 0.5 for two experts.
 */
public final class HyperModelGateSparsed implements Gate {
  private static final long serialVersionUID = 1L;

  private final double[] mu;
  private final double[] meanResponsibility;
  private double[][] objectResponsibilities;

  /** K components with the default prior {@code mu_k = 1/K}. */
  public HyperModelGateSparsed(int outputDim) {
    this(defaultPrior(outputDim));
  }

  /** K = mu.length components with the given positive prior. */
  public HyperModelGateSparsed(double[] mu) {
    if (mu == null || mu.length < 1) {
      throw new IllegalArgumentException("output_dim (number of experts) must be >= 1");
    }
    for (double v : mu) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("Dirichlet prior mu must be finite and > 0, got "
            + Arrays.toString(mu));
      }
    }
    this.mu = mu.clone();
    this.meanResponsibility = new double[mu.length];
  }

  private static double[] defaultPrior(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("output_dim (number of experts) must be >= 1, got " + k);
    }
    double[] a = new double[k];
    Arrays.fill(a, 1.0 / k);
    return a;
  }

  @Override
  public int numComponents() {
    return mu.length;
  }

  @Override
  public boolean needsRowState() {
    return true;
  }

  /** Mean responsibility of the training objects (the population posterior's data part). */
  public double[] meanResponsibility() {
    return meanResponsibility.clone();
  }

  /**
   * Restores the mean responsibility of the training objects (e.g. from a saved model): K
   * finite values in [0, 1].
   */
  public void setMeanResponsibility(double[] r) {
    if (r.length != mu.length) {
      throw new IllegalArgumentException("mean responsibility has " + r.length
          + " entries for " + mu.length + " components");
    }
    for (double v : r) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("mean responsibility must lie in [0, 1], got "
            + Arrays.toString(r));
      }
    }
    System.arraycopy(r, 0, meanResponsibility, 0, mu.length);
  }
  /** {@code "sparse"}: the Spark ML gate param's value. */
  @Override
  public String typeId() {
    return "sparse";
  }

  /**
   * Writes the mean responsibility (new objects get the population weights; the per-object
   * posteriors of the training rows are not kept).
   */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("meanResponsibility", meanResponsibility);
  }

  /** Restores the mean responsibility (see {@link #setMeanResponsibility}). */
  @Override
  public void readParameters(ParameterReader in) {
    setMeanResponsibility(in.doubles("meanResponsibility", mu.length));
  }


  /** Writes E[log pi] (or log E[pi] with plugIn) for posterior {@code mu + r} into out. */
  private void score(double[] r, int rOff, double[] out, int outOff, boolean plugIn) {
    int k = mu.length;
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += mu[c] + (r == null ? 0 : r[rOff + c]);
    }
    double psiSum = Special.digamma(sum);
    for (int c = 0; c < k; c++) {
      double a = mu[c] + (r == null ? 0 : r[rOff + c]);
      out[outOff + c] = plugIn ? Math.log(a / sum) : Special.digamma(a) - psiSum;
    }
  }

  @Override
  public void logPi(Block b, double[] rowState, double[] out, boolean plugIn) {
    int k = mu.length;
    for (int i = 0; i < b.n; i++) {
      if (rowState != null) {
        score(rowState, i * k, out, i * k, plugIn);
      } else {
        score(meanResponsibility, 0, out, i * k, plugIn);
      }
    }
  }

  @Override
  public void mStep(GateUpdate update) {
    double[] counts = update.counts();
    double w = update.totalWeight();
    for (int c = 0; c < mu.length; c++) {
      meanResponsibility[c] = w > 0 ? counts[c] / w : 0;
    }
  }

  /** 0: the bound's gate terms are per object ({@link #objectBoundTerm}). */
  @Override
  public double boundTerm() {
    return 0;
  }

  /**
   * {@code -Σ_o w_o KL(Dir(mu + r_o) || Dir(mu))}, r_o the object's previous responsibilities
   * (the mean responsibility before the first pass, as {@link #logPi} scores): with it the
   * recorded bound is the ELBO, which EM's coordinate steps never decrease.
   */
  @Override
  public double objectBoundTerm(double[] objectState, int objects, double[] weights) {
    int k = mu.length;
    double[] a = new double[k];
    double total = 0;
    double shared = Double.NaN;
    for (int o = 0; o < objects; o++) {
      double w = weights == null ? 1 : weights[o];
      if (w == 0) {
        continue;
      }
      if (objectState == null && !Double.isNaN(shared)) {
        total += w * shared;
        continue;
      }
      double[] r = objectState == null ? meanResponsibility : objectState;
      int off = objectState == null ? 0 : o * k;
      for (int c = 0; c < k; c++) {
        a[c] = mu[c] + r[off + c];
      }
      double kl = HyperModelDirichlet.klToPrior(a, mu);
      if (objectState == null) {
        shared = kl;
      }
      total += w * kl;
    }
    return -total;
  }

  @Override
  public int numFreeParameters() {
    return mu.length - 1;
  }

  @Override
  public HyperModelGateSparsed copy() {
    HyperModelGateSparsed c = new HyperModelGateSparsed(mu);
    System.arraycopy(meanResponsibility, 0, c.meanResponsibility, 0, mu.length);
    c.objectResponsibilities = objectResponsibilities == null ? null
        : Arrays.stream(objectResponsibilities).map(double[]::clone).toArray(double[][]::new);
    return c;
  }

  // ---------------------------------------------------------------- 0.4-style API

  /** 0.4's {@code E_step}: keeps each object's posterior {@code mu + Z_i} (Z is N x K). */
  public void eStep(double[][] x, double[][] y, double[][] z) {
    double[] sums = GateSupport.columnSums(z, mu.length);
    objectResponsibilities = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      objectResponsibilities[i] = z[i].clone();
    }
    for (int c = 0; c < mu.length; c++) {
      meanResponsibility[c] = z.length == 0 ? 0 : sums[c] / z.length;
    }
  }

  /**
   * 0.4's {@code LogPiExpectation}: per-object values for the objects of the last
   * {@link #eStep} (when X has as many rows), population values otherwise; before any E-step,
   * the prior's {@code psi(mu_k) - psi(Σ mu)}.
   */
  public double[][] logPiExpectation(double[][] x) {
    return table(x.length, false);
  }

  /** 0.4's {@code PredictPi}: expected weights, per object or population as above. */
  public double[][] predictPi(double[][] x) {
    return table(x.length, true);
  }

  private double[][] table(int n, boolean weights) {
    int k = mu.length;
    boolean own = objectResponsibilities != null && objectResponsibilities.length == n;
    double[][] out = new double[n][k];
    for (int i = 0; i < n; i++) {
      score(own ? objectResponsibilities[i] : objectResponsibilities == null ? null
          : meanResponsibility, 0, out[i], 0, weights);
      if (weights) {
        for (int c = 0; c < k; c++) {
          out[i][c] = Math.exp(out[i][c]);
        }
      }
    }
    return out;
  }
}
