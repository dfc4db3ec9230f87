package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * The K linear regression experts of one mixture, held as one object: expert k predicts
 * {@code y = W_kᵀ x} with Gaussian noise of variance {@code sigma2_k}. The Gaussian {@link
 * ExpertFamily}, with every optional ability but step halving (its M-step is exact): priors,
 * predictive variance, splitting, collinearity checks, a noise floor, a bound on the ratio of
 * the noise variances, per-row scores for standard errors and several outputs.
 *
 * <p>An expert without a prior is a maximum-likelihood point estimate (weighted least squares;
 * its covariance is {@code sigma2 (Σ r x xᵀ)⁻¹}, used for predictive standard deviations; the
 * standard errors of a fit come from the observed information, {@link ExpertScores}). An
 * expert with a prior {@code W ~ N(w0, A)} (each output
 * column independently) has the variational posterior {@code q(W) = N(m, B)} of 0.4's
 * EachModelLinear:
 *
 * <pre>
 *   B = (A⁻¹ + Σ_i r_i x_i x_iᵀ / sigma2)⁻¹,   m = B (A⁻¹ w0 + Σ_i r_i x_i y_iᵀ / sigma2)
 * </pre>
 *
 * <p>and its expected log-likelihood is the log-density at the posterior mean minus {@code M
 * xᵀ B x / (2 sigma2)}. The M-step works from the sufficient statistics {@code S_k = Σ_i w_i
 * r_ik [x_i; y_i][x_i; y_i]ᵀ} only ({@link SecondMoments}, built by {@link #addStatistics}).
 * The noise update is the responsibility-weighted mean expected squared residual, over all
 * objects for the shared variance (0.4's beta; {@link NoiseModel}), per expert otherwise.
 *
 * <p>Arrays are column-major. Means are one {@code D x (K M)} array, expert k's output j in
 * column {@code k M + j}.
 */
public final class LinearExperts
    implements BayesianExperts, SplittableExperts, PredictiveVariance, ColumnDependence,
        NoiseFloor, FactoredScores, NoiseRatio, VectorExperts, SharedCoefficientExperts, Resumable,
        NoiseSharing, DescribedExperts {
  private static final long serialVersionUID = 1L;
  /** Experts without a prior whose share of the total weight is at most this are not updated. */
  private static final double EMPTY = 1e-10;
  /** A noise variance below this fraction of the labels' mean square is reported. */
  private static final double NEAR_EXACT = 1e-10;
  /** The type id of Gaussian linear experts in saved models. */
  public static final String TYPE_ID = "gaussian";

  private final int k;
  private final int d;
  private final int m;
  private final double[] means;
  private final double[][] covariances;
  private final double[][] covarianceFactors;
  private final double[][] priorPrecisions;
  private final double[][] priorMeans;
  private final boolean[] diagonalPriors;
  private final double[] noiseVariances;
  private NoiseModel noiseModel = NoiseModel.SHARED;
  private boolean updateNoise = true;
  private boolean updatePriorMeans;
  private boolean updatePriorCovariances;
  private double varianceFloor;
  private double maxVarianceRatio = Double.POSITIVE_INFINITY;
  /** Which coefficients the experts share, or null: each expert its own. */
  private CoefficientStructure structure;
  private transient Notes notes;

  /**
   * K experts without priors, coefficients zero, noise variance one.
   *
   * @param k number of experts
   * @param d number of features
   * @param m number of outputs
   */
  public LinearExperts(int k, int d, int m) {
    if (k < 1) {
      throw new IllegalArgumentException("k (number of experts) must be >= 1, got " + k);
    }
    if (d < 1 || m < 1) {
      throw new IllegalArgumentException("experts need at least one feature and one output, got"
          + " d=" + d + ", m=" + m);
    }
    this.k = k;
    this.d = d;
    this.m = m;
    this.means = new double[d * k * m];
    this.covariances = new double[k][];
    this.covarianceFactors = new double[k][];
    this.priorPrecisions = new double[k][];
    this.priorMeans = new double[k][];
    this.diagonalPriors = new boolean[k];
    this.noiseVariances = new double[k];
    Arrays.fill(noiseVariances, 1.0);
  }

  /** A deep copy. */
  @Override
  public LinearExperts copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  /**
   * A copy holding only the given experts, in the given order (to drop a degenerate
   * component).
   *
   * @param keep indices of the experts to keep (at least one, each once)
   */
  @Override
  public LinearExperts restrictTo(int[] keep) {
    if (keep.length < 1) {
      throw new IllegalArgumentException("restrictTo needs at least one expert to keep");
    }
    LinearExperts c = new LinearExperts(keep.length, d, m);
    for (int i = 0; i < keep.length; i++) {
      int e = keep[i];
      checkIndex(e);
      System.arraycopy(means, e * m * d, c.means, i * m * d, m * d);
      c.covariances[i] = clone(covariances[e]);
      c.covarianceFactors[i] = clone(covarianceFactors[e]);
      c.priorPrecisions[i] = clone(priorPrecisions[e]);
      c.priorMeans[i] = clone(priorMeans[e]);
      c.diagonalPriors[i] = diagonalPriors[e];
      c.noiseVariances[i] = noiseVariances[e];
    }
    c.noiseModel = noiseModel;
    c.updateNoise = updateNoise;
    c.updatePriorMeans = updatePriorMeans;
    c.updatePriorCovariances = updatePriorCovariances;
    c.varianceFloor = varianceFloor;
    c.maxVarianceRatio = maxVarianceRatio;
    c.structure = structure == null ? null : structure.restrictTo(keep);
    return c;
  }

  private static double[] clone(double[] a) {
    return a == null ? null : a.clone();
  }

  // ---------------------------------------------------------------- configuration

  /**
   * Sets expert e's prior {@code W_e ~ N(w0, A)}.
   *
   * @param e expert index
   * @param covariance A, column-major D x D (symmetric positive definite)
   * @param diagonal whether A is diagonal (the evidence update then keeps it diagonal)
   * @param mean w0, column-major D x M
   */
  public void setPrior(int e, double[] covariance, boolean diagonal, double[] mean) {
    checkIndex(e);
    if (covariance.length != d * d) {
      throw new IllegalArgumentException("prior covariance A of expert " + e + " has "
          + covariance.length + " entries, expected " + d + " x " + d);
    }
    if (mean.length != d * m) {
      throw new IllegalArgumentException("prior mean w_0 of expert " + e + " has " + mean.length
          + " entries, expected " + d + " x " + m);
    }
    if (structure != null) {
      throw new IllegalArgumentException("a prior (priorCovariance) cannot be combined with"
          + " shared or nested coefficients (fixedFeatures, nestedFeatures)");
    }
    Cholesky chol;
    try {
      chol = Cholesky.factor(covariance, d, "prior covariance A of expert " + e);
    } catch (ArithmeticException ex) {
      throw new IllegalArgumentException(ex.getMessage(), ex);
    }
    if (chol.jitter() > 0) {
      throw new IllegalArgumentException("prior covariance A of expert " + e + " must be"
          + " symmetric positive definite; it is singular or indefinite");
    }
    priorPrecisions[e] = chol.inverse();
    priorMeans[e] = mean.clone();
    diagonalPriors[e] = diagonal;
  }

  /**
   * Restores expert e's prior from its precision {@code A⁻¹} as stored (e.g. by a saved model,
   * after evidence updates), without the inversion that {@link #setPrior} does.
   *
   * @param precision A⁻¹, column-major D x D
   * @param diagonal whether A is diagonal
   * @param mean w0, column-major D x M
   */
  public void restorePrior(int e, double[] precision, boolean diagonal, double[] mean) {
    checkIndex(e);
    if (precision.length != d * d || mean.length != d * m) {
      throw new IllegalArgumentException("prior of expert " + e + " has " + precision.length
          + " precision and " + mean.length + " mean entries, expected " + d * d + " and "
          + d * m);
    }
    priorPrecisions[e] = precision.clone();
    priorMeans[e] = mean.clone();
    diagonalPriors[e] = diagonal;
  }

  /** Removes expert e's prior (it becomes a maximum-likelihood point estimate). */
  public void clearPrior(int e) {
    checkIndex(e);
    priorPrecisions[e] = null;
    priorMeans[e] = null;
  }

  /**
   * Shares coefficients between the experts (flexmix's {@code FLXMRglmfix(fixed, nested)}):
   * the M-step then maximises over the coefficients the structure leaves free. One noise
   * variance for all experts ({@code varFix}) is {@link NoiseModel#SHARED}.
   *
   * @param s the structure of these K experts over these D features, or null (each its own)
   * @throws IllegalArgumentException when its sizes differ or an expert has a prior
   */
  @Override
  public void setCoefficientStructure(CoefficientStructure s) {
    if (s != null && (s.numExperts() != k || s.numFeatures() != d)) {
      throw new IllegalArgumentException("the coefficient structure is for " + s.numExperts()
          + " experts and " + s.numFeatures() + " features; these are " + k + " and " + d);
    }
    if (s != null && anyPrior()) {
      throw new IllegalArgumentException("shared or nested coefficients (fixedFeatures,"
          + " nestedFeatures) cannot be combined with a prior (priorCovariance)");
    }
    structure = s;
  }

  @Override
  public CoefficientStructure coefficientStructure() {
    return structure;
  }

  /** Sets expert e's coefficients (column-major D x M) and clears its covariance. */
  @Override
  public void setCoefficients(int e, double[] w) {
    checkIndex(e);
    if (w.length != d * m) {
      throw new IllegalArgumentException("coefficients of expert " + e + " have " + w.length
          + " entries, expected " + d + " x " + m);
    }
    System.arraycopy(w, 0, means, e * m * d, d * m);
    covariances[e] = null;
    covarianceFactors[e] = null;
  }

  /** Sets every expert's noise variance. */
  public void setNoiseVariance(double variance) {
    requirePositive(variance, "beta (noise variance)");
    Arrays.fill(noiseVariances, variance);
  }

  /** Sets expert e's noise variance. */
  @Override
  public void setNoiseVariance(int e, double variance) {
    checkIndex(e);
    requirePositive(variance, "noise variance of expert " + e);
    noiseVariances[e] = variance;
  }

  /** Chooses a shared or per-expert noise variance. */
  public void setNoiseModel(NoiseModel model) {
    this.noiseModel = model;
  }

  /** Whether the M-step updates the noise variance (0.4's 'beta' in OptimizedHyper). */
  public void setUpdateNoise(boolean update) {
    this.updateNoise = update;
  }

  /** Whether the M-step updates the prior means w0 (0.4's 'w_0'). */
  public void setUpdatePriorMeans(boolean update) {
    this.updatePriorMeans = update;
  }

  /** Whether the M-step updates the prior covariances A (0.4's 'A'). */
  public void setUpdatePriorCovariances(boolean update) {
    this.updatePriorCovariances = update;
  }

  /** The lower bound on every noise variance set by {@link #setVarianceFloor}. */
  @Override
  public double varianceFloor() {
    return varianceFloor;
  }

  /** Lower bound on every noise variance (0 for none beyond a tiny relative floor). */
  @Override
  public void setVarianceFloor(double floor) {
    if (!(floor >= 0) || Double.isInfinite(floor)) {
      throw new IllegalArgumentException("varianceFloor must be a finite value >= 0, got "
          + floor);
    }
    this.varianceFloor = floor;
  }

  /**
   * The largest allowed ratio of two experts' noise variances set by {@link
   * #setMaxVarianceRatio}; infinite (none) unless set.
   */
  @Override
  public double maxVarianceRatio() {
    return maxVarianceRatio;
  }

  /**
   * Largest allowed ratio of two experts' noise variances under {@link
   * NoiseModel#PER_COMPONENT} (at least 1; infinite for none): the M-step maximises the
   * likelihood under that constraint ({@link VarianceRatio}).
   */
  @Override
  public void setMaxVarianceRatio(double ratio) {
    if (!(ratio >= 1)) {
      throw new IllegalArgumentException("maxVarianceRatio must be >= 1 (or Infinity for none),"
          + " got " + ratio);
    }
    this.maxVarianceRatio = ratio;
  }

  private void checkIndex(int e) {
    if (e < 0 || e >= k) {
      throw new IllegalArgumentException("expert index " + e + " is outside [0, " + k + ")");
    }
  }

  private static void requirePositive(double v, String what) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be a finite value > 0, got " + v);
    }
  }

  // ---------------------------------------------------------------- accessors

  /** Number of experts. */
  @Override
  public int numExperts() {
    return k;
  }

  /** Number of features. */
  @Override
  public int numFeatures() {
    return d;
  }

  /** Number of outputs. */
  @Override
  public int numOutputs() {
    return m;
  }

  /** Expert e's coefficients, column-major D x M (a copy). */
  @Override
  public double[] coefficients(int e) {
    checkIndex(e);
    return Arrays.copyOfRange(means, e * m * d, (e + 1) * m * d);
  }

  /** Expert e's posterior (or sampling) covariance, column-major D x D, or null before a fit. */
  @Override
  public double[] covariance(int e) {
    checkIndex(e);
    return clone(covariances[e]);
  }

  /** Expert e's prior mean w0 (column-major D x M), or null without a prior. */
  @Override
  public double[] priorMean(int e) {
    checkIndex(e);
    return clone(priorMeans[e]);
  }

  /** Expert e's prior precision A⁻¹ (column-major D x D), or null without a prior. */
  @Override
  public double[] priorPrecision(int e) {
    checkIndex(e);
    return clone(priorPrecisions[e]);
  }

  /** Expert e's prior covariance A (column-major D x D), or null without a prior. */
  public double[] priorCovariance(int e) {
    checkIndex(e);
    return priorPrecisions[e] == null ? null
        : Cholesky.factor(priorPrecisions[e], d, "prior precision of expert " + e).inverse();
  }

  private boolean anyPrior() {
    for (double[] a : priorPrecisions) {
      if (a != null) {
        return true;
      }
    }
    return false;
  }

  /** Whether expert e has a prior (and so a variational posterior). */
  @Override
  public boolean hasPrior(int e) {
    return priorPrecisions[e] != null;
  }

  /** Whether expert e's prior covariance is diagonal. */
  public boolean diagonalPrior(int e) {
    return diagonalPriors[e];
  }

  /** Noise variances, one per expert (all equal with the shared model). */
  public double[] noiseVariances() {
    return noiseVariances.clone();
  }

  /** The noise model. */
  public NoiseModel noiseModel() {
    return noiseModel;
  }

  /** The identity: expert k predicts {@code W_kᵀ x}. */
  @Override
  public Link link() {
    return StandardLink.IDENTITY;
  }

  /** The noise variances (a Gaussian expert's dispersion), one per expert. */
  @Override
  public double[] dispersions() {
    return noiseVariances();
  }

  @Override
  public boolean perExpertNoise() {
    return noiseModel == NoiseModel.PER_COMPONENT;
  }

  /** Number of free parameters: coefficients (shared ones once) and noise variances. */
  @Override
  public int numFreeParameters() {
    return (structure == null ? k * d : structure.size()) * m
        + (noiseModel == NoiseModel.SHARED ? 1 : k);
  }

  /** Whether every parameter is finite. */
  @Override
  public boolean isFinite() {
    for (double v : means) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    for (double v : noiseVariances) {
      if (!Double.isFinite(v) || v <= 0) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- scores (standard errors)

  /**
   * Coefficients of every expert, then one noise variance per expert or one shared; with a
   * {@link CoefficientStructure}, its free coefficients and structural-zero position first
   * ({@link CoefficientStructure#scorePositions}), then the variances.
   */
  @Override
  public int numScoreParameters() {
    return structure == null ? numFreeParameters()
        : structure.scorePositions(m) + (noiseModel == NoiseModel.SHARED ? 1 : k);
  }

  /** The D M coefficients and the noise variance. */
  @Override
  public int expertParameters() {
    return d * m + 1;
  }

  /**
   * Expert e's coefficients at {@code e (D M + 1)} with per-expert variances (its variance
   * after them), at {@code e D M} with the shared variance (which is last, at {@code K D M}).
   */
  @Override
  public int parameterIndex(int e, int j) {
    checkIndex(e);
    boolean shared = noiseModel == NoiseModel.SHARED;
    if (structure != null) {
      return j < d * m ? structure.scorePosition(e, j % d, j / d, m)
          : structure.scorePositions(m) + (shared ? 0 : e);
    }
    if (j == d * m) {
      return shared ? k * d * m : e * (d * m + 1) + j;
    }
    return e * (shared ? d * m : d * m + 1) + j;
  }

  @Override
  public double parameterValue(int p) {
    if (structure != null && p < structure.scorePositions(m)) {
      return structure.scoreValue(p, m, means);
    }
    int[] ej = scoreParameter(p);
    return ej[1] == d * m ? noiseVariances[ej[0]] : means[ej[0] * d * m + ej[1]];
  }

  @Override
  public String parameterName(int p) {
    if (structure != null && p < structure.scorePositions(m)) {
      return structure.scoreName(p, m);
    }
    int[] ej = scoreParameter(p);
    if (ej[1] < d * m) {
      return "coefficient " + ej[1] + " of expert " + (ej[0] + 1);
    }
    return noiseModel == NoiseModel.SHARED ? "noise variance"
        : "noise variance of expert " + (ej[0] + 1);
  }

  /** A noise variance held at the variance floor. */
  @Override
  public boolean atBound(int p) {
    if (structure != null && p < structure.scorePositions(m)) {
      return false;
    }
    int[] ej = scoreParameter(p);
    return ej[1] == d * m && varianceFloor > 0
        && noiseVariances[ej[0]] <= varianceFloor * (1 + 1e-9);
  }

  /** The structural zeros' position (experts outside a nested group). */
  @Override
  public boolean heldAtZero(int p) {
    return structure != null && p < structure.scorePositions(m)
        && structure.isZeroPosition(p, m);
  }

  /** Expert and local index {@code {e, j}} of the family's parameter p. */
  private int[] scoreParameter(int p) {
    if (p < 0 || p >= numScoreParameters()) {
      throw new IllegalArgumentException("parameter " + p + " is outside [0, "
          + numScoreParameters() + ")");
    }
    if (structure != null) { // a noise variance, after the coefficients' positions
      int v = p - structure.scorePositions(m);
      return new int[] {noiseModel == NoiseModel.SHARED ? 0 : v, d * m};
    }
    int per = noiseModel == NoiseModel.SHARED ? d * m : d * m + 1;
    return p == k * d * m && noiseModel == NoiseModel.SHARED ? new int[] {0, d * m}
        : new int[] {p / per, p % per};
  }

  /**
   * Whether no expert has a prior and the noise variance is estimated (a variance held fixed
   * is not a maximum-likelihood estimate, and the others' errors would be conditional on it).
   */
  @Override
  public boolean maximumLikelihood() {
    return !anyPrior() && updateNoise;
  }


  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    checkIndex(e);
    double[] pred = new double[b.n * m];
    Blas.get().dgemm("N", "N", b.n, m, d, 1.0, b.xy, 0, b.n, means, e * m * d, d, 0.0, pred,
        0, b.n);
    GaussianScores.rowDerivatives(b, pred, noiseVariances[e], score, curvature);
  }

  /** With one output. */
  @Override
  public boolean scoresFactor() {
    return m == 1;
  }

  /**
   * {@link GaussianScores}' derivatives as factors: with the residual {@code e = y - wᵀ x},
   * {@code a = e / sigma2}, {@code c = 1 / sigma2}, the variance's score {@code e² / (2
   * sigma2²) - 1 / (2 sigma2)}, its cross factor {@code e / sigma2²} and its curvature {@code e²
   * / sigma2³ - 1 / (2 sigma2²)}.
   */
  @Override
  public void rowFactors(Block b, int e, double[] factors) {
    checkIndex(e);
    if (m != 1) {
      throw new IllegalStateException("row factors need one output; these experts have " + m);
    }
    int n = b.n;
    double inv = 1 / noiseVariances[e];
    double inv2 = inv * inv;
    LinearPredictors.computeOne(b, means, e * d, d, factors);
    double[] xy = b.xy;
    for (int i = 0; i < n; i++) {
      double res = xy[d * n + i] - factors[i];
      double sq = res * res;
      factors[i] = res * inv;
      factors[n + i] = inv;
      factors[2 * n + i] = 0.5 * sq * inv2 - 0.5 * inv;
      factors[3 * n + i] = res * inv2;
      factors[4 * n + i] = sq * inv2 * inv - 0.5 * inv2;
    }
  }

  // ---------------------------------------------------------------- per-block maths

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public SecondMoments newStatistics() {
    return new SecondMoments(k, d + m);
  }

  /**
   * The E-step's per-block work: {@link #addExpectedLogLikelihood} and {@link #addStatistics}
   * with working arrays that grow to the largest block seen.
   */
  private static final class Kernel implements ExpertKernel {
    private final LinearExperts experts;
    private double[] quad = new double[0];
    private final PassLoops loops = PassLoops.create();

    Kernel(LinearExperts experts) {
      this.experts = experts;
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      if (!plugIn && experts.anyPrior() && quad.length < b.n * experts.d) {
        quad = new double[b.n * experts.d];
      }
      experts.addExpectedLogLikelihood(b, plugIn, loops, quad, out);
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      loops.addMoments(b.xy, b.n, experts.d + experts.m, rw, experts.k,
          ((SecondMoments) stats).moments());
    }
  }

  @Override
  public void predictiveVariance(Block b, double[] out) {
    int n = b.n;
    for (int e = 0; e < k; e++) {
      double[] cov = covariances[e];
      double noise = noiseVariances[e];
      for (int i = 0; i < n; i++) {
        double quad = 0;
        if (cov != null) {
          for (int c = 0; c < d; c++) {
            double xc = b.xy[c * n + i];
            double t = 0;
            for (int r = 0; r < d; r++) {
              t += cov[c * d + r] * b.xy[r * n + i];
            }
            quad += xc * t;
          }
        }
        out[e * n + i] = noise + quad;
      }
    }
  }

  @Override
  public double[] pooledSecondMoment(ExpertStatistics stats) {
    double[] moments = ((SecondMoments) stats).moments();
    int p = d + m;
    double[] sxx = new double[d * d];
    for (int c = 0; c < k; c++) {
      for (int col = 0; col < d; col++) {
        for (int row = 0; row <= col; row++) {
          double v = moments[c * p * p + col * p + row];
          sxx[col * d + row] += v;
          if (row != col) {
            sxx[row * d + col] += v;
          }
        }
      }
    }
    return sxx;
  }

  /**
   * Every expert's prediction for the block's rows: column-major {@code n x (K M)}.
   *
   * @param out output array of length at least n K M
   */
  @Override
  public void predict(Block b, double[] out) {
    Blas.get().dgemm("N", "N", b.n, k * m, d, 1.0, b.xy, b.n, means, d, 0.0, out, b.n);
  }

  /**
   * Expected log-likelihood {@code E_q log N(y_i | W_kᵀ x_i, sigma2_k I)} of every row under
   * every expert, row-major {@code n x K}. With {@code plugIn}, or for experts without a prior,
   * the posterior mean is plugged in (no {@code M xᵀ B x} term).
   *
   * @param out output of length n K
   */
  public void expectedLogLikelihood(Block b, boolean plugIn, double[] out) {
    Arrays.fill(out, 0, b.n * k, 0.0);
    new Kernel(this).addLogLikelihood(b, plugIn, out);
  }

  /**
   * Adds the expected log-likelihood of {@link #expectedLogLikelihood} into {@code out}
   * (row-major {@code n x K}), so that the E-step can write the gate's log weights first and
   * get the unnormalised log responsibilities in one array: the log-densities at the posterior
   * means ({@link PassLoops#addLogDensities}), then for experts with a prior, unless {@code plugIn},
   * {@code -M xᵀ B x / (2 sigma2)} through one {@code dgemm} with B's Cholesky factor.
   *
   * @param quad scratch of length n D (used only for experts with a prior)
   */
  private void addExpectedLogLikelihood(Block b, boolean plugIn, PassLoops loops, double[] quad,
      double[] out) {
    int n = b.n;
    double[] xy = b.xy;
    loops.addLogDensities(xy, n, d, m, means, noiseVariances, k, out);
    for (int e = 0; e < k; e++) {
      double[] factor = covarianceFactors[e];
      if (!plugIn && priorPrecisions[e] != null && factor != null) {
        Blas.get().dgemm("N", "N", n, d, d, 1.0, xy, n, factor, d, 0.0, quad, n);
        double scale = 0.5 * m / noiseVariances[e];
        for (int i = 0; i < n; i++) {
          double q = 0;
          for (int j = 0; j < d; j++) {
            double t = quad[j * n + i];
            q += t * t;
          }
          out[i * k + e] -= scale * q;
        }
      }
    }
  }

  /**
   * Adds {@code Σ_i rw_ik [x_i; y_i][x_i; y_i]ᵀ} (upper triangle, column-major) into
   * {@code stats[k (D+M)² ...]}.
   *
   * <p>This is the pass's hot loop ({@code K (D+M)(D+M+1)/2} multiply-adds per row): {@link
   * PassLoops#addMoments} forms each product {@code z_a z_c} once for several experts, with the
   * Vector API when present and otherwise over strips of rows in loops that the JIT turns into
   * vector instructions; no row is scaled or square-rooted (docs/performance.md). The E-step's
   * kernel keeps its working arrays from block to block; this method makes new ones.
   *
   * @param rw column-major n x K weights (case weight times responsibility), expert k's at
   *     {@code k n}
   */
  public void addStatistics(Block b, double[] rw, double[] stats) {
    PassLoops.create().addMoments(b.xy, b.n, d + m, rw, k, stats);
  }

  // ---------------------------------------------------------------- parameter vector

  /**
   * The coefficients (as {@link #coefficients}, expert after expert) and the logs of the noise
   * variances (one when shared, K otherwise); null when an expert has a prior.
   */
  @Override
  public double[] parameterVector() {
    if (anyPrior()) {
      return null;
    }
    int variances = noiseModel == NoiseModel.SHARED ? 1 : k;
    double[] v = Arrays.copyOf(means, means.length + variances);
    for (int e = 0; e < variances; e++) {
      v[means.length + e] = Math.log(noiseVariances[e]);
    }
    return v;
  }

  /**
   * Sets the coefficients and noise variances from {@link #parameterVector()}'s layout; the
   * variances are projected onto the floor and {@link #maxVarianceRatio()} as the M-step
   * constrains them ({@code VarianceRatio.constrain}, every expert weighted alike). The
   * sampling covariances keep their values until the next M-step.
   */
  @Override
  public void setParameterVector(double[] v) {
    int variances = noiseModel == NoiseModel.SHARED ? 1 : k;
    if (v.length != means.length + variances) {
      throw new IllegalArgumentException("parameter vector of " + v.length + " entries, expected "
          + (means.length + variances));
    }
    System.arraycopy(v, 0, means, 0, means.length);
    double[] raw = new double[variances];
    for (int e = 0; e < variances; e++) {
      raw[e] = Math.exp(v[means.length + e]);
    }
    double[] alike = new double[variances];
    Arrays.fill(alike, 1.0);
    double[] s = VarianceRatio.constrain(raw, alike, maxVarianceRatio,
        Math.max(varianceFloor, Double.MIN_NORMAL));
    if (variances == 1) {
      Arrays.fill(noiseVariances, s[0]);
    } else {
      System.arraycopy(s, 0, noiseVariances, 0, k);
    }
  }

  // ---------------------------------------------------------------- M-step

  /** {@link #mStep(double[], double[])} from this family's {@link SecondMoments}. */
  @Override
  public void mStep(ExpertStatistics stats, double[] weights) {
    mStep(((SecondMoments) stats).moments(), weights);
  }

  /**
   * Updates every expert from its statistics: the posterior (or weighted least squares), then
   * the noise variance when enabled.
   *
   * @param stats K blocks of (D+M)² (upper triangle filled), as built by {@link #addStatistics}
   * @param sums per-expert total responsibility weight
   */
  public void mStep(double[] stats, double[] sums) {
    int p = d + m;
    int stride = p * p;
    double[] residual = new double[k];
    double secondMoment = 0;
    double total = 0;
    for (int e = 0; e < k; e++) {
      total += sums[e];
    }
    if (structure != null) {
      solveTied(stats, sums, total);
    }
    for (int e = 0; e < k; e++) {
      double[] s = symmetric(stats, e * stride, p);
      if (priorPrecisions[e] == null && !(sums[e] > EMPTY * total)) {
        note("expert " + (e + 1) + " has no responsibility left (an empty component); it keeps its"
            + " coefficients");
      } else if (structure == null) {
        solvePosterior(e, s);
      }
      residual[e] = residual(e, s);
      for (int j = 0; j < m; j++) {
        secondMoment += s[(d + j) * p + d + j];
      }
    }
    if (!updateNoise) {
      return;
    }
    double meanSquare = secondMoment / Math.max(total * m, 1e-300);
    double floor = Math.max(Math.max(varianceFloor, 1e-12 * meanSquare), Double.MIN_NORMAL);
    if (noiseModel == NoiseModel.SHARED) {
      double sum = 0;
      for (double r : residual) {
        sum += r;
      }
      Arrays.fill(noiseVariances, floored(sum / (m * total), floor, meanSquare,
          "the noise variance"));
    } else {
      double[] ml = new double[k];
      double[] floored = new double[k];
      for (int e = 0; e < k; e++) {
        ml[e] = sums[e] > 0 ? residual[e] / (m * sums[e]) : noiseVariances[e];
        floored[e] = sums[e] > 0
            ? floored(ml[e], floor, meanSquare, "the noise variance of expert " + (e + 1))
            : ml[e];
      }
      double[] kept = VarianceRatio.constrain(ml, sums, maxVarianceRatio, floor);
      if (!Arrays.equals(kept, floored)) {
        note("the noise variances were kept within a ratio of " + maxVarianceRatio
            + " of each other (maxVarianceRatio; a component had shrunk onto rows that a line"
            + " fits almost exactly)");
      }
      System.arraycopy(kept, 0, noiseVariances, 0, k);
    }
  }

  /**
   * The variance, at least {@code floor}; noted when it is below {@link #NEAR_EXACT} of the
   * labels' mean square {@code meanSquare} or at the floor.
   */
  private double floored(double variance, double floor, double meanSquare, String what) {
    if (variance < NEAR_EXACT * meanSquare || !(variance > floor)) {
      note(what + " fell below " + NEAR_EXACT + " of the labels' mean square: the labels are"
          + " fitted (almost) exactly (all labels equal, or no more rows than features in a"
          + " component); it is kept at least " + floor);
    }
    return Math.max(variance, floor);
  }

  /**
   * The columns of [X Y] that are linear combinations of the columns before them (to within
   * {@link Cholesky#MIN_PIVOT} of their variance) in the data behind {@code statistics}: the
   * experts' weighted Gram matrices summed, which is {@code Σ_i w_i [x_i; y_i][x_i; y_i]ᵀ} over
   * all rows since each row's responsibilities sum to one.
   * Indices below D are features (constant, duplicated or dependent columns); D + j is output
   * j, an exact linear function of the features (all labels equal with an intercept column,
   * for instance).
   */
  @Override
  public int[] dependentColumns(ExpertStatistics statistics) {
    double[] stats = ((SecondMoments) statistics).moments();
    int p = d + m;
    double[] gram = new double[p * p];
    for (int e = 0; e < k; e++) {
      for (int c = 0; c < p; c++) {
        for (int r = 0; r <= c; r++) {
          gram[r * p + c] += stats[e * p * p + c * p + r];
        }
      }
    }
    return Cholesky.dependentColumns(gram, p);
  }

  /**
   * Numerical conditions met since the last call (collinear features, an empty component, a
   * noise variance at its floor), each a message for the user, and forgets them. The engine
   * logs each once per fit.
   */
  @Override
  public List<String> takeNotes() {
    return notes == null ? List.of() : notes.take();
  }

  private void note(String message) {
    if (notes == null) {
      notes = new Notes();
    }
    notes.add(message);
  }

  /**
   * The Cholesky factor of a D x D matrix of this model; a ridge added to it is noted, naming
   * the matrix and the usual causes.
   */
  private Cholesky factor(double[] a, String what) {
    Cholesky c = Cholesky.factor(a, d, what);
    if (c.jitter() > 0) {
      note(what + " is singular or nearly so (constant, duplicated or linearly dependent"
          + " feature columns, or fewer rows than features); a ridge proportional to its"
          + " diagonal was added");
    }
    return c;
  }

  private static double[] symmetric(double[] upper, int offset, int p) {
    double[] s = Arrays.copyOfRange(upper, offset, offset + p * p);
    for (int c = 0; c < p; c++) {
      for (int r = c + 1; r < p; r++) {
        s[c * p + r] = s[r * p + c];
      }
    }
    return s;
  }

  /**
   * Sets expert e's posterior mean (column-major D x M) and covariance (column-major D x D)
   * as given, e.g. when restoring a saved or step-by-step model.
   */
  public void restorePosterior(int e, double[] mean, double[] covariance) {
    setCoefficients(e, mean);
    if (covariance.length != d * d) {
      throw new IllegalArgumentException("covariance of expert " + e + " has "
          + covariance.length + " entries, expected " + d + " x " + d);
    }
    covariances[e] = covariance.clone();
    covarianceFactors[e] = priorPrecisions[e] == null ? null
        : Cholesky.factor(covariance, d, "posterior covariance of expert " + e).lower();
  }

  /** {@value #TYPE_ID}: the Spark ML family of these experts. */
  @Override
  public String typeId() {
    return TYPE_ID;
  }

  /**
   * Writes the noise variances and, per expert, its coefficients, posterior covariance (when
   * it has one) and prior (when it has one).
   */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("noiseVariances", noiseVariances);
    CoefficientStructure.write(out, structure);
    for (int e = 0; e < k; e++) {
      ParameterWriter one = out.item("experts");
      one.doubles("coefficients", coefficients(e));
      if (covariances[e] != null) {
        one.doubles("covariance", covariances[e]);
      }
      if (hasPrior(e)) {
        one.doubles("priorPrecision", priorPrecisions[e]);
        one.doubles("priorMean", priorMeans[e]);
        one.flag("diagonalPrior", diagonalPriors[e]);
      }
    }
  }

  /**
   * Restores what {@link #writeParameters} wrote; an expert has a prior in the file exactly
   * when it has one here (the params' priorCovariance).
   */
  @Override
  public void readParameters(ParameterReader in) {
    double[] noise = in.doubles("noiseVariances", k);
    CoefficientStructure.checkSaved(in, structure);
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      ParameterReader one = experts.get(e);
      if (one.has("priorPrecision") != hasPrior(e)) {
        throw in.corrupt("expert " + e + (hasPrior(e) ? " lacks" : " has")
            + " a prior, but the params (priorCovariance) say otherwise");
      }
      if (hasPrior(e)) {
        restorePrior(e, one.doubles("priorPrecision", d * d), one.flag("diagonalPrior"),
            one.doubles("priorMean", d * m));
      }
      double[] coef = one.doubles("coefficients", d * m);
      if (one.has("covariance")) {
        restorePosterior(e, coef, one.doubles("covariance", d * d));
      } else {
        setCoefficients(e, coef);
      }
      setNoiseVariance(e, noise[e]);
    }
  }

  /**
   * Writes the settings the fit sets on these experts besides the params' (the noise floor and
   * the largest variance ratio taken from the data) and the update flags.
   */
  @Override
  public void writeProgress(ParameterWriter out) {
    out.text("noiseModel", noiseModel.name());
    out.flag("updateNoise", updateNoise);
    out.flag("updatePriorMeans", updatePriorMeans);
    out.flag("updatePriorCovariances", updatePriorCovariances);
    out.doubles("varianceFloor", new double[] {varianceFloor});
    out.doubles("maxVarianceRatio", new double[] {maxVarianceRatio});
  }

  /** Restores what {@link #writeProgress} wrote, refusing an unknown noise model or bound. */
  @Override
  public void readProgress(ParameterReader in) {
    String model = in.text("noiseModel");
    try {
      noiseModel = NoiseModel.valueOf(model);
    } catch (IllegalArgumentException e) {
      throw in.corrupt("'noiseModel' is '" + model + "', not a noise model");
    }
    updateNoise = in.flag("updateNoise");
    updatePriorMeans = in.flag("updatePriorMeans");
    updatePriorCovariances = in.flag("updatePriorCovariances");
    try {
      setVarianceFloor(in.doubles("varianceFloor", 1)[0]);
      setMaxVarianceRatio(in.doubles("maxVarianceRatio", 1)[0]);
    } catch (IllegalArgumentException e) {
      throw in.corrupt(e.getMessage());
    }
  }

  /**
   * {@code Σ_i r_i E||y_i - W_eᵀ x_i||²} from one expert's statistics block (upper triangle,
   * as built by {@link #addStatistics}).
   */
  public double expectedSquaredResidual(int e, double[] upperStats) {
    checkIndex(e);
    return residual(e, symmetric(upperStats, 0, d + m));
  }

  /**
   * Posterior of expert e from its full symmetric statistics s ((D+M) x (D+M)), solved in the
   * form {@code (Sxx + sigma2 A⁻¹) m = Sxy + sigma2 A⁻¹ w0}, {@code B = sigma2 (Sxx + sigma2
   * A⁻¹)⁻¹} (the posterior precision times sigma2), which stays finite when the noise variance
   * is at its floor and does not depend on it without a prior.
   */
  private void solvePosterior(int e, double[] s) {
    int p = d + m;
    double var = noiseVariances[e];
    double[] system = new double[d * d];
    double[] rhs = new double[d * m];
    for (int c = 0; c < d; c++) {
      System.arraycopy(s, c * p, system, c * d, d);
    }
    for (int j = 0; j < m; j++) {
      System.arraycopy(s, (d + j) * p, rhs, j * d, d);
    }
    double[] a = priorPrecisions[e];
    if (a != null) {
      for (int i = 0; i < d * d; i++) {
        system[i] += var * a[i];
      }
      Blas.get().dgemm("N", "N", d, m, d, var, a, d, priorMeans[e], d, 1.0, rhs, d);
    }
    Cholesky chol = factor(system, "the weighted features of expert " + e);
    chol.solveInPlace(rhs, m);
    System.arraycopy(rhs, 0, means, e * m * d, d * m);
    double[] cov = chol.inverse();
    for (int i = 0; i < cov.length; i++) {
      cov[i] *= var;
    }
    covariances[e] = cov;
    covarianceFactors[e] = a == null ? null
        : factor(cov, "the posterior covariance of expert " + e).lower();
  }

  /**
   * The coefficients under the {@link CoefficientStructure}: each non-empty expert's normal
   * equations {@code Sxx_e W_e = Sxy_e} weighted by {@code 1 / sigma2_e} (the current
   * variances: with per-expert variances the M-step is a conditional maximisation, the
   * variances following at the new coefficients), tied and solved at once.
   */
  private void solveTied(double[] stats, double[] sums, double total) {
    int p = d + m;
    double[][] info = new double[k][];
    double[][] rhs = new double[k][];
    for (int e = 0; e < k; e++) {
      if (!(sums[e] > EMPTY * total)) {
        continue;
      }
      double[] s = symmetric(stats, e * p * p, p);
      double scale = 1 / noiseVariances[e];
      info[e] = new double[d * d];
      rhs[e] = new double[d * m];
      for (int c = 0; c < d; c++) {
        for (int r = 0; r < d; r++) {
          info[e][c * d + r] = s[c * p + r] * scale;
        }
      }
      for (int j = 0; j < m; j++) {
        for (int r = 0; r < d; r++) {
          rhs[e][j * d + r] = s[(d + j) * p + r] * scale;
        }
      }
    }
    CoefficientStructure.Solution sol = structure.solve(info, rhs, m, means,
        "the shared coefficients' normal equations");
    if (sol.ridged()) {
      note("the weighted features of the shared coefficients' normal equations are singular or"
          + " nearly so (constant, duplicated or dependent columns, or fewer rows than"
          + " coefficients); a ridge proportional to its diagonal was added");
    }
    for (int e = 0; e < k; e++) {
      if (sol.covariances()[e] != null) {
        covariances[e] = sol.covariances()[e];
        covarianceFactors[e] = null;
      }
    }
  }

  /**
   * {@code Σ_i r_i E||y_i - W_eᵀ x_i||²} from the statistics: {@code tr(Syy) - 2 tr(mᵀ Sxy) +
   * tr(mᵀ Sxx m)}, plus {@code M tr(B Sxx)} for an expert with a prior.
   */
  private double residual(int e, double[] s) {
    int p = d + m;
    double total = 0;
    int base = e * m * d;
    for (int j = 0; j < m; j++) {
      total += s[(d + j) * p + d + j];
      for (int r = 0; r < d; r++) {
        double wr = means[base + j * d + r];
        total -= 2 * wr * s[(d + j) * p + r];
        double sxxw = 0;
        for (int c = 0; c < d; c++) {
          sxxw += s[c * p + r] * means[base + j * d + c];
        }
        total += wr * sxxw;
      }
    }
    if (priorPrecisions[e] != null) {
      double trace = 0;
      double[] b = covariances[e];
      for (int c = 0; c < d; c++) {
        for (int r = 0; r < d; r++) {
          trace += b[c * d + r] * s[r * p + c];
        }
      }
      total += m * trace;
    }
    return Math.max(total, 0);
  }

  /** Sets each prior mean to its posterior mean (when enabled): the evidence update of w0. */
  @Override
  public void updatePriorMeans() {
    if (!updatePriorMeans) {
      return;
    }
    for (int e = 0; e < k; e++) {
      if (priorMeans[e] != null) {
        priorMeans[e] = coefficients(e);
      }
    }
  }

  /**
   * Evidence update of the prior covariances (when enabled):
   * {@code A = B + (1/M) Σ_j (m_j - w0_j)(m_j - w0_j)ᵀ}, its diagonal for a diagonal prior.
   */
  @Override
  public void updatePriorCovariances() {
    if (!updatePriorCovariances) {
      return;
    }
    for (int e = 0; e < k; e++) {
      if (priorPrecisions[e] == null || covariances[e] == null) {
        continue;
      }
      double[] a = covariances[e].clone();
      double[] w = coefficients(e);
      double[] w0 = priorMeans[e];
      for (int j = 0; j < m; j++) {
        for (int c = 0; c < d; c++) {
          double dc = w[j * d + c] - w0[j * d + c];
          for (int r = 0; r < d; r++) {
            a[c * d + r] += dc * (w[j * d + r] - w0[j * d + r]) / m;
          }
        }
      }
      if (diagonalPriors[e]) {
        for (int c = 0; c < d; c++) {
          for (int r = 0; r < d; r++) {
            if (r != c) {
              a[c * d + r] = 0;
            }
          }
        }
      }
      priorPrecisions[e] = factor(a, "the prior covariance A of expert " + e).inverse();
    }
  }

  /** Replaces expert e's prior mean (used by the regularizers). */
  @Override
  public void setPriorMean(int e, double[] mean) {
    checkIndex(e);
    if (priorMeans[e] == null) {
      throw new IllegalArgumentException("expert " + e + " has no prior to regularize");
    }
    if (mean.length != d * m) {
      throw new IllegalArgumentException("prior mean of expert " + e + " has " + mean.length
          + " entries, expected " + d * m);
    }
    priorMeans[e] = mean.clone();
  }

  /**
   * The experts' part of the bound beyond the data term: {@code -Σ_e KL(q(W_e) || p(W_e))} for
   * experts with a prior, 0 for point estimates.
   */
  @Override
  public double boundTerm() {
    double total = 0;
    for (int e = 0; e < k; e++) {
      double[] a = priorPrecisions[e];
      double[] b = covariances[e];
      if (a == null || b == null) {
        continue;
      }
      double trace = 0;
      for (int c = 0; c < d; c++) {
        for (int r = 0; r < d; r++) {
          trace += a[c * d + r] * b[r * d + c];
        }
      }
      double maha = 0;
      double[] w = coefficients(e);
      double[] w0 = priorMeans[e];
      for (int j = 0; j < m; j++) {
        for (int c = 0; c < d; c++) {
          double dc = w[j * d + c] - w0[j * d + c];
          for (int r = 0; r < d; r++) {
            maha += dc * a[c * d + r] * (w[j * d + r] - w0[j * d + r]);
          }
        }
      }
      double logDetPrecision = factor(a, "the prior precision of expert " + e).logDet();
      double logDetB = factor(b, "the posterior covariance of expert " + e).logDet();
      double kl = 0.5 * (m * trace + maha - m * d - m * logDetPrecision - m * logDetB);
      total -= kl;
    }
    return total;
  }

  @Override
  public String displayName() {
    return "linear";
  }

  @Override
  public String dispersionName() {
    return "noise sd";
  }

  /** Each expert's noise standard deviation. */
  @Override
  public double[] dispersionFigures() {
    double[] sd = noiseVariances();
    for (int e = 0; e < sd.length; e++) {
      sd[e] = Math.sqrt(sd[e]);
    }
    return sd;
  }

  /** "": the title says linear, and the coefficients are on the answer's scale. */
  @Override
  public String summaryNote() {
    return "";
  }
}
