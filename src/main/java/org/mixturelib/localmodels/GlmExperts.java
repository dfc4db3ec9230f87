package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.linalg.SpecialFunctions;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * K generalised linear model experts of one family (Poisson, binomial, Gamma; one output),
 * held as one object: expert k's mean is {@code mu = g⁻¹(W_kᵀ x + offset)}. Log-likelihoods
 * carry their full normalising constants ({@code log y!}, {@code log C(n, y)}, the Gamma
 * terms), so that they compare with R's {@code logLik}.
 *
 * <p>The M-step is one step of iteratively reweighted least squares (Fisher scoring) per EM
 * iteration, warm-started from the current coefficients, with no extra pass: the E-step pass
 * already has every expert's linear predictor per row, so its kernel also accumulates each
 * expert's weighted normal equations {@code Σ_i w_i r_ik W_ik x_i x_iᵀ} and {@code Σ_i w_i r_ik
 * W_ik z_ik x_i} (IRLS weight W and working response z at the current coefficients, the offset
 * taken out), and the driver solves them: a generalised EM step. The first M-step, before any
 * coefficients, starts from R's {@code mustart} ({@code y + 0.1} for Poisson, {@code (y + 0.5)
 * / (n + 1)} for binomial, y for Gamma). When the next E-step finds that the bound fell, the
 * engine asks for the step to be halved ({@link StepHalving}): the coefficients and the Gamma
 * shapes go back to half of their step, so that the bound never decreases. A Gamma expert's
 * shape {@code nu} is its maximum-likelihood value at the current means (Newton on {@code log
 * nu - ψ(nu) = mean of y/mu - 1 - log(y/mu)}); the first M-step keeps the shape it starts
 * with (1 unless set), since its means are {@code mustart = y}, where that mean is 0 and the
 * shape would be infinite (every start a hard classification).
 *
 * <p>Separation (binomial) and means that run off to 0 or infinity do not stop a fit: the
 * coefficients grow by about one unit of the linear predictor per iteration while the bound's
 * gain vanishes, so EM stops on its tolerance with finite parameters, and a note says which
 * expert it is. Singular normal equations get a ridge (noted).
 *
 * <p>Arrays are column-major; the coefficients are one {@code D x K} array.
 */
