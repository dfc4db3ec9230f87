package org.mixturelib.mixture;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.mixturelib.data.Block;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.LinearExperts;

/**
 * One Bayesian linear regression expert with the 0.4 API (0.4's EachModelLinear):
 * {@code y = Wᵀ x + noise}, prior {@code W ~ N(w_0, A)} or none. The maths is {@link
 * LinearExperts}' (one expert); this class holds the parameters between calls and converts
 * in-memory matrices.
 *
 * <p>{@code OptimizedHyper} names what the M-steps may update: {@code "A"}, {@code "w_0"}
 * (evidence updates of the prior) and {@code "beta"} (the mixture's noise variance).
 */
public final class EachModelLinear extends EachModel {
  private static final long serialVersionUID = 1L;
  private final int inputDim;
  private final int outputDim;
  private final Set<String> optimizedHyper;
  private double[] priorCovariance;
  private boolean diagonalPrior;
  private double[] priorMean;
  private double[] w;
  private double[] b;

  /** An expert without prior, one output (0.4's {@code EachModelLinear(input_dim)}). */
  public EachModelLinear(int inputDim) {
    this(inputDim, 1, null, null, Set.of("A", "w_0", "beta"));
  }

  /**
   * An expert with a diagonal prior covariance and one output (0.4's {@code
   * EachModelLinear(input_dim, A=tensor([..]), w=tensor([..]))}).
   */
  public EachModelLinear(int inputDim, double[] priorVariances, double[] priorMean) {
    this(inputDim, 1, diag(priorVariances, inputDim), priorMean,
        Set.of("A", "w_0", "beta"));
    this.diagonalPrior = true;
  }

