package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Cholesky;

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
 * binomial's theta) is stepped on the log scale. Count experts with no coefficients yet are
 * started at the first M-step by their own IRLS step on the positive rows (their usual start,
 * untruncated); coefficients given before the fit ({@link GlmExperts#setCoefficients}, read
 * parameters) are a start, stepped from like a fit's.
 *
 * <p>Predictions are the mean {@code p mu / (1 - f(0))} and the variance {@code p (V + mu²) / (1
 * - f(0)) - mean²} (V the count expert's). The coefficients reported as {@link LinearPredictors}
 * are the count part's; the hurdle's are {@link #zeroCoefficients}.
 */
public final class HurdleExperts extends ZeroPartExperts<GlmExperts> {
  private static final long serialVersionUID = 1L;
  /** Largest change of a log shape in one M-step. */
  private static final double MAX_LOG_STEP = 2;
  /** The prefix of the type id. */
  public static final String PREFIX = "hurdle";

  /** Count parameters per expert: D coefficients, then the shape when the family has one. */
  private final int p;
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
    super(checked(count), zero, PREFIX, "hurdle", "hurdle");
    this.p = count.expertParameters();
  }

  private static GlmExperts checked(GlmExperts count) {
    if (!(count.family() instanceof CountFamily)) {
      throw new IllegalArgumentException("a hurdle needs count experts (poisson, negbin); '"
          + count.typeId() + "' is not a count family");
    }
    if (count.coefficientStructure() != null) {
      throw new IllegalArgumentException("family '" + PREFIX + count.typeId() + "' does not"
          + " share coefficients between components");
    }
    if (count.penalty() != null) {
      throw new IllegalArgumentException("family '" + PREFIX + count.typeId() + "' does not"
          + " take a penalty");
    }
    return count;
  }

  @Override
  HurdleExperts around(GlmExperts counts) {
    return new HurdleExperts(counts, zero);
  }

  @Override
  public void setLabelName(String label) {
    super.setLabelName(label);
    count.setColumnNames(label, null);
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  /** With the count experts' own statistics while they are not started. */
  @Override
  public ExpertStatistics newStatistics() {
    return new HurdleStatistics(countStarted() ? null : count.newStatistics(), k, p, c);
  }

  @Override
  public double boundTerm() {
    return 0;
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

  /**
   * Whether the count experts hold coefficients to step from: after the first M-step, or given
   * before the fit (unpenalised GLM experts have a parameter vector exactly then). Otherwise
   * the first M-step starts them with their own IRLS step.
   */
  private boolean countStarted() {
    return started || count.parameterVector() != null;
  }

  // ---------------------------------------------------------------- M-step

  /**
   * The count part's Newton step and the hurdle's, per expert; for count experts not yet
   * started ({@link #countStarted}), their own first M-step on the positive rows instead.
   */
  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    HurdleStatistics s = (HurdleStatistics) statistics;
    double total = Arrays.stream(weights).sum();
    double[] before = parameters();
    boolean stepping = s.start == null;
    if (!stepping) {
      count.mStep(s.start, s.positiveWeights.clone());
    }
    for (int e = 0; e < k; e++) {
      if (!(weights[e] > EMPTY * total)) {
        continue;
      }
      zeroNewtonStep(s.zeroInformation, s.zeroGradient, e);
      if (stepping && s.positiveWeights[e] > EMPTY * total) {
        countStep(s, e);
      }
    }
    double[] after = parameters();
    if (stepping) {
      double[] step = new double[after.length];
      for (int i = 0; i < step.length; i++) {
        step[i] = after[i] - before[i];
      }
      lastStep.taken(before, step);
    } else {
      lastStep.forget();
    }
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
    double[] at = lastStep.halve();
    if (at == null) {
      return false;
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

  /** None: the count part's IRLS covariance does not hold for its truncated likelihood. */
  @Override
  public double[] covariance(int e) {
    checkIndex(e);
    return null;
  }

  // ---------------------------------------------------------------- scores

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
    int[] cols = zeroColumns(b);
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
      putZeroDerivatives(g, n, i, p, at, (positive ? 1 : 0) - pos, pos * (1 - pos), score,
          curvature);
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

  @Override
  int stepLength() {
    return k * (p + c);
  }

  /**
   * The E-step pass: the hurdle log-densities from the count kernel's at y and at 0; then the
   * hurdle's logistic Newton system from {@code rw} and {@code 1(y > 0)}, and the truncated
   * count part's Newton system from the positive rows (for count experts not yet started, their
   * own statistics from the positive rows instead).
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
      if (s.start != null) {
        count.addStatistics(b, positiveWeights, s.start);
      }
      int[] cols = experts.zeroColumns(b);
      double[] g = new double[c];
      double[] own = new double[p + pp];
      for (int e = 0; e < k; e++) {
        Truncated t = s.start == null ? new Truncated(experts, b, e) : null;
        for (int i = 0; i < n; i++) {
          double w = rw[e * n + i];
          if (w == 0) {
            continue;
          }
          boolean positive = b.xy[yAt + i] > 0;
          experts.addZeroNewton(b, cols, i, e, w, StandardLink.logistic(eta[e * n + i]),
              positive ? 1 : 0, g, s.zeroInformation, s.zeroGradient);
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
  public String summaryNote() {
    return "family " + typeId() + ": the truncated count part's coefficients on the "
        + link().id() + " link scale; the hurdles' log-odds of a positive count are in the"
        + " estimates";
  }
}