public final class GlmExperts implements LinearPredictors, PredictiveVariance, StepHalving,
    ExpertScores, SharedCoefficientExperts, Resumable {
  private static final long serialVersionUID = 1L;
  /** Experts whose share of the total weight is at most this are not updated. */
  private static final double EMPTY = 1e-10;
  /** A linear predictor beyond this magnitude on an expert's rows is noted. */
  private static final double EXTREME_ETA = 30;
  /** Rows whose weight for an expert is below this do not count for {@link #EXTREME_ETA}. */
  private static final double HOLDS_ROW = 1e-3;
  /** Most halvings of one M-step's coefficient step. */
  private static final int MAX_HALVINGS = 30;

  private final GlmFamily family;
  private final int k;
  private final int d;
  private final double[] coefficients;
  private final double[] shapes;
  private final double[][] covariances;
  private String labelName = "label";
  private String trialsName = "trials";
  private boolean started;
  private double[] previous;
  private double[] step;
  private double[] previousShapes;
  private double[] shapeStep;
  private int halvings;
  /** Which coefficients the experts share, or null: each expert its own. */
  private CoefficientStructure structure;
  private transient Notes notes;

  /**
   * K experts of a family with coefficients zero (and Gamma shape 1), before their first
   * M-step.
   *
   * @param family the response distribution (its default link)
   * @param k number of experts
   * @param d number of features (the intercept column included)
   */
  public GlmExperts(GlmFamily family, int k, int d) {
    if (k < 1) {
      throw new IllegalArgumentException("k (number of experts) must be >= 1, got " + k);
    }
    if (d < 1) {
      throw new IllegalArgumentException("experts need at least one feature, got d=" + d);
    }
    this.family = family;
    this.k = k;
    this.d = d;
    this.coefficients = new double[d * k];
    this.shapes = new double[k];
    this.covariances = new double[k][];
    Arrays.fill(shapes, 1.0);
  }

  @Override
  public GlmExperts copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  public GlmExperts restrictTo(int[] keep) {
    if (keep.length < 1) {
      throw new IllegalArgumentException("restrictTo needs at least one expert to keep");
    }
    GlmExperts c = new GlmExperts(family, keep.length, d);
    for (int i = 0; i < keep.length; i++) {
      int e = keep[i];
      checkIndex(e);
      System.arraycopy(coefficients, e * d, c.coefficients, i * d, d);
      c.shapes[i] = shapes[e];
      c.covariances[i] = covariances[e] == null ? null : covariances[e].clone();
    }
    c.started = started;
    c.labelName = labelName;
    c.trialsName = trialsName;
    c.structure = structure == null ? null : structure.restrictTo(keep);
    return c;
  }

  private void checkIndex(int e) {
    if (e < 0 || e >= k) {
      throw new IllegalArgumentException("expert index " + e + " is outside [0, " + k + ")");
    }
  }

  // ---------------------------------------------------------------- configuration, accessors

  /** Sets expert e's coefficients (length D) as the current fit (a warm start). */
  public void setCoefficients(int e, double[] w) {
    checkIndex(e);
    if (w.length != d) {
      throw new IllegalArgumentException("coefficients of expert " + e + " have " + w.length
          + " entries, expected " + d);
    }
    System.arraycopy(w, 0, coefficients, e * d, d);
    covariances[e] = null;
    started = true;
    step = null;
  }

  /**
   * Shares coefficients between the experts (flexmix's {@code FLXMRglmfix(fixed, nested)}):
   * each IRLS step then solves the experts' weighted least-squares systems tied ({@link
   * CoefficientStructure#solve}, each weighted by its shape {@code 1 / dispersion}).
   *
   * @param s the structure of these K experts over these D features, or null (each its own)
   */
  @Override
  public void setCoefficientStructure(CoefficientStructure s) {
    if (s != null && (s.numExperts() != k || s.numFeatures() != d)) {
      throw new IllegalArgumentException("the coefficient structure is for " + s.numExperts()
          + " experts and " + s.numFeatures() + " features; these are " + k + " and " + d);
    }
    structure = s;
  }

  @Override
  public CoefficientStructure coefficientStructure() {
    return structure;
  }

  /** Sets expert e's dispersion ({@code 1 / shape}; Gamma only). */
  public void setDispersion(int e, double dispersion) {
    checkIndex(e);
    if (!family.hasDispersion()) {
      throw new IllegalArgumentException("the " + family.paramName() + " family has no"
          + " dispersion to set");
    }
    if (!(dispersion > 0) || Double.isInfinite(dispersion)) {
      throw new IllegalArgumentException("dispersion of expert " + e + " must be a finite"
          + " value > 0, got " + dispersion);
    }
    shapes[e] = 1 / dispersion;
  }

  /**
   * Names the label and trials columns in the messages about bad labels.
   *
   * @param label the label column's name
   * @param trials the trials column's name, or null or empty for none (Bernoulli)
   */
  public void setColumnNames(String label, String trials) {
    labelName = label;
    trialsName = trials == null || trials.isEmpty() ? "trials" : trials;
  }

  /** The response distribution. */
  public GlmFamily family() {
    return family;
  }

  /** The family's param name: {@code "poisson"}, {@code "binomial"} or {@code "gamma"}. */
  @Override
  public String typeId() {
    return family.paramName();
  }

  /**
   * Writes the shapes ({@code 1 / dispersion}, bit for bit: a dispersion would not give the
   * shape back exactly; 1 for families without dispersion) and each expert's coefficients.
   */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("shapes", shapes);
    CoefficientStructure.write(out, structure);
    for (int e = 0; e < k; e++) {
      out.item("experts").doubles("coefficients", coefficients(e));
    }
  }

  /** Restores what {@link #writeParameters} wrote (the shapes for Gamma only). */
  @Override
  public void readParameters(ParameterReader in) {
    double[] saved = in.doubles("shapes", k);
    CoefficientStructure.checkSaved(in, structure);
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      setCoefficients(e, experts.get(e).doubles("coefficients", d));
      if (family.hasDispersion()) {
        if (!(saved[e] > 0) || Double.isInfinite(saved[e])) {
          throw in.corrupt("the shape of expert " + e + " is " + saved[e]
              + "; expected a finite value > 0");
        }
        shapes[e] = saved[e];
      }
    }
  }

  /**
   * Writes the fit in progress: whether the first M-step was taken, the posterior covariances,
   * and the last M-step's step (from where, how far, how often halved) for step halving.
   */
  @Override
  public void writeProgress(ParameterWriter out) {
    out.flag("started", started);
    out.integer("halvings", halvings);
    for (int e = 0; e < k; e++) {
      ParameterWriter one = out.item("experts");
      if (covariances[e] != null) {
        one.doubles("covariance", covariances[e]);
      }
    }
    optional(out, "previous", previous);
    optional(out, "step", step);
    optional(out, "previousShapes", previousShapes);
    optional(out, "shapeStep", shapeStep);
  }

  private static void optional(ParameterWriter out, String name, double[] values) {
    if (values != null) {
      out.doubles(name, values);
    }
  }

  /** Restores what {@link #writeProgress} wrote, after {@link #readParameters}. */
  @Override
  public void readProgress(ParameterReader in) {
    int h = in.integer("halvings");
    if (h < 0 || h > MAX_HALVINGS) {
      throw in.corrupt("'halvings' is " + h + ", outside [0, " + MAX_HALVINGS + "]");
    }
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      ParameterReader one = experts.get(e);
      covariances[e] = one.has("covariance") ? one.doubles("covariance", d * d) : null;
    }
    started = in.flag("started");
    halvings = h;
    previous = in.has("previous") ? in.doubles("previous", k * d) : null;
    step = in.has("step") ? in.doubles("step", k * d) : null;
    previousShapes = in.has("previousShapes") ? in.doubles("previousShapes", k) : null;
    shapeStep = in.has("shapeStep") ? in.doubles("shapeStep", k) : null;
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

  /** The inverse Fisher information of the last M-step (times the dispersion), or null. */
  @Override
  public double[] covariance(int e) {
    checkIndex(e);
    return covariances[e] == null ? null : covariances[e].clone();
  }

  @Override
  public Link link() {
    return family.defaultLink();
  }

  /** {@code 1 / shape} for Gamma experts, 1 for Poisson and binomial. */
  @Override
  public double[] dispersions() {
    double[] out = new double[k];
    for (int e = 0; e < k; e++) {
      out[e] = family.hasDispersion() ? 1 / shapes[e] : 1.0;
    }
    return out;
  }

  @Override
  public int numFreeParameters() {
    return (structure == null ? k * d : structure.size())
        + (family.hasDispersion() ? k : 0);
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
    for (double v : shapes) {
      if (!(v > 0) || Double.isInfinite(v)) {
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

  /** Every expert's linear predictor {@code W_kᵀ x + offset}, column-major n x K. */
  private void linearPredictors(Block b, double[] eta) {
    int n = b.n;
    Blas.get().dgemm("N", "N", n, k, d, 1.0, b.xy, n, coefficients, d, 0.0, eta, n);
    if (b.offsets != null) {
      for (int e = 0; e < k; e++) {
        for (int i = 0; i < n; i++) {
          eta[e * n + i] += b.offsets[i];
        }
      }
    }
  }

  @Override
  public void predict(Block b, double[] out) {
    int n = b.n;
    linearPredictors(b, out);
    Link link = link();
    for (int i = 0; i < n * k; i++) {
      out[i] = link.mean(out[i]);
    }
  }

  /**
   * The variance of each expert's answer at its plug-in mean, on the scale of {@link
   * #predict}: {@code mu} (Poisson), {@code p (1 - p)} per trial (binomial), {@code mu² /
   * shape} (Gamma).
   */
  @Override
  public void predictiveVariance(Block b, double[] out) {
    int n = b.n;
    predict(b, out);
    for (int e = 0; e < k; e++) {
      for (int i = e * n; i < (e + 1) * n; i++) {
        double mu = out[i];
        out[i] = switch (family) {
          case POISSON -> mu;
          case BINOMIAL -> mu * (1 - mu);
          default -> mu * mu / shapes[e];
        };
      }
    }
  }

  /** Trials of row i: the block's, or 1 (Bernoulli). */
  private static double trials(Block b, int i) {
    return b.trials == null ? 1.0 : b.trials[i];
  }

  /**
   * The part of row i's log-density that no expert's parameters touch ({@code -log y!}, {@code
   * log C(n, y)}, {@code -log y}), after checking that the label fits the family.
   *
   * @throws IllegalArgumentException naming the row when it does not
   */
  private double rowConstant(Block b, int i) {
    double y = b.xy[d * b.n + i];
    long row = b.firstRow + i;
    switch (family) {
      case POISSON:
        if (!family.admits(y, 1)) {
          throw new IllegalArgumentException("column '" + labelName + "': row " + row + " is "
              + y + "; the poisson family needs counts (integers >= 0)");
        }
        return -SpecialFunctions.logFactorial(y);
      case BINOMIAL: {
        double n = trials(b, i);
        if (!GlmFamily.admitsTrials(n)) {
          throw new IllegalArgumentException("column '" + trialsName + "': row " + row + " is "
              + n + "; the binomial family needs an integer number of trials >= 1");
        }
        if (!family.admits(y, n)) {
          throw new IllegalArgumentException("column '" + labelName + "': row " + row + " is "
              + y + "; the binomial family needs an integer number of successes in [0, trials"
              + " = " + n + "]" + (b.trials == null ? " (0 or 1 without a trials column)" : ""));
        }
        return SpecialFunctions.logChoose(n, y);
      }
      default:
        if (!family.admits(y, 1)) {
          throw new IllegalArgumentException("column '" + labelName + "': row " + row + " is "
              + y + "; the gamma family needs finite labels > 0");
        }
        return -Math.log(y);
    }
  }

  /** Checks every row's label (and trials) against the family. */
  private void checkLabels(Block b) {
    for (int i = 0; i < b.n; i++) {
      rowConstant(b, i);
    }
  }

  /** {@code log(1 + exp(x))} without overflow. */
  private static double log1pExp(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  // ---------------------------------------------------------------- scores (standard errors)

  /** {@code K D} coefficients, and for Gamma a dispersion per expert. */
  @Override
  public int numScoreParameters() {
    return structure == null ? k * expertParameters()
        : structure.scorePositions(1) + (family.hasDispersion() ? k : 0);
  }

  /** D coefficients, then for Gamma the dispersion {@code phi = 1 / shape}. */
  @Override
  public int expertParameters() {
    return family.hasDispersion() ? d + 1 : d;
  }

  @Override
  public int parameterIndex(int e, int j) {
    checkIndex(e);
    if (structure != null) {
      return j < d ? structure.scorePosition(e, j, 0, 1) : structure.scorePositions(1) + e;
    }
    return e * expertParameters() + j;
  }

  @Override
  public double parameterValue(int p) {
    if (structure != null) {
      int c = structure.scorePositions(1);
      return p < c ? structure.scoreValue(p, 1, coefficients) : 1 / shapes[p - c];
    }
    int per = expertParameters();
    return p % per == d ? 1 / shapes[p / per] : coefficients[p / per * d + p % per];
  }

  @Override
  public String parameterName(int p) {
    if (structure != null) {
      int c = structure.scorePositions(1);
      return p < c ? structure.scoreName(p, 1) : "dispersion of expert " + (p - c + 1);
    }
    int per = expertParameters();
    return p % per == d ? "dispersion of expert " + (p / per + 1)
        : "coefficient " + p % per + " of expert " + (p / per + 1);
  }

  @Override
  public boolean atBound(int p) {
    return false;
  }

  /** The structural zeros' position (experts outside a nested group). */
  @Override
  public boolean heldAtZero(int p) {
    return structure != null && structure.hasZeros() && structure.isZeroPosition(p, 1);
  }

  /**
   * Always: the coefficients maximise the likelihood at EM's fixed point, and so does a Gamma
   * expert's shape (its M-step's root).
   */
  @Override
  public boolean maximumLikelihood() {
    return true;
  }

  /**
   * Canonical links (Poisson, binomial): score {@code (y - n mu) x}, curvature {@code n
   * dmu/deta x xᵀ} (n = 1 but for binomial trials). Gamma with its log link, in {@code nu = 1
   * / phi}: {@code ∂/∂eta = nu (y/mu - 1)}, {@code -∂²/∂eta² = nu y/mu}, {@code ∂/∂nu = log nu
   * + 1 - ψ(nu) + log(y/mu) - y/mu}, {@code ∂²/∂nu² = 1/nu - ψ'(nu)}, {@code ∂²/∂eta ∂nu = y/mu
   * - 1}, then in phi by the chain rule ({@code dnu/dphi = -nu²}).
   */
  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    checkIndex(e);
    int n = b.n;
    double[] eta = new double[n * k];
    linearPredictors(b, eta);
    int p = expertParameters();
    int packed = p * (p + 1) / 2;
    boolean gamma = family.hasDispersion();
    double nu = shapes[e];
    double shapeTerm = Math.log(nu) + 1 - SpecialFunctions.digamma(nu);
    double shapeCurve = 1 / nu - SpecialFunctions.trigamma(nu);
    for (int i = 0; i < n; i++) {
      double mu = link().mean(eta[e * n + i]);
      double y = b.xy[d * n + i];
      double resid;
      double w;
      if (gamma) {
        resid = nu * (y / mu - 1);
        w = nu * y / mu;
      } else {
        double t = family == GlmFamily.BINOMIAL ? trials(b, i) : 1;
        resid = y - t * mu;
        w = family == GlmFamily.BINOMIAL ? t * mu * (1 - mu) : mu;
      }
      int at = i * packed;
      for (int c = 0; c < d; c++) {
        double xc = b.xy[c * n + i];
        score[c * n + i] = resid * xc;
        for (int a = 0; a <= c; a++) {
          curvature[at + c * (c + 1) / 2 + a] = w * b.xy[a * n + i] * xc;
        }
      }
      if (gamma) {
        // in nu: g = ∂/∂nu, h = ∂²/∂nu²; in phi: ∂/∂phi = -nu² g, ∂²/∂phi² = 2 nu³ g + nu⁴ h
        double g = shapeTerm + Math.log(y / mu) - y / mu;
        double cross = -nu * nu * (y / mu - 1); // ∂²/∂eta ∂phi
        score[d * n + i] = -nu * nu * g;
        int col = d * (d + 1) / 2;
        for (int a = 0; a < d; a++) {
          curvature[at + col + a] = -cross * b.xy[a * n + i];
        }
        curvature[at + col + d] = -(2 * nu * nu * nu * g + nu * nu * nu * nu * shapeCurve);
      }
    }
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public GlmStatistics newStatistics() {
    return new GlmStatistics(k, d);
  }

  /**
   * The E-step's per-block work: the linear predictors (one {@code dgemm}), the log-densities
   * (one loop per expert, the per-row constants once per row), then the IRLS normal equations
   * from the same linear predictors and the weighted responsibilities.
   */
  private static final class Kernel implements ExpertKernel {
    private final GlmExperts experts;
    private double[] eta = new double[0];
    private double[] irls = new double[0];
    private final WeightedMoments moments = new WeightedMoments();
    private Block scored;

    Kernel(GlmExperts experts) {
      this.experts = experts;
    }

    private void ensure(int n) {
      int k = experts.k;
      if (eta.length < n * k) {
        eta = new double[n * k];
        irls = new double[n * k];
      }
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      ensure(b.n);
      experts.linearPredictors(b, eta);
      scored = b;
      experts.addLogDensities(b, eta, out);
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      ensure(b.n);
      if (scored != b) { // a start's responsibilities: no log-likelihoods were computed
        experts.checkLabels(b);
        experts.linearPredictors(b, eta);
      }
      scored = null;
      experts.addNormalEquations(b, eta, rw, irls, moments, (GlmStatistics) stats);
    }
  }

  /** Adds {@code log p(y_i | expert k)} into out (row-major n x K) from eta. */
  private void addLogDensities(Block b, double[] eta, double[] out) {
    int n = b.n;
    int yAt = d * n;
    double[] xy = b.xy;
    for (int i = 0; i < n; i++) {
      double c = rowConstant(b, i);
      for (int e = 0, o = i * k; e < k; e++) {
        out[o + e] += c;
      }
    }
    for (int e = 0; e < k; e++) {
      int at = e * n;
      switch (family) {
        case POISSON:
          for (int i = 0, o = e; i < n; i++, o += k) {
            double t = eta[at + i];
            out[o] += xy[yAt + i] * t - Math.exp(t);
          }
          break;
        case BINOMIAL:
          for (int i = 0, o = e; i < n; i++, o += k) {
            double t = eta[at + i];
            out[o] += xy[yAt + i] * t - trials(b, i) * log1pExp(t);
          }
          break;
        default: {
          double nu = shapes[e];
          double constant = nu * Math.log(nu) - SpecialFunctions.logGamma(nu);
          for (int i = 0, o = e; i < n; i++, o += k) {
            double t = eta[at + i];
            double y = xy[yAt + i];
            out[o] += constant + nu * (Math.log(y) - t - y * Math.exp(-t));
          }
        }
      }
    }
  }

  /**
   * Adds every expert's IRLS normal equations at the current linear predictors into stats:
   * with {@code q = rw W}, {@code Σ q x xᵀ} (one sweep for four experts at a time) and {@code
   * Σ q (z - offset) x}; for Gamma also {@code Σ rw (y/mu - 1 - log(y/mu))}.
   */
  private void addNormalEquations(Block b, double[] eta, double[] rw, double[] q,
      WeightedMoments moments, GlmStatistics stats) {
    int n = b.n;
    int yAt = d * n;
    double[] xy = b.xy;
    for (int e = 0; e < k; e++) {
      int at = e * n;
      double extreme = stats.maxAbsEta[e];
      double deviance = 0;
      for (int i = 0; i < n; i++) {
        double y = xy[yAt + i];
        double w = rw[at + i];
        double t = eta[at + i];
        if (!started) {
          t = startingEta(y, trials(b, i));
        }
        double weight;
        double score;
        switch (family) {
          case POISSON: {
            double mu = Math.exp(t);
            weight = mu;
            score = y - mu;
            break;
          }
          case BINOMIAL: {
            double p = Link.logistic(t);
            double nt = trials(b, i);
            weight = nt * p * (1 - p);
            score = y - nt * p;
            break;
          }
          default: {
            double ratio = y * Math.exp(-t);
            weight = 1;
            score = ratio - 1;
            deviance += w * (ratio - 1 - Math.log(ratio));
          }
        }
        double qi = w * weight;
        q[at + i] = qi;
        // q (z - offset) with z = eta + score / weight
        eta[at + i] = qi * (t - b.offset(i)) + w * score;
        if (w > HOLDS_ROW * b.weights[i] && Math.abs(t) > extreme) {
          extreme = Math.abs(t);
        }
      }
      stats.maxAbsEta[e] = extreme;
      stats.deviance[e] += deviance;
      double[] rhs = stats.rhs;
      for (int j = 0; j < d; j++) {
        double s = 0;
        int col = j * n;
        for (int i = 0; i < n; i++) {
          s += eta[at + i] * xy[col + i];
        }
        rhs[e * d + j] += s;
      }
    }
    moments.add(xy, n, d, q, k, stats.information);
  }

  /** R's {@code mustart} on the link scale, the start of the first IRLS step. */
  private double startingEta(double y, double trials) {
    switch (family) {
      case POISSON:
        return Math.log(y + 0.1);
      case BINOMIAL: {
        double p = (y + 0.5) / (trials + 1);
        return Math.log(p / (1 - p));
      }
      default:
        return Math.log(y);
    }
  }

  // ---------------------------------------------------------------- M-step

  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    GlmStatistics stats = (GlmStatistics) statistics;
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] before = coefficients.clone();
    double[] shapesBefore = shapes.clone();
    double[] change = new double[d * k];
    double[][] tied = structure == null ? null : solveTied(stats, weights, total);
    for (int e = 0; e < k; e++) {
      if (!(weights[e] > EMPTY * total)) {
        note("expert " + (e + 1) + " has no responsibility left (an empty component); it keeps its"
            + " coefficients" + (tied != null ? " but those it shares" : ""));
        if (tied != null) {
          for (int j = 0; j < d; j++) {
            change[e * d + j] = tied[k][e * d + j] - coefficients[e * d + j];
          }
          System.arraycopy(tied[k], e * d, coefficients, e * d, d);
        }
        continue;
      }
      double[] w;
      Cholesky chol = null;
      if (tied != null) {
        w = Arrays.copyOfRange(tied[k], e * d, (e + 1) * d);
      } else {
        double[] h = stats.symmetricInformation(e);
        chol = Cholesky.factor(h, d, "the IRLS system of expert " + e);
        if (chol.jitter() > 0) {
          note("the weighted features of expert " + (e + 1) + " are singular or nearly so"
              + " (constant, duplicated or dependent columns, fewer rows than features, or"
              + " fitted means at 0 or 1); a ridge proportional to its diagonal was added");
        }
        w = Arrays.copyOfRange(stats.rhs, e * d, (e + 1) * d);
        chol.solveInPlace(w, 1);
      }
      for (int j = 0; j < d; j++) {
        change[e * d + j] = w[j] - coefficients[e * d + j];
      }
      System.arraycopy(w, 0, coefficients, e * d, d);
      if (family.hasDispersion() && started) {
        // at the start the deviance is taken at mu = y, where it is 0: the shape stays
        shapes[e] = gammaShape(stats.deviance[e] / weights[e]);
      }
      if (tied != null) {
        covariances[e] = tied[e];
      } else {
        double[] cov = chol.inverse();
        double dispersion = family.hasDispersion() ? 1 / shapes[e] : 1.0;
        for (int i = 0; i < cov.length; i++) {
          cov[i] *= dispersion;
        }
        covariances[e] = cov;
      }
      if (stats.maxAbsEta[e] > EXTREME_ETA) {
        note(family == GlmFamily.BINOMIAL
            ? "expert " + (e + 1) + " fits probabilities of 0 or 1 to within 1e-13 on some of"
                + " its rows (separation): its coefficients grow each iteration and are not well"
                + " determined; the fit stays finite"
            : "expert " + (e + 1) + "'s mean runs off to 0 or infinity on some of its rows"
                + " (|linear predictor| > " + EXTREME_ETA
                + "); its coefficients are not well determined; the fit stays finite");
      }
    }
    previous = started ? before : null;
    step = started ? change : null;
    previousShapes = started ? shapesBefore : null;
    shapeStep = null;
    if (started) {
      shapeStep = new double[k];
      for (int e = 0; e < k; e++) {
        shapeStep[e] = shapes[e] - shapesBefore[e];
      }
    }
    halvings = 0;
    started = true;
  }

  /**
   * The IRLS step under the {@link CoefficientStructure}: the non-empty experts' systems, each
   * times its shape {@code 1 / dispersion}, tied and solved at once.
   *
   * @return per expert its covariance {@code A_e H⁻¹ A_eᵀ} (null for an empty one), then at
   *     index K every expert's new coefficients (D x K)
   */
  private double[][] solveTied(GlmStatistics stats, double[] weights, double total) {
    double[][] info = new double[k][];
    double[][] rhs = new double[k][];
    for (int e = 0; e < k; e++) {
      if (weights[e] > EMPTY * total) {
        info[e] = stats.symmetricInformation(e);
        rhs[e] = Arrays.copyOfRange(stats.rhs, e * d, (e + 1) * d);
        for (int i = 0; i < info[e].length; i++) {
          info[e][i] *= shapes[e];
        }
        for (int j = 0; j < d; j++) {
          rhs[e][j] *= shapes[e];
        }
      }
    }
    double[] w = coefficients.clone();
    CoefficientStructure.Solution sol = structure.solve(info, rhs, 1, w,
        "the shared coefficients' IRLS system");
    if (sol.ridged()) {
      note("the weighted features of the shared coefficients' IRLS system are singular or"
          + " nearly so (constant, duplicated or dependent columns, or fitted means at 0 or 1);"
          + " a ridge proportional to its diagonal was added");
    }
    double[][] out = Arrays.copyOf(sol.covariances(), k + 1);
    out[k] = w;
    return out;
  }

  /**
   * The maximum-likelihood Gamma shape given {@code s}, the weighted mean of {@code y/mu - 1 -
   * log(y/mu)}: the root of {@code log nu - ψ(nu) = s}, by Newton from Minka's approximation.
   */
  static double gammaShape(double s) {
    if (!(s > 1e-12)) {
      return 1e12;
    }
    double nu = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    for (int it = 0; it < 50; it++) {
      double f = Math.log(nu) - SpecialFunctions.digamma(nu) - s;
      double fp = 1 / nu - SpecialFunctions.trigamma(nu);
      double next = nu - f / fp;
      if (!(next > 0)) {
        next = nu / 2;
      }
      if (Math.abs(next - nu) <= 1e-12 * nu) {
        return next;
      }
      nu = next;
    }
    return nu;
  }

  /**
   * Halves the step of the coefficients and of the Gamma shapes; the covariances follow the
   * shapes (they are the inverse information times {@code 1 / shape}).
   */
  @Override
  public boolean halveLastStep() {
    if (step == null || halvings >= MAX_HALVINGS) {
      return false;
    }
    halvings++;
    for (int i = 0; i < step.length; i++) {
      step[i] *= 0.5;
      coefficients[i] = previous[i] + step[i];
    }
    for (int e = 0; e < k && shapeStep != null; e++) { // none in a checkpoint from before
      shapeStep[e] *= 0.5;
      double shape = previousShapes[e] + shapeStep[e];
      if (covariances[e] != null) {
        for (int i = 0; i < covariances[e].length; i++) {
          covariances[e][i] *= shapes[e] / shape;
        }
      }
      shapes[e] = shape;
    }
    return true;
  }
}