  /**
   * The general constructor.
   *
   * @param inputDim number of features D (> 0)
   * @param outputDim number of outputs M (> 0)
   * @param priorCovariance A, column-major D x D, or null for no prior
   * @param priorMean w_0, column-major D x M, or null for no prior (must be set with A)
   * @param optimizedHyper subset of {"A", "w_0", "beta"}
   */
  public EachModelLinear(int inputDim, int outputDim, double[] priorCovariance,
      double[] priorMean, Set<String> optimizedHyper) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("input_dim must be positive, got " + inputDim);
    }
    if (outputDim < 1) {
      throw new IllegalArgumentException("output_dim must be positive, got " + outputDim);
    }
    if ((priorCovariance == null) != (priorMean == null)) {
      throw new IllegalArgumentException("the priors A and w must be set or not together");
    }
    for (String h : optimizedHyper) {
      if (!Set.of("A", "w_0", "beta").contains(h)) {
        throw new IllegalArgumentException("OptimizedHyper may hold 'A', 'w_0' and 'beta',"
            + " got '" + h + "'");
      }
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.optimizedHyper = Set.copyOf(optimizedHyper);
    this.priorCovariance = priorCovariance == null ? null : priorCovariance.clone();
    this.priorMean = priorMean == null ? null : priorMean.clone();
    this.w = new double[inputDim * outputDim];
    pack(List.of(this), 1.0);
  }

  /**
   * An expert whose prior covariance is diagonal and stays diagonal under the evidence updates
   * (0.4's one-dimensional {@code A}), with any number of outputs and any OptimizedHyper.
   *
   * @param priorVariances the diagonal of A (length D), or null for no prior
   * @param priorMean w_0, column-major D x M, or null for no prior (must be set with A)
   * @see #EachModelLinear(int, int, double[], double[], Set)
   */
  public static EachModelLinear withDiagonalPrior(int inputDim, int outputDim,
      double[] priorVariances, double[] priorMean, Set<String> optimizedHyper) {
    EachModelLinear model = new EachModelLinear(inputDim, outputDim,
        diag(priorVariances, inputDim), priorMean, optimizedHyper);
    model.diagonalPrior = priorVariances != null;
    return model;
  }

  private static double[] diag(double[] v, int d) {
    if (v == null) {
      return null;
    }
    if (v.length != d) {
      throw new IllegalArgumentException("A has " + v.length + " entries, expected input_dim = "
          + d);
    }
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      a[i * d + i] = v[i];
    }
    return a;
  }

  /** Number of features. */
  @Override
  public int inputDim() {
    return inputDim;
  }

  /** Number of outputs. */
  @Override
  public int outputDim() {
    return outputDim;
  }

  /** What the M-steps may update. */
  public Set<String> optimizedHyper() {
    return optimizedHyper;
  }

  /** Posterior mean W, D x M. */
  public double[][] W() {
    return toRows(w, inputDim, outputDim);
  }

  /** Posterior covariance B, D x D, or null before the first E-step. */
  public double[][] B() {
    return b == null ? null : toRows(b, inputDim, inputDim);
  }

  /** Prior mean w_0 (D x M) or null. */
  public double[][] w0() {
    return priorMean == null ? null : toRows(priorMean, inputDim, outputDim);
  }

  /** Prior covariance A (D x D) or null. */
  public double[][] A() {
    return priorCovariance == null ? null : toRows(priorCovariance, inputDim, inputDim);
  }

  /** Sets W (D x M). */
  public void setW(double[][] value) {
    w = fromRows(value, inputDim, outputDim, "W");
  }

  private static double[][] toRows(double[] colMajor, int rows, int cols) {
    double[][] out = new double[rows][cols];
    for (int c = 0; c < cols; c++) {
      for (int r = 0; r < rows; r++) {
        out[r][c] = colMajor[c * rows + r];
      }
    }
    return out;
  }

  private static double[] fromRows(double[][] a, int rows, int cols, String what) {
    if (a.length != rows) {
      throw new IllegalArgumentException(what + " has " + a.length + " rows, expected " + rows);
    }
    double[] out = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      if (a[r].length != cols) {
        throw new IllegalArgumentException(what + " row " + r + " has " + a[r].length
            + " columns, expected " + cols);
      }
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = a[r][c];
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- packing

  /**
   * The experts of a mixture as one {@link LinearExperts} (same D and M), with noise variance
   * {@code beta}.
   */
  public static LinearExperts pack(List<EachModelLinear> models, double beta) {
    if (models == null || models.isEmpty()) {
      throw new IllegalArgumentException("ListOfModels must hold at least one local model");
    }
    EachModelLinear first = models.get(0);
    LinearExperts e = new LinearExperts(models.size(), first.inputDim, first.outputDim);
    boolean noise = true;
    boolean means = true;
    boolean covs = true;
    for (int k = 0; k < models.size(); k++) {
      EachModelLinear mk = models.get(k);
      if (mk.inputDim != first.inputDim || mk.outputDim != first.outputDim) {
        throw new IllegalArgumentException("local model " + k + " has input_dim " + mk.inputDim
            + " and output_dim " + mk.outputDim + "; model 0 has " + first.inputDim + " and "
            + first.outputDim);
      }
      if (mk.priorCovariance != null) {
        e.setPrior(k, mk.priorCovariance, mk.diagonalPrior, mk.priorMean);
      }
      if (mk.b != null) {
        e.restorePosterior(k, mk.w, mk.b);
      } else {
        e.setCoefficients(k, mk.w);
      }
      noise &= mk.optimizedHyper.contains("beta");
      means &= mk.optimizedHyper.contains("w_0");
      covs &= mk.optimizedHyper.contains("A");
    }
    e.setNoiseVariance(beta);
    e.setUpdateNoise(noise);
    e.setUpdatePriorMeans(means);
    e.setUpdatePriorCovariances(covs);
    return e;
  }

  /** Copies expert k's fitted parameters back into models.get(k). */
  public static void unpack(LinearExperts e, List<EachModelLinear> models) {
    for (int k = 0; k < models.size(); k++) {
      EachModelLinear mk = models.get(k);
      mk.w = e.coefficients(k);
      mk.b = e.covariance(k);
      if (e.hasPrior(k)) {
        mk.priorMean = e.priorMean(k);
        mk.priorCovariance = e.priorCovariance(k);
      }
    }
  }

  /**
   * This expert as a family of one at noise variance {@code hp["beta"]}, held fixed (0.4's
   * E_step does not change beta; in a list with other local models nothing does).
   */
  @Override
  protected ExpertFamily expert(NamedValues hp) {
    LinearExperts e = pack(List.of(this), hp.has("beta") ? hp.scalar("beta") : 1.0);
    e.setUpdateNoise(false);
    return e;
  }

  /** Takes the coefficients, covariance and prior of the fitted one-expert family. */
  @Override
  protected void adopt(ExpertFamily fitted) {
    unpack((LinearExperts) fitted, List.of(this));
  }

  // ---------------------------------------------------------------- 0.4-style API

  /**
   * 0.4's {@code E_step}: the posterior q(W) = N(m, B) from the objects weighted by Z
   * (N x 1), with noise variance {@code HyperParameters["beta"]}; without a prior, weighted
   * least squares.
   */
  @Override
  public void eStep(double[][] x, double[][] y, double[][] z, NamedValues hp) {
    double beta = hp.scalar("beta");
    LinearExperts e = pack(List.of(this), beta);
    e.setUpdateNoise(false);
    Block blk = block(x, y, column(z));
    e.mStep(statistics(e, blk), new double[] {Arrays.stream(blk.weights).sum()});
    unpack(e, List.of(this));
  }

  /** The block's weighted second moments {@code Σ z [x; y][x; y]ᵀ} for this expert, packed. */
  private double[] statistics(LinearExperts packed, Block blk) {
    int p = inputDim + outputDim;
    double[] stats = new double[p * p];
    packed.addStatistics(blk, blk.weights, stats);
    return stats;
  }

  /**
   * 0.4's {@code M_step}: evidence updates of the prior ({@code w_0 = m}, {@code A = B + (m -
   * w_0)(m - w_0)ᵀ}) for the hyperparameters named in OptimizedHyper.
   */
  @Override
  public void mStep(double[][] x, double[][] y, double[][] z, NamedValues hp) {
    if (priorCovariance == null || b == null) {
      return;
    }
    LinearExperts e = pack(List.of(this), hp.has("beta") ? hp.scalar("beta") : 1.0);
    e.setUpdatePriorMeans(optimizedHyper.contains("w_0"));
    e.setUpdatePriorCovariances(optimizedHyper.contains("A"));
    e.updatePriorMeans();
    e.updatePriorCovariances();
    unpack(e, List.of(this));
  }

  /**
   * 0.4's {@code LogLikeLihoodExpectation}: {@code E_q log N(y_i | Wᵀ x_i, beta)} per object.
   */
  @Override
  public double[] logLikelihoodExpectation(double[][] x, double[][] y, NamedValues hp) {
    LinearExperts e = pack(List.of(this), hp.scalar("beta"));
    Block blk = block(x, y, null);
    double[] out = new double[blk.n];
    e.expectedLogLikelihood(blk, false, out);
    return out;
  }

  /**
   * 0.4's {@code OptimizeHyperParameters} for {@code "beta"}: this expert's additive part of
   * the new noise variance, {@code Σ_i z_i E||y_i - Wᵀ x_i||² / (N M)}; summed over the
   * experts of a mixture (whose Z columns sum to one) it is the mean over all N objects.
   */
  @Override
  public double optimizeHyperParameters(double[][] x, double[][] y, double[][] z,
      NamedValues hp, String parameter) {
    if (!"beta".equals(parameter)) {
      throw new IllegalArgumentException("EachModelLinear optimizes 'beta' only, got '"
          + parameter + "'");
    }
    LinearExperts e = pack(List.of(this), hp.scalar("beta"));
    Block blk = block(x, y, column(z));
    return e.expectedSquaredResidual(0, statistics(e, blk)) / ((double) blk.n * outputDim);
  }
}
