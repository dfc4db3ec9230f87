package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * Zero-inflated experts around any family of count experts (pomegranate's {@code ZeroInflated}
 * pattern; {@code pscl::zeroinfl} for one component): expert k's answer is a structural zero
 * with probability {@code pi_k(g) = 1 / (1 + exp(-gamma_kᵀ g))} and otherwise a draw of the
 * count expert k, so that
 *
 * <pre>
 *   p(0 | x, g) = pi + (1 - pi) f_k(0 | x),    p(y | x, g) = (1 - pi) f_k(y | x) for y > 0
 * </pre>
 *
 * <p>The zero part's inputs g are an intercept and the block's family columns of the roles
 * given at construction (none: an intercept only). The type id is {@code "zi"} followed by the
 * count family's ({@code zipoisson}, {@code zinegbin}).
 *
 * <p>Fitted by exact EM on the complete data that adds to the component the structural-zero
 * indicator: a zero row's posterior of being structural under expert k is {@code z_ik = pi /
 * (pi + (1 - pi) f_k(0))} (0 for y > 0), the count experts' statistics are filled with the
 * weights {@code w_i r_ik (1 - z_ik)} by their own kernel, and the zero part takes one logistic
 * Newton step on the responses {@code z_ik} with weights {@code w_i r_ik}, warm-started: a
 * generalised EM step on the true likelihood (not flexmix's approximation), with step halving
 * when the bound falls, so that it converges to a maximum of the zero-inflated mixture's
 * likelihood.
 *
 * <p>Per-row derivatives for standard errors come from the count experts' ({@link
 * ExpertScores}): with {@code s}, {@code H} the count log-density's score and curvature at
 * {@code y = 0} and {@code D = pi + (1 - pi) f(0)}, a zero row has score {@code (1 - z) s} and
 * {@code (z - pi) g}, curvature {@code (1 - z) H - z (1 - z) s sᵀ}, {@code pi (1 - pi) (1 -
 * f(0) / D²) g gᵀ} and cross term {@code f(0) pi (1 - pi) / D² s gᵀ}; a positive row {@code s},
 * {@code -pi g}, {@code H} and {@code pi (1 - pi) g gᵀ}.
 *
 * <p>Predictions are the mean {@code (1 - pi) mu} and the variance {@code (1 - pi)(V + pi mu²)}
 * (V the count expert's). The coefficients reported as {@link LinearPredictors} are the count
 * part's; the zero part's are {@link #zeroCoefficients}.
 */
public final class ZeroInflatedExperts extends ZeroPartExperts<ExpertFamily> {
  private static final long serialVersionUID = 1L;
  /** The prefix of the type id. */
  public static final String PREFIX = "zi";

  /**
   * Zero-inflated experts whose zero part reads an intercept and the given family columns.
   *
   * @param count K count experts (one output, linear predictors, per-row scores and a
   *     predictive variance: Poisson, negative binomial)
   * @param zeroRoles the roles of the block's family columns the zero part reads besides its
   *     intercept (empty: an intercept only)
   */
  public ZeroInflatedExperts(ExpertFamily count, List<String> zeroRoles) {
    this(count, new ZeroInputs(zeroRoles));
  }

  /** Zero-inflated experts whose zero part reads the given inputs. */
  ZeroInflatedExperts(ExpertFamily count, ZeroInputs zero) {
    super(checked(count), zero, PREFIX, "zero part", "zero-part");
  }

  private static ExpertFamily checked(ExpertFamily count) {
    if (!(count instanceof ExpertScores) || !(count instanceof PredictiveVariance)) {
      throw new IllegalArgumentException("zero inflation needs count experts with per-row scores"
          + " and a predictive variance; '" + count.typeId() + "' has not");
    }
    if (count.numOutputs() != 1) {
      throw new IllegalArgumentException("family '" + PREFIX + count.typeId() + "' fits one"
          + " output, got " + count.numOutputs());
    }
    return count;
  }

  @Override
  ZeroInflatedExperts around(ExpertFamily counts) {
    return new ZeroInflatedExperts(counts, zero);
  }

  @Override
  public void setLabelName(String label) {
    super.setLabelName(label);
    if (count instanceof LabelColumn named) {
      named.setLabelName(label);
    }
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public ExpertStatistics newStatistics() {
    return new ZeroStatistics(count.newStatistics(), k, c);
  }

  @Override
  public double boundTerm() {
    return count.boundTerm();
  }

  @Override
  public List<String> takeNotes() {
    return count.takeNotes();
  }

  // ---------------------------------------------------------------- M-step

  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    ZeroStatistics s = (ZeroStatistics) statistics;
    count.mStep(s.count, s.countWeights.clone());
    double total = Arrays.stream(weights).sum();
    double[] before = gamma.clone();
    double[] change = new double[k * c];
    for (int e = 0; e < k; e++) {
      if (weights[e] > EMPTY * total) {
        System.arraycopy(zeroNewtonStep(s.information, s.gradient, e), 0, change, e * c, c);
      }
    }
    if (started) {
      lastStep.taken(before, change);
    } else {
      lastStep.forget();
    }
    started = true;
  }

  /** Halves the count experts' step (when they take one) and the zero part's. */
  @Override
  public boolean halveLastStep() {
    boolean counts = count instanceof StepHalving h && h.halveLastStep();
    double[] at = lastStep.halve();
    if (at == null) {
      return counts;
    }
    System.arraycopy(at, 0, gamma, 0, at.length);
    return true;
  }

  // ---------------------------------------------------------------- predictions

  /** {@code (1 - pi) mu}. */
  @Override
  public void predict(Block b, double[] out) {
    int n = b.n;
    count.predict(b, out);
    double[] eta = new double[n * k];
    zeroPredictors(b, eta);
    for (int i = 0; i < n * k; i++) {
      out[i] *= 1 - StandardLink.logistic(eta[i]);
    }
  }

  /** {@code (1 - pi)(V + pi mu²)}. */
  @Override
  public void predictiveVariance(Block b, double[] out) {
    int n = b.n;
    double[] mu = new double[n * k];
    count.predict(b, mu);
    ((PredictiveVariance) count).predictiveVariance(b, out);
    double[] eta = new double[n * k];
    zeroPredictors(b, eta);
    for (int i = 0; i < n * k; i++) {
      double pi = StandardLink.logistic(eta[i]);
      out[i] = (1 - pi) * (out[i] + pi * mu[i] * mu[i]);
    }
  }

  // ---------------------------------------------------------------- scores

  @Override
  public boolean atBound(int q) {
    return q < scores().numScoreParameters() && scores().atBound(q);
  }

  @Override
  public boolean maximumLikelihood() {
    return scores().maximumLikelihood();
  }

  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    checkIndex(e);
    int n = b.n;
    int p = scores().expertParameters();
    int pp = p * (p + 1) / 2;
    int all = p + c;
    int packed = all * (all + 1) / 2;
    double[] s = new double[n * p];
    double[] h = new double[n * pp];
    scores().rowDerivatives(b, e, s, h);
    double[] logf = new double[n * k];
    count.newKernel().addLogLikelihood(b, true, logf);
    double[] eta = new double[n * k];
    zeroPredictors(b, eta);
    int[] cols = zeroColumns(b);
    int yAt = b.d * n;
    double[] g = new double[c];
    Arrays.fill(curvature, 0, n * packed, 0);
    for (int i = 0; i < n; i++) {
      double pi = StandardLink.logistic(eta[e * n + i]);
      double a;       // weight of the count score
      double sCurve;  // weight of s sᵀ in the count curvature (subtracted)
      double gScore;  // the zero part's score per input
      double gCurve;  // the zero part's curvature per g gᵀ
      double cross;   // the cross curvature per s gᵀ
      if (b.xy[yAt + i] == 0) {
        double f0 = Math.exp(logf[i * k + e]);
        double dd = pi + (1 - pi) * f0;
        double zeta = pi / dd;
        a = 1 - zeta;
        sCurve = zeta * (1 - zeta);
        gScore = zeta - pi;
        gCurve = pi * (1 - pi) * (1 - f0 / (dd * dd));
        cross = f0 * pi * (1 - pi) / (dd * dd);
      } else {
        a = 1;
        sCurve = 0;
        gScore = -pi;
        gCurve = pi * (1 - pi);
        cross = 0;
      }
      for (int j = 0; j < c; j++) {
        g[j] = ZeroInputs.input(b, cols, i, j);
      }
      int at = i * packed;
      for (int col = 0; col < p; col++) {
        double sc = s[col * n + i];
        score[col * n + i] = a * sc;
        for (int r = 0; r <= col; r++) {
          curvature[at + col * (col + 1) / 2 + r] = a * h[i * pp + col * (col + 1) / 2 + r]
              - sCurve * s[r * n + i] * sc;
        }
      }
      for (int j = 0; j < c; j++) {
        int base = at + (p + j) * (p + j + 1) / 2;
        for (int r = 0; r < p; r++) {
          curvature[base + r] = cross * s[r * n + i] * g[j];
        }
      }
      putZeroDerivatives(g, n, i, p, at, gScore, gCurve, score, curvature);
    }
  }

  // ---------------------------------------------------------------- persistence

  @Override
  int stepLength() {
    return k * c;
  }

  /** The zero part's progress, then the count experts' (item {@code count}) when they keep one. */
  @Override
  public void writeProgress(ParameterWriter out) {
    super.writeProgress(out);
    if (count instanceof Resumable r) {
      r.writeProgress(out.item("count"));
    }
  }

  @Override
  public void readProgress(ParameterReader in) {
    super.readProgress(in);
    if (count instanceof Resumable r) {
      r.readProgress(in.items("count", 1).get(0));
    }
  }

  /**
   * The count kernel's log-densities per row and expert, turned into the zero-inflated ones
   * ({@link ZeroInflatedLoops}); then, in one sweep of each expert's rows, the count experts'
   * weights {@code rw (1 - z)} and the zero part's Newton weights from {@code rw} and {@code
   * z}; the count experts' statistics from the former, the zero part's Newton sums by columns
   * ({@link ZeroInputs#addNewton(Block, int[], int, double[], double[], double[], double[])}).
   */
  private static final class Kernel implements ExpertKernel {
    private final ZeroInflatedExperts experts;
    private final ExpertKernel count;
    private final ZeroInflatedLoops loops = ZeroInflatedLoops.create();
    /** The count log-densities as the count kernel adds them, row-major n x K. */
    private double[] countRows = new double[0];
    private double[] logf = new double[0];
    private double[] density = new double[0];
    private double[] eta = new double[0];
    private double[] zeta = new double[0];
    private double[] pi = new double[0];
    private double[] countWeights = new double[0];
    /** The zero part's Newton weights {@code rw pi (1 - pi)} and scores {@code rw (z - pi)}. */
    private double[] newtonWeights = new double[0];
    private double[] newtonScores = new double[0];
    private Block scored;

    Kernel(ZeroInflatedExperts experts) {
      this.experts = experts;
      this.count = experts.count.newKernel();
    }

    /**
     * The count log-densities, zero-part predictors, probabilities pi and posteriors z
     * (column-major n x K), and the zero-inflated log-densities added into {@code out} (row-major
     * n x K) when given, through the partition's {@link ZeroInflatedLoops}.
     */
    private void score(Block b, boolean plugIn, double[] out) {
      int n = b.n;
      int k = experts.k;
      if (logf.length < n * k) {
        countRows = new double[n * k];
        logf = new double[n * k];
        eta = new double[n * k];
        zeta = new double[n * k];
        pi = new double[n * k];
        density = new double[n * k];
        countWeights = new double[n * k];
        newtonWeights = new double[n * k];
        newtonScores = new double[n * k];
      }
      experts.checkLabels(b);
      Arrays.fill(countRows, 0, n * k, 0);
      count.addLogLikelihood(b, plugIn, countRows);
      for (int i = 0; i < n; i++) {
        for (int e = 0; e < k; e++) {
          logf[e * n + i] = countRows[i * k + e];
        }
      }
      experts.zeroPredictors(b, eta);
      for (int e = 0; e < k; e++) {
        loops.densities(n, b.xy, b.d * n, logf, eta, e * n, pi, zeta, density);
      }
      if (out != null) {
        for (int i = 0; i < n; i++) {
          for (int e = 0; e < k; e++) {
            out[i * k + e] += density[e * n + i];
          }
        }
      }
      scored = b;
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      score(b, plugIn, out);
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      if (scored != b) { // a start's responsibilities: score at the current parameters
        score(b, true, null);
      }
      scored = null;
      ZeroStatistics s = (ZeroStatistics) stats;
      int n = b.n;
      int k = experts.k;
      for (int e = 0; e < k; e++) {
        double total = 0;
        for (int i = e * n; i < (e + 1) * n; i++) {
          double w = rw[i];
          double z = zeta[i];
          double p = pi[i];
          countWeights[i] = w * (1 - z);
          total += countWeights[i];
          newtonWeights[i] = w * p * (1 - p);
          newtonScores[i] = w * (z - p);
        }
        s.countWeights[e] += total;
      }
      count.addStatistics(b, countWeights, s.count);
      experts.zero.addNewton(b, experts.zeroColumns(b), k, newtonWeights, newtonScores,
          s.information, s.gradient);
    }
  }

  @Override
  public String displayName() {
    return "zero-inflated " + count().displayName();
  }

  @Override
  public String summaryNote() {
    return "family " + typeId() + ": the count part's coefficients on the " + link().id()
        + " link scale; the zero parts' log-odds of a structural zero are in the estimates";
  }

  /** The count experts' own description. */
  private DescribedExperts count() {
    return DescribedExperts.of(countExperts());
  }
}
