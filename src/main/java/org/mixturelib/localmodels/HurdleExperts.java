package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * Hurdle experts around GLM experts of a count family ({@code pscl::hurdle} with a binomial
 * logit hurdle, for one component): expert k's answer is positive with probability {@code p_k(g)
 * = 1 / (1 + exp(-gamma_kᵀ g))}, and a positive answer is a draw of the count expert k
 * truncated at zero:
 *
 * <pre>
 *   p(0 | x, g) = 1 - p,    p(y | x, g) = p f_k(y | x) / (1 - f_k(0 | x)) for y > 0
 * </pre>
 *
 * <p>The hurdle's inputs g are an intercept and the block's family columns of the roles given
 * at construction ({@link ZeroInputs}); its coefficients are the log-odds of a positive answer
 * (pscl's zero-part coefficients). The type id is {@code "hurdle"} followed by the count
 * family's ({@code hurdlepoisson}, {@code hurdlenegbin}).
 *
 * <p>Fitted by EM: given the responsibilities, the complete-data log-likelihood separates into
 * a weighted logistic regression of {@code 1(y > 0)} on g (weights {@code w_i r_ik}) and a
 * weighted zero-truncated count regression on the positive rows. Each M-step takes one Newton
 * step of each, warm-started, from the score and curvature the E-step pass sums at the current
 * parameters (a generalised EM step; the engine halves both steps when the bound falls, {@link
 * StepHalving}). The truncated part's per-row derivatives come from the count experts' own
 * ({@link ExpertScores}) at y and at 0: with {@code a = f(0) / (1 - f(0))}, score {@code s_y +
 * a s_0} and curvature {@code C_y + a C_0 - a (1 + a) s_0 s_0ᵀ}. A shape (the negative
 * binomial's theta) is stepped on the log scale. The first M-step starts the count part with
 * the count experts' own IRLS step on the positive rows (their usual start, untruncated).
 *
 * <p>Predictions are the mean {@code p mu / (1 - f(0))} and the variance {@code p (V + mu²) / (1
 * - f(0)) - mean²} (V the count expert's). The coefficients reported as {@link LinearPredictors}
 * are the count part's; the hurdle's are {@link #zeroCoefficients}.
 */
public final class HurdleExperts implements LinearPredictors, PredictiveVariance, StepHalving,
    ExpertScores, LabelColumn, Resumable, DescribedExperts, ZeroPart {
  private static final long serialVersionUID = 1L;
  /** Experts whose share of the total weight is at most this are not updated. */
  private static final double EMPTY = 1e-10;
  /** Most halvings of one M-step's step. */
  private static final int MAX_HALVINGS = 30;
  /** Largest change of a log shape in one M-step. */
  private static final double MAX_LOG_STEP = 2;
  /** The prefix of the type id. */
  public static final String PREFIX = "hurdle";

  private final GlmExperts count;
  private final ZeroInputs zero;
  private final int k;
  private final int c;
  /** Count parameters per expert: D coefficients, then the shape when the family has one. */
  private final int p;
  private final double[] gamma;
  private String labelName = "label";
  private boolean started;
  private double[] previous;
  private double[] step;
  private int halvings;
  private transient Notes notes;

  /**
   * Hurdle experts whose hurdle reads an intercept and the given family columns.
   *
   * @param count K GLM experts of a count family (Poisson, negative binomial)
   * @param zeroRoles the roles of the block's family columns the hurdle reads besides its
   *     intercept (empty: an intercept only)
   */
  public HurdleExperts(GlmExperts count, List<String> zeroRoles) {
    this(count, new ZeroInputs(zeroRoles));
  }

  /** Hurdle experts whose hurdle reads the given inputs. */
  HurdleExperts(GlmExperts count, ZeroInputs zero) {
    if (!(count.family() instanceof CountFamily)) {
      throw new IllegalArgumentException("a hurdle needs count experts (poisson, negbin); '"
          + count.typeId() + "' is not a count family");
    }
    if (count.coefficientStructure() != null) {
      throw new IllegalArgumentException("family '" + PREFIX + count.typeId() + "' does not"
          + " share coefficients between components");
    }
    this.count = count;
    this.zero = zero;
    this.k = count.numExperts();
    this.c = zero.size();
    this.p = count.expertParameters();
    this.gamma = new double[k * c];
  }

  @Override
  public void setLabelName(String label) {
    labelName = label;
    count.setColumnNames(label, null);
  }

  /** The count experts (their coefficients are the truncated count part's). */
  public GlmExperts countExperts() {
    return count;
  }

  @Override
  public List<String> zeroTerms() {
    return zero.names();
  }

  @Override
  public String zeroPartName() {
    return "hurdle";
  }

  @Override
  public double[] zeroCoefficients(int e) {
    checkIndex(e);
    return Arrays.copyOfRange(gamma, e * c, (e + 1) * c);
  }

  /** Sets expert e's hurdle coefficients (a warm start). */
  public void setZeroCoefficients(int e, double[] g) {
    checkIndex(e);
    if (g.length != c) {
      throw new IllegalArgumentException("hurdle coefficients of expert " + e + " have "
          + g.length + " entries, expected " + c);
    }
    System.arraycopy(g, 0, gamma, e * c, c);
    step = null;
  }

  private void checkIndex(int e) {
    if (e < 0 || e >= k) {
      throw new IllegalArgumentException("expert index " + e + " is outside [0, " + k + ")");
    }
  }

  @Override
  public String typeId() {
    return PREFIX + count.typeId();
  }

  @Override
  public int numExperts() {
    return k;
  }

  @Override
  public int numFeatures() {
    return count.numFeatures();
  }

  @Override
  public int numOutputs() {
    return 1;
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public ExpertStatistics newStatistics() {
    return new HurdleStatistics(count.newStatistics(), k, p, c);
  }

  @Override
  public double boundTerm() {
    return 0;
  }

  @Override
  public int numFreeParameters() {
    return count.numFreeParameters() + k * c;
  }

  @Override
  public HurdleExperts copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  public HurdleExperts restrictTo(int[] keep) {
    HurdleExperts h = new HurdleExperts(count.restrictTo(keep), zero);
    for (int i = 0; i < keep.length; i++) {
      checkIndex(keep[i]);
      System.arraycopy(gamma, keep[i] * c, h.gamma, i * c, c);
    }
    h.labelName = labelName;
    h.started = started;
    return h;
  }

  @Override
  public boolean isFinite() {
    return count.isFinite() && Arrays.stream(gamma).allMatch(Double::isFinite);
  }

  @Override
  public List<String> takeNotes() {
    List<String> out = new java.util.ArrayList<>(count.takeNotes());
    if (notes != null) {
      out.addAll(notes.take());
    }
    return out;
  }

  // ---------------------------------------------------------------- per-block maths

  /** Every expert's hurdle linear predictor, column-major n x K. */
  private void zeroPredictors(Block b, double[] eta) {
    zero.predictors(b, gamma, k, typeId(), eta);
  }

  /** Refuses a label that is not a count, naming the label column. */
  private void checkLabels(Block b) {
    int yAt = b.d * b.n;
    for (int i = 0; i < b.n; i++) {
      double y = b.xy[yAt + i];
      if (!(y >= 0 && y == Math.rint(y) && y < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("column '" + labelName + "': row " + (b.firstRow + i)
            + " is " + y + "; the " + typeId() + " family needs counts (integers >= 0)");
      }
    }
  }

  /** The block with every label 0 (what the count experts' {@code f(0)} is read from). */
  private static Block atZero(Block b) {
    double[] xy = b.xy.clone();
    Arrays.fill(xy, b.d * b.n, xy.length, 0);
    return b.withValues(xy);
  }

  /** {@code log(1 - exp(l))} for {@code l < 0}, accurately on both sides of {@code -log 2}. */
  static double log1mExp(double l) {
    return l > -Math.log(2) ? Math.log(-Math.expm1(l)) : Math.log1p(-Math.exp(l));
  }

  /** Count expert e's parameter j (its coefficients, then its reported shape). */
  private double countParameter(int e, int j) {
    return count.parameterValue(count.parameterIndex(e, j));
  }

  /** Sets count expert e's parameters from {@code values} at {@code from}. */
  private void setCountParameters(int e, double[] values, int from) {
    int d = count.numFeatures();
    count.setCoefficients(e, Arrays.copyOfRange(values, from, from + d));
    if (p > d) {
      count.setReportedShape(e, values[from + d]);
    }
  }

  // ---------------------------------------------------------------- M-step

  /**
   * The count part's Newton step and the hurdle's, per expert; before any, the count experts'
   * own first M-step on the positive rows.
   */
  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    HurdleStatistics s = (HurdleStatistics) statistics;
    double total = Arrays.stream(weights).sum();
    double[] before = parameters();
    if (!started) {
      count.mStep(s.start, s.positiveWeights.clone());
    }
    for (int e = 0; e < k; e++) {
      if (!(weights[e] > EMPTY * total)) {
        continue;
      }
      double[] h = Arrays.copyOfRange(s.zeroInformation, e * c * c, (e + 1) * c * c);
      double[] g = Arrays.copyOfRange(s.zeroGradient, e * c, (e + 1) * c);
      Cholesky.factor(h, c, "the hurdle of expert " + e).solveInPlace(g, 1);
      for (int j = 0; j < c; j++) {
        gamma[e * c + j] += g[j];
      }
      if (started && s.positiveWeights[e] > EMPTY * total) {
        countStep(s, e);
      }
    }
    double[] after = parameters();
    if (started) {
      previous = before;
      step = new double[after.length];
      for (int i = 0; i < step.length; i++) {
        step[i] = after[i] - before[i];
      }
    } else {
      previous = null;
      step = null;
    }
    halvings = 0;
    started = true;
  }

  /**
   * One Newton step of count expert e on its truncated log-likelihood, a shape on the log
   * scale ({@code ∂/∂tau = q S}, {@code -∂²/∂tau² = q² H - q S}, cross {@code q H}); the whole
   * step is shortened so that the log shape moves at most {@value #MAX_LOG_STEP}.
   */
  private void countStep(HurdleStatistics s, int e) {
    int d = count.numFeatures();
    double[] g = Arrays.copyOfRange(s.countGradient, e * p, (e + 1) * p);
    double[] h = Arrays.copyOfRange(s.countInformation, e * p * p, (e + 1) * p * p);
    double q = p > d ? countParameter(e, d) : 1;
    if (p > d) {
      double sq = g[d];
      for (int a = 0; a < d; a++) {
        h[d * p + a] *= q;
        h[a * p + d] *= q;
      }
      h[d * p + d] = q * q * h[d * p + d] - q * sq;
      g[d] = q * sq;
    }
    try {
      Cholesky.factor(h, p, "the truncated count part of expert " + e).solveInPlace(g, 1);
    } catch (ArithmeticException indefinite) {
      // far from the maximum (the log shape's curvature negative): a step scaled by the
      // curvature's diagonal, still uphill
      for (int j = 0; j < p; j++) {
        double diag = Math.abs(h[j * p + j]);
        g[j] = diag > 0 && Double.isFinite(diag) ? g[j] / diag : 0;
      }
      if (notes == null) {
        notes = new Notes();
      }
      notes.add("expert " + (e + 1) + ": the truncated count part's curvature is not"
          + " positive definite at an M-step; a diagonally scaled step was taken");
    }
    // a long step in the log shape shortens the whole step (its direction stays uphill)
    double shorten = p > d && Math.abs(g[d]) > MAX_LOG_STEP ? MAX_LOG_STEP / Math.abs(g[d]) : 1;
    double[] next = new double[p];
    for (int j = 0; j < d; j++) {
      next[j] = countParameter(e, j) + shorten * g[j];
    }
    if (p > d) {
      next[d] = Math.max(1 / NegativeBinomialFamily.MAX_THETA,
          Math.min(NegativeBinomialFamily.MAX_THETA, q * Math.exp(shorten * g[d])));
    }
    setCountParameters(e, next, 0);
  }

  /** Every parameter: per expert its count parameters, then all hurdle coefficients. */
  private double[] parameters() {
    double[] out = new double[k * p + k * c];
    for (int e = 0; e < k; e++) {
      for (int j = 0; j < p; j++) {
        out[e * p + j] = countParameter(e, j);
      }
    }
    System.arraycopy(gamma, 0, out, k * p, k * c);
    return out;
  }

  /** Halves the last M-step's step of both parts (a shape's linearly). */
  @Override
  public boolean halveLastStep() {
    if (step == null || halvings >= MAX_HALVINGS) {
      return false;
    }
    halvings++;
    double[] at = new double[step.length];
    for (int i = 0; i < step.length; i++) {
      step[i] *= 0.5;
      at[i] = previous[i] + step[i];
    }
    for (int e = 0; e < k; e++) {
      setCountParameters(e, at, e * p);
    }
    System.arraycopy(at, k * p, gamma, 0, k * c);
    return true;
  }

  // ---------------------------------------------------------------- predictions

  /** The probability of a positive answer and {@code f(0)}, each column-major n x K. */
  private void hurdleAndZero(Block b, double[] positive, double[] f0) {
    int n = b.n;
    zeroPredictors(b, positive);
    double[] logf0 = new double[n * k];
    count.newKernel().addLogLikelihood(atZero(b), true, logf0);
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        positive[e * n + i] = StandardLink.logistic(positive[e * n + i]);
        f0[e * n + i] = Math.exp(logf0[i * k + e]);
      }
    }
  }

  /** {@code p mu / (1 - f(0))}. */
  @Override
  public void predict(Block b, double[] out) {
    int n = b.n;
    count.predict(b, out);
    double[] pos = new double[n * k];
    double[] f0 = new double[n * k];
    hurdleAndZero(b, pos, f0);
    for (int i = 0; i < n * k; i++) {
      out[i] *= pos[i] / (1 - f0[i]);
    }
  }

  /** {@code p (V + mu²) / (1 - f(0)) - mean²}. */
  @Override
  public void predictiveVariance(Block b, double[] out) {
    int n = b.n;
    double[] mu = new double[n * k];
    count.predict(b, mu);
    count.predictiveVariance(b, out);
    double[] pos = new double[n * k];
    double[] f0 = new double[n * k];
    hurdleAndZero(b, pos, f0);
    for (int i = 0; i < n * k; i++) {
      double kept = pos[i] / (1 - f0[i]);
      double mean = kept * mu[i];
      out[i] = Math.max(0, kept * (out[i] + mu[i] * mu[i]) - mean * mean);
    }
  }

  /** The count part's coefficients. */
  @Override
  public double[] coefficients(int e) {
    return count.coefficients(e);
  }

  /** None: the count part's IRLS covariance does not hold for its truncated likelihood. */
  @Override
  public double[] covariance(int e) {
    checkIndex(e);
    return null;
  }

  @Override
  public Link link() {
    return count.link();
  }

  @Override
  public double[] dispersions() {
    return count.dispersions();
  }

  // ---------------------------------------------------------------- scores

  /** The count experts' parameters, then each expert's c hurdle coefficients. */
  @Override
  public int numScoreParameters() {
    return count.numScoreParameters() + k * c;
  }

  @Override
  public int expertParameters() {
    return p + c;
  }

  @Override
  public int parameterIndex(int e, int j) {
    return j < p ? count.parameterIndex(e, j) : count.numScoreParameters() + e * c + j - p;
  }

  @Override
  public double parameterValue(int q) {
    int own = q - count.numScoreParameters();
    return own < 0 ? count.parameterValue(q) : gamma[own];
  }

  @Override
  public String parameterName(int q) {
    int own = q - count.numScoreParameters();
    if (own < 0) {
      return count.parameterName(q);
    }
    return "hurdle " + zero.name(own % c) + " of expert " + (own / c + 1);
  }

  @Override
  public boolean atBound(int q) {
    return false;
  }

  @Override
  public boolean maximumLikelihood() {
    return true;
  }

  /**
   * A zero row: no count terms; the hurdle's score {@code -p g} and curvature {@code p (1 - p)
   * g gᵀ}. A positive row: the truncated count terms (see the class comment), the hurdle's
   * {@code (1 - p) g} and {@code p (1 - p) g gᵀ}; the two parts do not cross.
   */
  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    checkIndex(e);
    int n = b.n;
    int pp = p * (p + 1) / 2;
    int all = p + c;
    int packed = all * (all + 1) / 2;
    Truncated t = new Truncated(this, b, e);
    double[] eta = new double[n * k];
    zeroPredictors(b, eta);
    int[] cols = zero.columns(b, typeId());
    int yAt = b.d * n;
    double[] g = new double[c];
    double[] own = new double[p + pp];
    Arrays.fill(curvature, 0, n * packed, 0);
    for (int i = 0; i < n; i++) {
      double pos = StandardLink.logistic(eta[e * n + i]);
      boolean positive = b.xy[yAt + i] > 0;
      int at = i * packed;
      if (positive) {
        t.row(i, own);
      }
      for (int col = 0; col < p; col++) {
        score[col * n + i] = positive ? own[col] : 0;
        for (int r = 0; r <= col && positive; r++) {
          curvature[at + col * (col + 1) / 2 + r] = own[p + col * (col + 1) / 2 + r];
        }
      }
      for (int j = 0; j < c; j++) {
        g[j] = ZeroInputs.input(b, cols, i, j);
      }
      double gScore = (positive ? 1 : 0) - pos;
      double gCurve = pos * (1 - pos);
      for (int j = 0; j < c; j++) {
        int col = p + j;
        score[col * n + i] = gScore * g[j];
        int base = at + col * (col + 1) / 2;
        for (int r = 0; r <= j; r++) {
          curvature[base + p + r] = gCurve * g[r] * g[j];
        }
      }
    }
  }

  /**
   * Count expert e's per-row derivatives of the zero-truncated log-density {@code log f(y) -
   * log(1 - f(0))} on one block: from the count experts' derivatives at y and at 0.
   */
  private static final class Truncated {
    private final int n;
    private final int p;
    private final double[] sy;
    private final double[] cy;
    private final double[] s0;
    private final double[] c0;
    private final double[] logf0;
    private final int e;
    private final int k;

    Truncated(HurdleExperts h, Block b, int e) {
      this.n = b.n;
      this.p = h.p;
      this.e = e;
      this.k = h.k;
      int pp = p * (p + 1) / 2;
      Block zeros = atZero(b);
      sy = new double[n * p];
      cy = new double[n * pp];
      s0 = new double[n * p];
      c0 = new double[n * pp];
      h.count.rowDerivatives(b, e, sy, cy);
      h.count.rowDerivatives(zeros, e, s0, c0);
      logf0 = new double[n * k];
      h.count.newKernel().addLogLikelihood(zeros, true, logf0);
    }

    /** Row i's score (p values) then packed curvature into {@code out}. */
    void row(int i, double[] out) {
      int pp = p * (p + 1) / 2;
      double f0 = Math.exp(logf0[i * k + e]);
      double a = f0 / (1 - f0);
      for (int col = 0; col < p; col++) {
        double s0c = s0[col * n + i];
        out[col] = sy[col * n + i] + a * s0c;
        for (int r = 0; r <= col; r++) {
          int at = col * (col + 1) / 2 + r;
          out[p + at] = cy[i * pp + at] + a * c0[i * pp + at]
              - a * (1 + a) * s0[r * n + i] * s0c;
        }
      }
    }
  }

  // ---------------------------------------------------------------- persistence

  /** The count experts' parameters, then the hurdle's coefficients (K x c, by expert). */
  @Override
  public void writeParameters(ParameterWriter out) {
    count.writeParameters(out.item("count"));
    out.doubles("zero", gamma);
  }

  @Override
  public void readParameters(ParameterReader in) {
    double[] g = in.doubles("zero", k * c);
    if (!Arrays.stream(g).allMatch(Double::isFinite)) {
      throw in.corrupt("the hurdle's coefficients are not all finite");
    }
    count.readParameters(in.items("count", 1).get(0));
    System.arraycopy(g, 0, gamma, 0, g.length);
    started = true;
    step = null;
  }

  @Override
  public void writeProgress(ParameterWriter out) {
    out.flag("started", started);
    out.integer("halvings", halvings);
    if (previous != null) {
      out.doubles("previous", previous);
      out.doubles("step", step);
    }
  }

  @Override
  public void readProgress(ParameterReader in) {
    int h = in.integer("halvings");
    if (h < 0 || h > MAX_HALVINGS) {
      throw in.corrupt("'halvings' is " + h + ", outside [0, " + MAX_HALVINGS + "]");
    }
    started = in.flag("started");
    halvings = h;
    int size = k * (p + c);
    previous = in.has("previous") ? in.doubles("previous", size) : null;
    step = previous == null ? null : in.doubles("step", size);
  }

  /**
   * The E-step pass: the hurdle log-densities from the count kernel's at y and at 0; then the
   * hurdle's logistic Newton system from {@code rw} and {@code 1(y > 0)}, and the truncated
   * count part's Newton system from the positive rows (before the first M-step, the count
   * experts' own statistics from the positive rows instead).
   */
  private static final class Kernel implements ExpertKernel {
    private final HurdleExperts experts;
    private final ExpertKernel count;
    private double[] logf = new double[0];
    private double[] logf0 = new double[0];
    private double[] eta = new double[0];
    private Block scored;

    Kernel(HurdleExperts experts) {
      this.experts = experts;
      this.count = experts.count.newKernel();
    }

    private void score(Block b, double[] out) {
      int n = b.n;
      int k = experts.k;
      if (logf.length < n * k) {
        logf = new double[n * k];
        logf0 = new double[n * k];
        eta = new double[n * k];
      }
      experts.checkLabels(b);
      Arrays.fill(logf0, 0, n * k, 0);
      count.addLogLikelihood(atZero(b), true, logf0);
      Arrays.fill(logf, 0, n * k, 0);
      count.addLogLikelihood(b, true, logf);
      experts.zeroPredictors(b, eta);
      int yAt = b.d * n;
      for (int i = 0; i < n && out != null; i++) {
        boolean positive = b.xy[yAt + i] > 0;
        for (int e = 0; e < k; e++) {
          double z = eta[e * n + i];
          out[i * k + e] += positive
              ? -StandardLink.log1pExp(-z) + logf[i * k + e] - log1mExp(logf0[i * k + e])
              : -StandardLink.log1pExp(z);
        }
      }
      scored = b;
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      score(b, out);
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      if (scored != b) { // a start's responsibilities: score at the current parameters
        score(b, null);
      }
      scored = null;
      HurdleStatistics s = (HurdleStatistics) stats;
      int n = b.n;
      int k = experts.k;
      int c = experts.c;
      int p = experts.p;
      int pp = p * (p + 1) / 2;
      int yAt = b.d * n;
      double[] positiveWeights = new double[n * k];
      for (int e = 0; e < k; e++) {
        for (int i = 0; i < n; i++) {
          if (b.xy[yAt + i] > 0) {
            positiveWeights[e * n + i] = rw[e * n + i];
            s.positiveWeights[e] += rw[e * n + i];
          }
        }
      }
      if (!experts.started) {
        count.addStatistics(b, positiveWeights, s.start);
      }
      int[] cols = experts.zero.columns(b, experts.typeId());
      double[] g = new double[c];
      double[] own = new double[p + pp];
      for (int e = 0; e < k; e++) {
        Truncated t = experts.started ? new Truncated(experts, b, e) : null;
        for (int i = 0; i < n; i++) {
          double w = rw[e * n + i];
          if (w == 0) {
            continue;
          }
          double pos = StandardLink.logistic(eta[e * n + i]);
          boolean positive = b.xy[yAt + i] > 0;
          experts.zero.addNewton(b, cols, i, e, w * pos * (1 - pos),
              w * ((positive ? 1 : 0) - pos), g, s.zeroInformation, s.zeroGradient);
          if (t == null || !positive) {
            continue;
          }
          t.row(i, own);
          int hAt = e * p * p;
          for (int col = 0; col < p; col++) {
            s.countGradient[e * p + col] += w * own[col];
            for (int r = 0; r <= col; r++) {
              double v = w * own[p + col * (col + 1) / 2 + r];
              s.countInformation[hAt + col * p + r] += v;
              if (r != col) {
                s.countInformation[hAt + r * p + col] += v;
              }
            }
          }
        }
      }
    }
  }

  @Override
  public String displayName() {
    return "hurdle " + count.displayName();
  }

  @Override
  public String dispersionName() {
    return count.dispersionName();
  }

  @Override
  public double[] dispersionFigures() {
    return count.dispersionFigures();
  }

  @Override
  public String summaryNote() {
    return "family " + typeId() + ": the truncated count part's coefficients on the "
        + link().id() + " link scale; the hurdles' log-odds of a positive count are in the"
        + " estimates";
  }
}
