package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * K censored normal (tobit) experts of one output, held as one object: expert k's latent
 * answer is {@code y* ~ N(W_kᵀ x + offset, sigma_k²)}, and what is seen is {@code y*} between
 * the row's limits, the lower limit when {@code y*} falls at or below it (left-censored), the
 * upper one when at or above it (right-censored): flexmix's {@code FLXMRlmmc} model, R's {@code
 * AER::tobit} for one component. A row whose label equals its lower limit is left-censored,
 * one equal to its upper limit right-censored, the others are observed; a label beyond a limit
 * is an error. The limits are constants (settings {@code lower}, {@code upper}; infinite: no
 * limit) or per row, from the family columns of roles {@code lower} and {@code upper} ({@link
 * FamilyColumns}; a null reads as no limit), which replace the constants when present.
 *
 * <p>Log-density: an observed row's normal log-density {@code -log sigma - log(2 pi)/2 - z²/2}
 * with {@code z = (y - mu) / sigma}; a left-censored row's {@code log Φ((L - mu) / sigma)}; a
 * right-censored row's {@code log Φ((mu - U) / sigma)}.
 *
 * <p>The M-step is one Newton step per EM iteration on each expert's responsibility-weighted
 * log-likelihood in Olsen's parameters {@code gamma = W / sigma}, {@code tau = 1 / sigma}, in
 * which it is concave (its information is a sum of positive semi-definite terms), taken from
 * the current parameters with no extra pass: the E-step pass accumulates, with {@code z = [x;
 * y - offset]}, the moments {@code Σ q z zᵀ} and sums {@code Σ h z} of {@link TobitStatistics}
 * ({@code q = w r}, {@code h = w r (y - mu) / sigma} on observed rows; {@code q = w r λ (v +
 * λ)}, {@code h = ± w r λ} on censored ones, with {@code v} the argument of {@code Φ} and
 * {@code λ = φ(v) / Φ(v)}). The first M-step, before any parameters, is weighted least squares
 * on the labels as they are. When the next E-step finds that the bound fell, the engine halves
 * the step ({@link StepHalving}), so that the bound never decreases. The noise is one {@code
 * sigma} per expert or one shared by all ({@link NoiseModel}; the shared {@code tau} makes the
 * Newton step one joint system).
 *
 * <p>Predictions are the mean of the latent answer, {@code W_kᵀ x + offset}, and the predictive
 * variance is {@code sigma_k²}. Standard errors ({@link ExpertScores}) are for the coefficients
 * and {@code log sigma}, as {@code AER::tobit} reports them.
 */
