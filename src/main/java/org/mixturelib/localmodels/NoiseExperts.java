package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * A background noise component around any family of experts (flexmix's {@code FLXMRrobglm}):
 * K - 1 real experts of the wrapped family, then, last, one expert whose density is fixed by the
 * complete data and absorbs gross outliers ({@link Background}: for the Gaussian family a normal
 * at the answer's mean and variance, for count families a Poisson at three times its mean). The
 * gate weighs the noise component like any other, so its weight is the estimated share of
 * outliers.
 *
 * <p>A wrapper, not an engine option: the engine, the gates and the front ends see K experts as
 * usual, and the wrapped family keeps its own kernel, statistics and M-step, which see only its
 * K - 1 columns (the noise column is last, so the weighted responsibilities of the real experts
 * are the first (K - 1) n entries, passed on uncopied). The background is recomputed at every
 * M-step from case-weighted sums over all rows (the same figures each time: flexmix's {@code
 * bgw = FALSE}), so it costs no parameter (AIC and BIC count the wrapped family's).
 *
 * <p>The noise component is, as in flexmix, an intercept-only expert on the wrapped family's
 * link: its coefficients are the background mean on the link scale at the intercept column and
 * zeros elsewhere, its prediction is the background mean, its dispersion the background variance
 * (normal) or 1 (Poisson). Its parameters are fixed, so they have no standard errors (reported as
 * held). Removing the noise component (a degenerate one) leaves the wrapped family, as flexmix's
 * {@code FLXremoveComponent} does.
 */
public class NoiseExperts implements LinearPredictors, PredictiveVariance, StepHalving,
    ExpertScores, Resumable, DescribedExperts {
  private static final long serialVersionUID = 1L;
  /** Appended to the wrapped family's type id. */
  public static final String TYPE_SUFFIX = "+noise";

  private final ExpertFamily inner;
  private final Background background;
  private final int intercept;
  private double mean = Double.NaN;
  private double variance = Double.NaN;

  private NoiseExperts(ExpertFamily inner, Background background, int intercept) {
    this.inner = inner;
    this.background = background;
    this.intercept = intercept;
  }

  /**
   * K experts: the given family's first K - 1 and a noise component.
   *
   * @param experts K experts of a family with a background (Gaussian or counts), one output,
   *     linear predictors and per-row scores; the last one is replaced by the noise component
   * @param intercept the feature column that is constant 1 (the noise component's coefficients
   *     are an intercept only)
   * @throws IllegalArgumentException naming what does not fit: K below 2, a family without a
   *     background, several outputs, an intercept column outside the features
   */
  public static NoiseExperts around(ExpertFamily experts, int intercept) {
    Background bg = Background.of(experts.typeId());
    if (bg == null || !(experts instanceof LinearPredictors)
        || !(experts instanceof ExpertScores) || !(experts instanceof PredictiveVariance)) {
      throw new IllegalArgumentException("noiseComponent is defined for the families gaussian,"
          + " poisson, negbin, zipoisson and zinegbin (flexmix's FLXMRrobglm: gaussian and"
          + " poisson), not '" + experts.typeId() + "'");
    }
    if (experts.numExperts() < 2) {
      throw new IllegalArgumentException("noiseComponent needs k >= 2 (k counts the noise"
          + " component), got k = " + experts.numExperts());
    }
    if (experts.numOutputs() != 1) {
      throw new IllegalArgumentException("noiseComponent fits one output, got "
          + experts.numOutputs());
    }
    if (intercept < 0 || intercept >= experts.numFeatures()) {
      throw new IllegalArgumentException("the noise component's intercept column " + intercept
          + " is outside the " + experts.numFeatures() + " features");
    }
    int[] real = new int[experts.numExperts() - 1];
    Arrays.setAll(real, e -> e);
    return wrap(experts.restrictTo(real), bg, intercept);
  }

  private static NoiseExperts wrap(ExpertFamily inner, Background bg, int intercept) {
    return inner instanceof NoiseFloor && inner instanceof NoiseRatio
        ? new WithNoiseVariance(inner, bg, intercept) : new NoiseExperts(inner, bg, intercept);
  }

  /** The real experts (K - 1 of them). */
  public ExpertFamily inner() {
    return inner;
  }

  /** The noise component's index: K - 1, the last. */
  public int noiseIndex() {
    return inner.numExperts();
  }

  private LinearPredictors linear() {
    return (LinearPredictors) inner;
  }

  private ExpertScores scores() {
    return (ExpertScores) inner;
  }

  @Override
  public String typeId() {
    return inner.typeId() + TYPE_SUFFIX;
  }

  @Override
  public int numExperts() {
    return inner.numExperts() + 1;
  }

  @Override
  public int numFeatures() {
    return inner.numFeatures();
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
    return new NoiseStatistics(inner.newStatistics());
  }

  /** The wrapped experts' M-step on their weights; the background from all rows. */
  @Override
  public void mStep(ExpertStatistics stats, double[] weights) {
    NoiseStatistics s = (NoiseStatistics) stats;
    inner.mStep(s.inner, Arrays.copyOf(weights, inner.numExperts()));
    double m = s.mean();
    double v = s.variance();
    double bm = background.mean(m, v);
    double bv = background.variance(m, v);
    if (!(bm > 0 || background == Background.NORMAL) || !(bv > 0) || !Double.isFinite(bv)) {
      throw new IllegalArgumentException("the noise component needs answers with a positive"
          + " spread" + (background == Background.POISSON ? " and mean" : "") + "; their mean is "
          + m + " and variance " + v);
    }
    mean = bm;
    variance = bv;
  }

  @Override
  public double boundTerm() {
    return inner.boundTerm();
  }

  /** The wrapped family's: the background is fixed by the data. */
  @Override
  public int numFreeParameters() {
    return inner.numFreeParameters();
  }

  @Override
  public NoiseExperts copy() {
    NoiseExperts c = wrap(inner.copy(), background, intercept);
    c.mean = mean;
    c.variance = variance;
    return c;
  }

  /**
   * The kept experts; without the noise component, the wrapped family alone.
   *
   * @throws IllegalArgumentException when the noise component is kept but not last
   */
  @Override
  public ExpertFamily restrictTo(int[] keep) {
    int noise = noiseIndex();
    int at = -1;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i] == noise) {
        at = i;
      }
    }
    if (at < 0) {
      return inner.restrictTo(keep);
    }
    if (at != keep.length - 1 || keep.length < 2) {
      throw new IllegalArgumentException("the noise component must stay last, beside at least"
          + " one real expert: " + Arrays.toString(keep));
    }
    NoiseExperts c = wrap(inner.restrictTo(Arrays.copyOf(keep, keep.length - 1)), background,
        intercept);
    c.mean = mean;
    c.variance = variance;
    return c;
  }

  @Override
  public void predict(Block b, double[] out) {
    inner.predict(b, out);
    Arrays.fill(out, noiseIndex() * b.n, numExperts() * b.n, mean);
  }

  @Override
  public void predictiveVariance(Block b, double[] out) {
    ((PredictiveVariance) inner).predictiveVariance(b, out);
    Arrays.fill(out, noiseIndex() * b.n, numExperts() * b.n, variance);
  }

  @Override
  public boolean isFinite() {
    return inner.isFinite() && !Double.isInfinite(mean) && !Double.isInfinite(variance);
  }

  @Override
  public List<String> takeNotes() {
    return inner.takeNotes();
  }

  @Override
  public boolean halveLastStep() {
    return inner instanceof StepHalving h && h.halveLastStep();
  }

  // ---------------------------------------------------------------- linear predictors

  /** The noise component's: the background mean on the link scale at the intercept. */
  @Override
  public double[] coefficients(int e) {
    if (e != noiseIndex()) {
      return linear().coefficients(e);
    }
    double[] w = new double[numFeatures()];
    w[intercept] = link().link(mean);
    return w;
  }

  /** Null for the noise component: its parameters are fixed. */
  @Override
  public double[] covariance(int e) {
    return e == noiseIndex() ? null : linear().covariance(e);
  }

  @Override
  public Link link() {
    return linear().link();
  }

  @Override
  public double[] dispersions() {
    double[] real = linear().dispersions();
    double[] out = Arrays.copyOf(real, numExperts());
    out[noiseIndex()] = background.dispersion(variance);
    return out;
  }

  // ---------------------------------------------------------------- scores

  /** The wrapped family's parameters, then the noise component's (fixed, held). */
  @Override
  public int numScoreParameters() {
    return scores().numScoreParameters() + expertParameters();
  }

  @Override
  public int expertParameters() {
    return scores().expertParameters();
  }

  @Override
  public int parameterIndex(int e, int j) {
    return e == noiseIndex() ? scores().numScoreParameters() + j : scores().parameterIndex(e, j);
  }

  @Override
  public double parameterValue(int p) {
    int own = p - scores().numScoreParameters();
    if (own < 0) {
      return scores().parameterValue(p);
    }
    return own < numFeatures() ? coefficients(noiseIndex())[own] : dispersions()[noiseIndex()];
  }

  @Override
  public String parameterName(int p) {
    int own = p - scores().numScoreParameters();
    if (own < 0) {
      return scores().parameterName(p);
    }
    return (own < numFeatures() ? "coefficient " + own : "dispersion")
        + " of the noise component (fixed by the data)";
  }

  /** The noise component's parameters: fixed by the data, so held (no standard error). */
  @Override
  public boolean atBound(int p) {
    int own = p - scores().numScoreParameters();
    return own >= 0 || scores().atBound(p);
  }

  @Override
  public boolean maximumLikelihood() {
    return scores().maximumLikelihood();
  }

  /** The noise component's log-density depends on no parameter: zero derivatives. */
  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    if (e != noiseIndex()) {
      scores().rowDerivatives(b, e, score, curvature);
      return;
    }
    int p = expertParameters();
    Arrays.fill(score, 0, b.n * p, 0);
    Arrays.fill(curvature, 0, b.n * p * (p + 1) / 2, 0);
  }

  // ---------------------------------------------------------------- persistence

  /** The background's mean and variance, then the wrapped family's parameters. */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("background", new double[] {mean, variance});
    inner.writeParameters(out.item("experts"));
  }

  @Override
  public void readParameters(ParameterReader in) {
    double[] bg = in.doubles("background", 2);
    if (!Double.isFinite(bg[0]) || !(bg[1] > 0) || Double.isInfinite(bg[1])) {
      throw in.corrupt("the noise component's background is " + Arrays.toString(bg)
          + "; expected a finite mean and a finite variance > 0");
    }
    inner.readParameters(in.items("experts", 1).get(0));
    mean = bg[0];
    variance = bg[1];
  }

  @Override
  public void writeProgress(ParameterWriter out) {
    if (inner instanceof Resumable r) {
      r.writeProgress(out.item("experts"));
    }
  }

  @Override
  public void readProgress(ParameterReader in) {
    if (inner instanceof Resumable r) {
      r.readProgress(in.items("experts", 1).get(0));
    }
  }

  /**
   * The wrapped kernel on the first K - 1 columns (the gate's log weights copied out and back,
   * since the log-likelihoods are row-major), then the background's log-density in the last.
   */
  private static final class Kernel implements ExpertKernel {
    private final NoiseExperts experts;
    private final ExpertKernel inner;
    private double[] logw = new double[0];

    Kernel(NoiseExperts experts) {
      this.experts = experts;
      this.inner = experts.inner.newKernel();
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      int n = b.n;
      int real = experts.noiseIndex();
      int k = real + 1;
      if (logw.length < n * real) {
        logw = new double[n * real];
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(out, i * k, logw, i * real, real);
      }
      inner.addLogLikelihood(b, plugIn, logw);
      Background bg = experts.background;
      double m = experts.mean;
      double v = experts.variance;
      int yAt = b.d * n;
      for (int i = 0; i < n; i++) {
        System.arraycopy(logw, i * real, out, i * k, real);
        out[i * k + real] += bg.logDensity(b.xy[yAt + i], m, v);
      }
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      NoiseStatistics s = (NoiseStatistics) stats;
      inner.addStatistics(b, rw, s.inner);
      int yAt = b.d * b.n;
      for (int i = 0; i < b.n; i++) {
        double w = b.weights[i];
        double y = b.xy[yAt + i];
        s.sumW += w;
        s.sumW2 += w * w;
        s.sumWy += w * y;
        s.sumWy2 += w * y * y;
      }
    }
  }

  /**
   * Around experts with noise variances (Gaussian): the engine's variance floor and ratio bound
   * pass on to them.
   */
  private static final class WithNoiseVariance extends NoiseExperts
      implements NoiseFloor, NoiseRatio {
    private static final long serialVersionUID = 1L;

    WithNoiseVariance(ExpertFamily inner, Background bg, int intercept) {
      super(inner, bg, intercept);
    }

    @Override
    public double varianceFloor() {
      return ((NoiseFloor) inner()).varianceFloor();
    }

    @Override
    public void setVarianceFloor(double floor) {
      ((NoiseFloor) inner()).setVarianceFloor(floor);
    }

    @Override
    public double maxVarianceRatio() {
      return ((NoiseRatio) inner()).maxVarianceRatio();
    }

    @Override
    public void setMaxVarianceRatio(double ratio) {
      ((NoiseRatio) inner()).setMaxVarianceRatio(ratio);
    }
  }

  /** The real experts' name: the noise component is named in the component table. */
  @Override
  public String displayName() {
    return real().displayName();
  }

  @Override
  public String dispersionName() {
    return real().dispersionName();
  }

  /**
   * The real experts' figures, and for the noise component the background's standard
   * deviation beside Gaussian experts (NaN beside the count families).
   */
  @Override
  public double[] dispersionFigures() {
    double[] real = real().dispersionFigures();
    if (real == null) {
      return null;
    }
    double[] out = Arrays.copyOf(real, numExperts());
    out[noiseIndex()] = inner() instanceof LinearExperts
        ? Math.sqrt(dispersions()[noiseIndex()]) : Double.NaN;
    return out;
  }

  @Override
  public String summaryNote() {
    return real().summaryNote();
  }

  /** The noise component: the last. */
  @Override
  public int backgroundComponent() {
    return noiseIndex();
  }

  private DescribedExperts real() {
    return DescribedExperts.of(inner);
  }
}