public final class TobitExperts implements LinearPredictors, PredictiveVariance, StepHalving,
    ExpertScores, Resumable, FamilyColumns, NoiseSharing, DescribedExperts {
  private static final long serialVersionUID = 1L;
  /** The family's type id. */
  public static final String TYPE_ID = "tobit";
  /** The role of the per-row lower limits. */
  public static final String LOWER = "lower";
  /** The role of the per-row upper limits. */
  public static final String UPPER = "upper";
  /** Experts whose share of the total weight is at most this are not updated. */
  private static final double EMPTY = 1e-10;
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final int k;
  private final int d;
  private final double lower;
  private final double upper;
  private NoiseModel noise;
  private final double[] coefficients;
  private final double[] sigmas;
  private final double[][] covariances;
  private String labelName = "label";
  private String lowerName;
  private String upperName;
  private boolean started;
  private final LastStep lastStep = new LastStep();
  private transient Notes notes;

  /**
   * K experts with coefficients zero and sigma one, before their first M-step.
   *
   * @param k number of experts
   * @param d number of features (the intercept column included)
   * @param lower the constant lower limit ({@code -Infinity}: none)
   * @param upper the constant upper limit ({@code +Infinity}: none)
   * @param noise one sigma per expert or one for all
   * @throws IllegalArgumentException naming the setting when a limit is NaN or lower is not
   *     below upper
   */
  public TobitExperts(int k, int d, double lower, double upper, NoiseModel noise) {
    if (k < 1) {
      throw new IllegalArgumentException("k (number of experts) must be >= 1, got " + k);
    }
    if (d < 1) {
      throw new IllegalArgumentException("experts need at least one feature, got d=" + d);
    }
    checkLimits(lower, upper);
    this.k = k;
    this.d = d;
    this.lower = lower;
    this.upper = upper;
    this.noise = noise;
    this.coefficients = new double[d * k];
    this.sigmas = new double[k];
    this.covariances = new double[k][];
    Arrays.fill(sigmas, 1.0);
  }

  @Override
  public TobitExperts copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  public TobitExperts restrictTo(int[] keep) {
    if (keep.length < 1) {
      throw new IllegalArgumentException("restrictTo needs at least one expert to keep");
    }
    TobitExperts c = new TobitExperts(keep.length, d, lower, upper, noise);
    for (int i = 0; i < keep.length; i++) {
      int e = keep[i];
      checkIndex(e);
      System.arraycopy(coefficients, e * d, c.coefficients, i * d, d);
      c.sigmas[i] = sigmas[e];
      c.covariances[i] = covariances[e] == null ? null : covariances[e].clone();
    }
    c.started = started;
    c.setColumnNames(labelName, lowerName, upperName);
    return c;
  }

  private void checkIndex(int e) {
    if (e < 0 || e >= k) {
      throw new IllegalArgumentException("expert index " + e + " is outside [0, " + k + ")");
    }
  }

  // ---------------------------------------------------------------- configuration, accessors

  /**
   * Names the label and the limits' columns in the messages about bad rows.
   *
   * @param label the label column
   * @param lowerColumn the per-row lower limits' column, or null or empty for none
   * @param upperColumn the per-row upper limits' column, or null or empty for none
   */
  public void setColumnNames(String label, String lowerColumn, String upperColumn) {
    labelName = label;
    lowerName = lowerColumn == null || lowerColumn.isEmpty() ? null : lowerColumn;
    upperName = upperColumn == null || upperColumn.isEmpty() ? null : upperColumn;
  }

  /**
   * Sets expert e's coefficients (length D) and sigma as the current fit (a warm start); with
   * a shared noise, every expert's sigma.
   */
  public void setParameters(int e, double[] w, double sigma) {
    checkIndex(e);
    if (w.length != d) {
      throw new IllegalArgumentException("coefficients of expert " + e + " have " + w.length
          + " entries, expected " + d);
    }
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma of expert " + e + " must be a finite value > 0,"
          + " got " + sigma);
    }
    System.arraycopy(w, 0, coefficients, e * d, d);
    if (noise == NoiseModel.SHARED) {
      Arrays.fill(sigmas, sigma);
    } else {
      sigmas[e] = sigma;
    }
    covariances[e] = null;
    started = true;
    lastStep.forget();
  }

  /**
   * Sets one sigma per expert or one for all (before the first M-step; with a shared one, every
   * expert's sigma becomes the first's).
   */
  @Override
  public void setNoiseModel(NoiseModel model) {
    noise = model;
    if (model == NoiseModel.SHARED) {
      Arrays.fill(sigmas, sigmas[0]);
    }
  }

  /**
   * Refuses constant limits that are not numbers, or not lower below upper.
   *
   * @throws IllegalArgumentException naming the settings
   */
  static void checkLimits(double lower, double upper) {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower == Double.POSITIVE_INFINITY
        || upper == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("family 'tobit': settings 'lower' (" + lower
          + ") and 'upper' (" + upper + ") must be numbers, lower below +Infinity and upper"
          + " above -Infinity");
    }
    if (!(lower < upper)) {
      throw new IllegalArgumentException("family 'tobit': setting 'lower' (" + lower
          + ") must be below setting 'upper' (" + upper + ")");
    }
  }

  /** The constant lower limit ({@code -Infinity}: none). */
  public double lower() {
    return lower;
  }

  /** The constant upper limit ({@code +Infinity}: none). */
  public double upper() {
    return upper;
  }

  /** Every expert's sigma (a copy). */
  public double[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public String typeId() {
    return TYPE_ID;
  }

  /** The roles {@code lower} and {@code upper}. */
  @Override
  public List<String> columnRoles() {
    return roles();
  }

  /** A limit column: a null is no limit, infinite values allowed. */
  @Override
  public FamilyColumn column(String role, String column) {
    return limitColumn(role, column);
  }

  static List<String> roles() {
    return List.of(LOWER, UPPER);
  }

  static FamilyColumn limitColumn(String role, String column) {
    return new FamilyColumn(role, column, LOWER.equals(role) ? Double.NEGATIVE_INFINITY
        : Double.POSITIVE_INFINITY, true);
  }

  /** Writes the constant limits and noise model (checked on reading), sigmas, coefficients. */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("limits", new double[] {lower, upper});
    out.text("noiseModel", noise.name());
    out.doubles("sigmas", sigmas);
    for (int e = 0; e < k; e++) {
      out.item("experts").doubles("coefficients", coefficients(e));
    }
  }

  /** Restores what {@link #writeParameters} wrote; refuses other limits or noise model. */
  @Override
  public void readParameters(ParameterReader in) {
    double[] limits = in.doubles("limits", 2);
    if (Double.compare(limits[0], lower) != 0 || Double.compare(limits[1], upper) != 0) {
      throw in.corrupt("the censoring limits are [" + limits[0] + ", " + limits[1]
          + "] but the params give [" + lower + ", " + upper + "]");
    }
    String model = in.text("noiseModel");
    if (!noise.name().equals(model)) {
      throw in.corrupt("the noise model is '" + model + "' but the params give '"
          + noise.name() + "'");
    }
    double[] saved = in.doubles("sigmas", k);
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      if (!(saved[e] > 0) || Double.isInfinite(saved[e])
          || (noise == NoiseModel.SHARED && saved[e] != saved[0])) {
        throw in.corrupt("sigma of expert " + e + " is " + saved[e] + "; expected a finite"
            + " value > 0" + (noise == NoiseModel.SHARED ? ", the same for every expert" : ""));
      }
    }
    for (int e = 0; e < k; e++) {
      System.arraycopy(experts.get(e).doubles("coefficients", d), 0, coefficients, e * d, d);
      covariances[e] = null;
    }
    System.arraycopy(saved, 0, sigmas, 0, k);
    started = true;
    lastStep.forget();
  }

  /** Writes whether the first M-step was taken, the covariances and the last Newton step. */
  @Override
  public void writeProgress(ParameterWriter out) {
    out.flag("started", started);
    lastStep.write(out);
    for (int e = 0; e < k; e++) {
      ParameterWriter one = out.item("experts");
      if (covariances[e] != null) {
        one.doubles("covariance", covariances[e]);
      }
    }
  }

  /** Restores what {@link #writeProgress} wrote, after {@link #readParameters}. */
  @Override
  public void readProgress(ParameterReader in) {
    lastStep.read(in, k * (d + 1));
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      ParameterReader one = experts.get(e);
      covariances[e] = one.has("covariance") ? one.doubles("covariance", d * d) : null;
    }
    started = in.flag("started");
  }

  @Override
  public int numExperts() {
    return k;
  }

  @Override
  public int numFeatures() {
    return d;
  }

  /** One output. */
  @Override
  public int numOutputs() {
    return 1;
  }

  @Override
  public double[] coefficients(int e) {
    checkIndex(e);
    return Arrays.copyOfRange(coefficients, e * d, (e + 1) * d);
  }

  /**
   * The coefficients' covariance from the last Newton step's information (Olsen's parameters
   * mapped back by the delta method), or null.
   */
  @Override
  public double[] covariance(int e) {
    checkIndex(e);
    return covariances[e] == null ? null : covariances[e].clone();
  }

  @Override
  public Link link() {
    return StandardLink.IDENTITY;
  }

  /** The variances {@code sigma_k²} of the latent answers. */
  @Override
  public double[] dispersions() {
    double[] out = new double[k];
    for (int e = 0; e < k; e++) {
      out[e] = sigmas[e] * sigmas[e];
    }
    return out;
  }

  @Override
  public int numFreeParameters() {
    return k * d + (noise == NoiseModel.SHARED ? 1 : k);
  }

  @Override
  public double boundTerm() {
    return 0;
  }

  @Override
  public boolean isFinite() {
    for (double v : coefficients) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    for (double s : sigmas) {
      if (!(s > 0) || Double.isInfinite(s)) {
        return false;
      }
    }
    return true;
  }

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

  // ---------------------------------------------------------------- per-block maths

  /** Every expert's latent mean {@code W_kᵀ x + offset}, column-major n x K. */
  private void means(Block b, double[] mu) {
    LinearPredictors.compute(b, coefficients, d, k, mu);
  }

  @Override
  public void predict(Block b, double[] out) {
    means(b, out);
  }

  /** {@code sigma_k²}, the variance of the latent answer. */
  @Override
  public void predictiveVariance(Block b, double[] out) {
    int n = b.n;
    for (int e = 0; e < k; e++) {
      Arrays.fill(out, e * n, (e + 1) * n, sigmas[e] * sigmas[e]);
    }
  }

  /**
   * Each row's censoring: -1 left-censored (the label is its lower limit), +1 right-censored
   * (its upper limit), 0 observed.
   *
   * @throws IllegalArgumentException naming the label and the limit's column or setting when
   *     a label lies beyond its limit, or a row's lower limit is not below its upper one
   */
  private void classify(Block b, byte[] kind) {
    int lo = b.familyColumn(LOWER);
    int hi = b.familyColumn(UPPER);
    int yAt = d * b.n;
    for (int i = 0; i < b.n; i++) {
      double y = b.xy[yAt + i];
      double l = lo < 0 ? lower : b.family(i, lo);
      double u = hi < 0 ? upper : b.family(i, hi);
      if (!(l < u)) {
        throw new IllegalArgumentException("row " + b.rowKey(i) + ": the lower censoring"
            + " limit " + l + " (" + source(LOWER, lo) + ") is not below the upper one " + u
            + " (" + source(UPPER, hi) + ")");
      }
      if (y < l || y > u) {
        boolean below = y < l;
        throw new IllegalArgumentException("column '" + labelName + "': row " + b.rowKey(i)
            + " is " + y + ", " + (below ? "below its lower" : "above its upper")
            + " censoring limit " + (below ? l : u) + " (" + source(below ? LOWER : UPPER,
            below ? lo : hi) + "); a censored value equals its limit");
      }
      kind[i] = (byte) (y == l ? -1 : y == u ? 1 : 0);
    }
  }

  /** Where a limit comes from, for messages. */
  private String source(String role, int column) {
    if (column < 0) {
      return "setting '" + role + "'";
    }
    String name = LOWER.equals(role) ? lowerName : upperName;
    return name == null ? "the column of role '" + role + "'" : "column '" + name + "'";
  }

  /** Adds {@code log p(y_i | expert e)} into out (row-major n x K), keeping λ of censored rows. */
  private void addLogDensities(Block b, byte[] kind, double[] mu, double[] lambda,
      double[] out) {
    int n = b.n;
    int yAt = d * n;
    for (int e = 0; e < k; e++) {
      double sigma = sigmas[e];
      double constant = -Math.log(sigma) - HALF_LOG_TWO_PI;
      int at = e * n;
      for (int i = 0, o = e; i < n; i++, o += k) {
        double y = b.xy[yAt + i];
        if (kind[i] == 0) {
          double z = (y - mu[at + i]) / sigma;
          out[o] += constant - 0.5 * z * z;
        } else {
          double v = kind[i] * (mu[at + i] - y) / sigma;
          out[o] += NormalTail.logCdf(v, lambda, at + i);
        }
      }
    }
  }

  /** λ of every censored row and expert, for statistics without log-densities first. */
  private void millsRatios(Block b, byte[] kind, double[] mu, double[] lambda) {
    int n = b.n;
    int yAt = d * n;
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        if (kind[i] != 0) {
          lambda[e * n + i] = NormalTail.inverseMills(
              kind[i] * (mu[e * n + i] - b.xy[yAt + i]) / sigmas[e]);
        }
      }
    }
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public TobitStatistics newStatistics() {
    return new TobitStatistics(k, d);
  }

  /**
   * The E-step's per-block work: the censoring of every row, the latent means (one {@code
   * dgemm}), the log-densities, then the Newton moments and sums from the same means and the
   * weighted responsibilities.
   */
  private static final class Kernel implements ExpertKernel {
    private final TobitExperts experts;
    private byte[] kind = new byte[0];
    private double[] mu = new double[0];
    private double[] lambda = new double[0];
    private double[] q = new double[0];
    private double[] h = new double[0];
    private double[] z = new double[0];
    private final WeightedMoments moments = new WeightedMoments();
    private Block scored;

    Kernel(TobitExperts experts) {
      this.experts = experts;
    }

    private void ensure(int n) {
      int k = experts.k;
      if (mu.length < n * k) {
        kind = new byte[n];
        mu = new double[n * k];
        lambda = new double[n * k];
        q = new double[n * k];
        h = new double[n * k];
      }
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      ensure(b.n);
      experts.classify(b, kind);
      experts.means(b, mu);
      experts.addLogDensities(b, kind, mu, lambda, out);
      scored = b;
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      ensure(b.n);
      if (scored != b) { // a start's responsibilities: no log-likelihoods were computed
        experts.classify(b, kind);
        experts.means(b, mu);
        experts.millsRatios(b, kind, mu, lambda);
      }
      scored = null;
      experts.addNewtonSums(b, kind, mu, lambda, rw, q, h, workingColumns(b), moments,
          (TobitStatistics) stats);
    }

    /** {@code [x, y - offset]} column-major: the block's own array without offsets. */
    private double[] workingColumns(Block b) {
      if (b.offsets == null) {
        return b.xy;
      }
      int n = b.n;
      int p = experts.d + 1;
      if (z.length < n * p) {
        z = new double[n * p];
      }
      System.arraycopy(b.xy, 0, z, 0, n * p);
      for (int i = 0; i < n; i++) {
        z[experts.d * n + i] -= b.offsets[i];
      }
      return z;
    }
  }

  /**
   * Adds the Newton moments and sums of every expert into stats (least-squares moments before
   * the first M-step).
   */
  private void addNewtonSums(Block b, byte[] kind, double[] mu, double[] lambda, double[] rw,
      double[] q, double[] h, double[] z, WeightedMoments moments, TobitStatistics stats) {
    int n = b.n;
    int yAt = d * n;
    int p = d + 1;
    if (!started) {
      moments.add(z, n, p, rw, k, stats.moments);
      return;
    }
    for (int e = 0; e < k; e++) {
      double sigma = sigmas[e];
      int at = e * n;
      double observed = 0;
      for (int i = 0; i < n; i++) {
        double w = rw[at + i];
        double y = b.xy[yAt + i];
        if (kind[i] == 0) {
          q[at + i] = w;
          h[at + i] = w * (y - mu[at + i]) / sigma;
          observed += w;
        } else {
          double v = kind[i] * (mu[at + i] - y) / sigma;
          double l = lambda[at + i];
          q[at + i] = w * l * (v + l);
          h[at + i] = w * l * kind[i];
        }
      }
      stats.observed[e] += observed;
    }
    moments.add(z, n, p, q, k, stats.moments);
    Blas.get().dgemm("T", "N", p, k, n, 1.0, z, n, h, n, 1.0, stats.sums, p);
  }

  // ---------------------------------------------------------------- M-step

  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    TobitStatistics stats = (TobitStatistics) statistics;
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    boolean[] live = new boolean[k];
    for (int e = 0; e < k; e++) {
      live[e] = weights[e] > EMPTY * total;
      if (!live[e]) {
        note("expert " + (e + 1) + " has no responsibility left (an empty component); it keeps"
            + " its coefficients");
      }
    }
    if (!started) {
      leastSquares(stats, weights, live);
      started = true;
      return;
    }
    double[] before = olsen();
    double[] change = noise == NoiseModel.SHARED ? sharedNewtonStep(stats, live)
        : newtonSteps(stats, live);
    double scale = 1;
    for (int e = 0; e < k; e++) {
      int t = e * (d + 1) + d;
      while (before[t] + scale * change[t] <= 0 && scale > 1e-12) {
        scale /= 2;
      }
    }
    for (int i = 0; i < change.length; i++) {
      change[i] *= scale;
    }
    lastStep.taken(before, change);
    double[] next = new double[change.length];
    for (int i = 0; i < next.length; i++) {
      next[i] = before[i] + change[i];
    }
    setOlsen(next);
  }

  /** The first M-step: weighted least squares per expert, censoring ignored. */
  private void leastSquares(TobitStatistics stats, double[] weights, boolean[] live) {
    int p = d + 1;
    double rss = 0;
    double weight = 0;
    double[] own = new double[k];
    for (int e = 0; e < k; e++) {
      if (!live[e]) {
        continue;
      }
      double[] m = stats.symmetricMoments(e);
      double[] xx = new double[d * d];
      double[] w = new double[d];
      for (int c = 0; c < d; c++) {
        System.arraycopy(m, c * p, xx, c * d, d);
        w[c] = m[d * p + c];
      }
      Cholesky chol = solver(xx, d, e);
      double[] xy = w.clone();
      chol.solveInPlace(w, 1);
      double r = m[d * p + d];
      for (int c = 0; c < d; c++) {
        r -= w[c] * xy[c];
      }
      r = Math.max(r, 1e-12 * m[d * p + d]);
      System.arraycopy(w, 0, coefficients, e * d, d);
      own[e] = r / weights[e];
      rss += r;
      weight += weights[e];
    }
    for (int e = 0; e < k; e++) {
      if (live[e]) {
        double variance = noise == NoiseModel.SHARED ? rss / weight : own[e];
        sigmas[e] = Math.sqrt(variance > 0 ? variance : Double.MIN_NORMAL);
      }
    }
  }

  /** A Cholesky factor of a system of expert e, noting a ridge. */
  private Cholesky solver(double[] a, int size, int e) {
    Cholesky chol = Cholesky.factor(a, size, "the Newton system of expert " + e);
    if (chol.jitter() > 0) {
      note("the weighted features of expert " + (e + 1) + " are singular or nearly so"
          + " (constant, duplicated or dependent columns, or fewer rows than features); a ridge"
          + " proportional to its diagonal was added");
    }
    return chol;
  }

  /** The current parameters in Olsen's form: per expert {@code [W / sigma; 1 / sigma]}. */
  private double[] olsen() {
    double[] theta = new double[k * (d + 1)];
    for (int e = 0; e < k; e++) {
      double tau = 1 / sigmas[e];
      for (int j = 0; j < d; j++) {
        theta[e * (d + 1) + j] = coefficients[e * d + j] * tau;
      }
      theta[e * (d + 1) + d] = tau;
    }
    return theta;
  }

  /** Sets the parameters from Olsen's ({@code W / sigma}, {@code 1 / sigma} per expert). */
  private void setOlsen(double[] olsen) {
    for (int e = 0; e < k; e++) {
      int at = e * (d + 1);
      double tau = olsen[at + d];
      for (int j = 0; j < d; j++) {
        coefficients[e * d + j] = olsen[at + j] / tau;
      }
      sigmas[e] = 1 / tau;
    }
  }

  /**
   * Expert e's Newton information in Olsen's parameters at the current ones, p x p: the
   * moments with the sign of the {@code y} row and column turned, plus {@code W_obs / tau²}.
   */
  private double[] information(TobitStatistics stats, int e) {
    int p = d + 1;
    double[] m = stats.symmetricMoments(e);
    for (int j = 0; j < d; j++) {
      m[d * p + j] = -m[d * p + j];
      m[j * p + d] = -m[j * p + d];
    }
    m[d * p + d] += stats.observed[e] * sigmas[e] * sigmas[e];
    return m;
  }

  /** Expert e's gradient in Olsen's parameters: {@code [Σ h x; W_obs / tau - Σ h y]}. */
  private double[] gradient(TobitStatistics stats, int e) {
    int p = d + 1;
    double[] g = Arrays.copyOfRange(stats.sums, e * p, (e + 1) * p);
    g[d] = stats.observed[e] * sigmas[e] - g[d];
    return g;
  }

  /** One Newton step per expert (zero for empty ones), Olsen's layout. */
  private double[] newtonSteps(TobitStatistics stats, boolean[] live) {
    int p = d + 1;
    double[] change = new double[k * p];
    for (int e = 0; e < k; e++) {
      if (!live[e]) {
        continue;
      }
      Cholesky chol = solver(information(stats, e), p, e);
      double[] g = gradient(stats, e);
      chol.solveInPlace(g, 1);
      System.arraycopy(g, 0, change, e * p, p);
      covariances[e] = coefficientCovariance(chol.inverse(), p, 0, d, e);
    }
    return change;
  }

  /**
   * One joint Newton step of every expert's {@code W / sigma} and the shared {@code 1 / sigma}
   * (the last of the K D + 1 unknowns), in Olsen's per-expert layout.
   */
  private double[] sharedNewtonStep(TobitStatistics stats, boolean[] live) {
    int p = d + 1;
    int size = k * d + 1;
    double[] a = new double[size * size];
    double[] g = new double[size];
    int t = k * d;
    for (int e = 0; e < k; e++) {
      double[] h = live[e] ? information(stats, e) : new double[p * p];
      double[] ge = live[e] ? gradient(stats, e) : new double[p];
      if (!live[e]) {
        for (int j = 0; j < d; j++) {
          h[j * p + j] = 1; // an empty expert does not move
        }
      }
      for (int c = 0; c < d; c++) {
        for (int r = 0; r < d; r++) {
          a[(e * d + c) * size + e * d + r] = h[c * p + r];
        }
        a[t * size + e * d + c] = h[d * p + c];
        a[(e * d + c) * size + t] = h[c * p + d];
        g[e * d + c] = ge[c];
      }
      a[t * size + t] += h[d * p + d];
      g[t] += ge[d];
    }
    Cholesky chol = solver(a, size, 0);
    chol.solveInPlace(g, 1);
    double[] inverse = chol.inverse();
    double[] change = new double[k * p];
    for (int e = 0; e < k; e++) {
      System.arraycopy(g, e * d, change, e * p, d);
      change[e * p + d] = g[t];
      if (live[e]) {
        covariances[e] = coefficientCovariance(inverse, size, e * d, t, e);
      }
    }
    return change;
  }

  /**
   * The covariance of expert e's coefficients {@code W = gamma / tau} from the inverse
   * information of Olsen's parameters (size x size, expert e's gamma from {@code from}, its tau
   * at {@code tauAt}), by the delta method: {@code J V Jᵀ} with {@code J = [I / tau, -W / tau]}.
   */
  private double[] coefficientCovariance(double[] inverse, int size, int from, int tauAt,
      int e) {
    double sigma = sigmas[e];
    double[] w = coefficients(e);
    double[] cov = new double[d * d];
    double vtt = inverse[tauAt * size + tauAt];
    for (int c = 0; c < d; c++) {
      for (int r = 0; r < d; r++) {
        double vgg = inverse[(from + c) * size + from + r];
        double vgtR = inverse[tauAt * size + from + r];
        double vgtC = inverse[tauAt * size + from + c];
        cov[c * d + r] = sigma * sigma * (vgg - w[c] * vgtR - w[r] * vgtC + w[r] * w[c] * vtt);
      }
    }
    return cov;
  }

  @Override
  public boolean halveLastStep() {
    double[] at = lastStep.halve();
    if (at != null) {
      setOlsen(at);
    }
    return at != null;
  }

  // ---------------------------------------------------------------- scores (standard errors)

  @Override
  public int numScoreParameters() {
    return k * d + (noise == NoiseModel.SHARED ? 1 : k);
  }

  /** D coefficients, then {@code log sigma}. */
  @Override
  public int expertParameters() {
    return d + 1;
  }

  @Override
  public int parameterIndex(int e, int j) {
    checkIndex(e);
    if (noise == NoiseModel.SHARED) {
      return j == d ? k * d : e * d + j;
    }
    return e * (d + 1) + j;
  }

  @Override
  public double parameterValue(int p) {
    if (noise == NoiseModel.SHARED) {
      return p == k * d ? Math.log(sigmas[0]) : coefficients[p];
    }
    int e = p / (d + 1);
    int j = p % (d + 1);
    return j == d ? Math.log(sigmas[e]) : coefficients[e * d + j];
  }

  @Override
  public String parameterName(int p) {
    if (noise == NoiseModel.SHARED) {
      return p == k * d ? "log sigma (shared)"
          : "coefficient " + p % d + " of expert " + (p / d + 1);
    }
    int e = p / (d + 1);
    int j = p % (d + 1);
    return j == d ? "log sigma of expert " + (e + 1)
        : "coefficient " + j + " of expert " + (e + 1);
  }

  @Override
  public boolean atBound(int p) {
    return false;
  }

  /** Always: the parameters maximise the likelihood at EM's fixed point (no prior). */
  @Override
  public boolean maximumLikelihood() {
    return true;
  }

  /**
   * In {@code (W, s = log sigma)}: an observed row, with {@code z = (y - mu) / sigma}, has
   * score {@code [z x / sigma; z² - 1]} and curvature {@code [x xᵀ / sigma², 2 z x / sigma;
   * ., 2 z²]}; a censored row's {@code log Φ(v)}, {@code v = ±(mu - limit) / sigma}, with
   * {@code λ = φ(v) / Φ(v)} and {@code c = λ (v + λ)}, has score {@code [±λ x / sigma; -λ v]}
   * and curvature {@code [c x xᵀ / sigma², ±λ (1 - v (v + λ)) x / sigma; ., c v² - λ v]}.
   */
  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    checkIndex(e);
    int n = b.n;
    byte[] kind = new byte[n];
    classify(b, kind);
    double[] mu = new double[n * k];
    means(b, mu);
    int p = d + 1;
    int packed = p * (p + 1) / 2;
    double sigma = sigmas[e];
    int yAt = d * n;
    int col = d * (d + 1) / 2;
    for (int i = 0; i < n; i++) {
      double y = b.xy[yAt + i];
      double m = mu[e * n + i];
      double sx;
      double cxx;
      double cxs;
      double ss;
      double css;
      if (kind[i] == 0) {
        double z = (y - m) / sigma;
        sx = z / sigma;
        ss = z * z - 1;
        cxx = 1 / (sigma * sigma);
        cxs = 2 * z / sigma;
        css = 2 * z * z;
      } else {
        double v = kind[i] * (m - y) / sigma;
        double l = NormalTail.inverseMills(v);
        double c = l * (v + l);
        sx = kind[i] * l / sigma;
        ss = -l * v;
        cxx = c / (sigma * sigma);
        cxs = kind[i] * l * (1 - v * (v + l)) / sigma;
        css = c * v * v - l * v;
      }
      int at = i * packed;
      for (int a = 0; a < d; a++) {
        double xa = b.xy[a * n + i];
        score[a * n + i] = sx * xa;
        for (int r = 0; r <= a; r++) {
          curvature[at + a * (a + 1) / 2 + r] = cxx * b.xy[r * n + i] * xa;
        }
        curvature[at + col + a] = cxs * xa;
      }
      score[d * n + i] = ss;
      curvature[at + col + d] = css;
    }
  }

  @Override
  public String displayName() {
    return "censored normal (tobit)";
  }

  @Override
  public String dispersionName() {
    return "sigma";
  }

  @Override
  public double[] dispersionFigures() {
    return sigmas();
  }

  @Override
  public String summaryNote() {
    return "family tobit: coefficients of the latent (uncensored) answer, sigma its standard"
        + " deviation; predictions are its mean";
  }
}
