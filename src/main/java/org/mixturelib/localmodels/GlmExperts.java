package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * K generalised linear model experts of one family and link (one output), held as one object:
 * expert k's mean is {@code mu = g⁻¹(W_kᵀ x + offset)}. The family ({@link GlmFamily}: Poisson,
 * binomial, Gamma, negative binomial, Gaussian through a non-identity link, or any other
 * implementation) supplies the log-density, the derivatives in the mean and the start; the
 * {@link Link} the inverse and its derivatives; this class writes IRLS once, for every pair.
 * Log-likelihoods carry their full normalising constants ({@code log y!}, {@code log C(n, y)},
 * the Gamma terms), so that they compare with R's {@code logLik}.
 *
 * <p>The M-step is one step of iteratively reweighted least squares (Fisher scoring) per EM
 * iteration, warm-started from the current coefficients, with no extra pass: the E-step pass
 * already has every expert's linear predictor per row, so its kernel also accumulates each
 * expert's weighted normal equations {@code Σ_i w_i r_ik W_ik x_i x_iᵀ} and {@code Σ_i w_i r_ik
 * W_ik z_ik x_i} (IRLS weight {@code W = I(mu) (dmu/deta)²} and working response {@code z = eta
 * + (∂ log p / ∂eta) / W} at the current coefficients, the offset taken out), and the driver
 * solves them ({@link #solveStep}): a generalised EM step. The first M-step, before any
 * coefficients, starts from the family's {@link GlmFamily#startMean} (R's {@code mustart}). A
 * {@link ShapedGlmFamily}'s shape per expert (Gamma's shape, the negative binomial's theta, the
 * Gaussian's precision) is updated in the same M-step from the sums the pass takes at the
 * current parameters; the first M-step keeps the shape it starts with, since its means are the
 * start's (at {@code mu = y} Gamma's shape would be infinite and every start a hard
 * classification). When the next E-step finds that the bound fell, the engine asks for the step
 * to be halved ({@link StepHalving}): the coefficients and the shapes go back to half of their
 * step, so that the bound never decreases.
 * As {@link VectorExperts} (coefficients and log shapes) they take part in the engine's
 * SQUAREM acceleration: an extrapolated point whose bound fell gives way to the plain IRLS
 * step's point, which may then be halved as above.
 *
 * <p>Separation (binomial) and means that run off to 0 or infinity do not stop a fit: the
 * coefficients grow by about one unit of the linear predictor per iteration while the bound's
 * gain vanishes, so EM stops on its tolerance with finite parameters, and a note says which
 * expert it is. Singular normal equations get a ridge (noted).
 *
 * <p>With an {@link ElasticNet} penalty ({@link #setPenalty}) each IRLS step is glmnet's
 * penalised weighted least squares, solved by coordinate descent on the same normal equations
 * and the features' weighted sums and squares (which the pass then also takes); the bound then
 * holds each component's penalty at its weight, {@code -(n_k / phi_k) λ_k P_α}, the term its
 * M-step minimises, so that step halving watches the penalised objective. The pass gathers the
 * normal equations' matrix only in the columns of each expert's screened features ({@link
 * ScreenedFeatures}: its nonzero coefficients, the features its last step moved and those
 * glmnet's strong rule expects next), so wide data costs O(N D |S|) per pass rather than
 * O(N D²).
 *
 * <p>Saved under the family's type id with the link's id ({@code link}; when absent, as in
 * models saved before links were chosen, the family's default link).
 *
 * <p>Arrays are column-major; the coefficients are one {@code D x K} array.
 */
public final class GlmExperts implements LinearPredictors, PredictiveVariance, StepHalving,
    VectorExperts, FactoredScores, SharedCoefficientExperts, Resumable, DescribedExperts,
    ScreenedFeatures {
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
  /** The family as a {@link ShapedGlmFamily}, or null when it has no shape. */
  private final ShapedGlmFamily shaped;
  /** The family as a {@link TrialsFamily}, or null when it reads no trials. */
  private final TrialsFamily trialsFamily;
  private final Link link;
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
  /** The elastic-net penalty, or null: maximum likelihood. */
  private ElasticNet penalty;
  /** Per expert, the λ of its last penalised step (NaN before one). */
  private double[] lambdas;
  /** Per expert, the standard deviations its penalty is on (null before a penalised step). */
  private double[][] penaltyScales;
  /** Per expert, {@code n_k}: the penalty's weight in the bound, over the dispersion. */
  private double[] penaltyWeights;
  /**
   * Per expert, the features its last step proposed to screen ({@link ElasticNet.Step#screen};
   * increasing; penalised experts): with its nonzero coefficients, the features whose
   * information columns the pass gathers.
   */
  private int[][] screened;
  /** Whether the last M-step was the one the whole information matrices give. */
  private boolean screeningComplete = true;
  /** The total weight of the last M-step's pass (penalised experts). */
  private double lastTotal;
  private transient Notes notes;

  /**
   * K experts of a family through its default link, coefficients zero, before their first
   * M-step.
   *
   * @param family the response distribution
   * @param k number of experts
   * @param d number of features (the intercept column included)
   */
  public GlmExperts(GlmFamily family, int k, int d) {
    this(family, family.defaultLink(), k, d);
  }

  /**
   * K experts of a family through a link, coefficients zero (and the family's initial shape),
   * before their first M-step.
   *
   * @param family the response distribution
   * @param link one of the family's links
   * @param k number of experts
   * @param d number of features (the intercept column included)
   * @throws IllegalArgumentException naming {@code link} and the family when the family does
   *     not take the link, or naming k or d
   */
  public GlmExperts(GlmFamily family, Link link, int k, int d) {
    if (k < 1) {
      throw new IllegalArgumentException("k (number of experts) must be >= 1, got " + k);
    }
    if (d < 1) {
      throw new IllegalArgumentException("experts need at least one feature, got d=" + d);
    }
    this.family = family;
    this.link = family.link(link.id());
    this.shaped = family instanceof ShapedGlmFamily s ? s : null;
    this.trialsFamily = family instanceof TrialsFamily t ? t : null;
    this.k = k;
    this.d = d;
    this.coefficients = new double[d * k];
    this.shapes = new double[k];
    this.covariances = new double[k][];
    Arrays.fill(shapes, shaped == null ? 1.0 : shaped.initialShape());
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
    GlmExperts c = new GlmExperts(family, link, keep.length, d);
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
    if (penalty != null) {
      c.setPenalty(penalty);
      for (int i = 0; i < keep.length; i++) {
        c.lambdas[i] = lambdas[keep[i]];
        c.penaltyWeights[i] = penaltyWeights[keep[i]];
        c.penaltyScales[i] = penaltyScales[keep[i]] == null ? null
            : penaltyScales[keep[i]].clone();
        c.screened[i] = screened[keep[i]].clone();
      }
      c.screeningComplete = screeningComplete;
    }
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
   * CoefficientStructure#solve}; their IRLS weights hold each expert's shape).
   *
   * @param s the structure of these K experts over these D features, or null (each its own)
   */
  @Override
  public void setCoefficientStructure(CoefficientStructure s) {
    if (s != null && penalty != null) {
      throw new IllegalArgumentException("fixedFeatures and nestedFeatures are not supported"
          + " with a penalty (penalised experts keep their own coefficients)");
    }
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

  /**
   * Penalises every expert's coefficients with the elastic net (flexmix's {@code
   * FLXMRglmnet}), or with null fits them by maximum likelihood again.
   *
   * @throws IllegalArgumentException when the experts share coefficients
   */
  public void setPenalty(ElasticNet p) {
    if (p != null && structure != null) {
      throw new IllegalArgumentException("fixedFeatures and nestedFeatures are not supported"
          + " with a penalty (penalised experts keep their own coefficients)");
    }
    penalty = p;
    lambdas = p == null ? null : new double[k];
    penaltyScales = p == null ? null : new double[k][];
    penaltyWeights = p == null ? null : new double[k];
    screened = p == null ? null : new int[k][0];
    screeningComplete = true;
    if (lambdas != null) {
      Arrays.fill(lambdas, p.chosen() ? Double.NaN : p.lambda());
    }
  }

  /** The elastic-net penalty, or null. */
  public ElasticNet penalty() {
    return penalty;
  }

  /**
   * Per expert, the λ of its last penalised step (the chosen one with {@code penalty = auto};
   * NaN before the first), or null without a penalty.
   */
  public double[] lambdas() {
    return lambdas == null ? null : lambdas.clone();
  }

  /**
   * Sets expert e's dispersion ({@code 1 / shape}: Gamma's {@code 1 / nu}, the negative
   * binomial's {@code 1 / theta}, the Gaussian's variance; families with a shape only).
   */
  public void setDispersion(int e, double dispersion) {
    checkIndex(e);
    if (shaped == null) {
      throw new IllegalArgumentException("the " + family.typeId() + " family has no"
          + " dispersion to set");
    }
    if (!(dispersion > 0) || Double.isInfinite(dispersion)) {
      throw new IllegalArgumentException("dispersion of expert " + e + " must be a finite"
          + " value > 0, got " + dispersion);
    }
    shapes[e] = 1 / dispersion;
  }

  /**
   * Sets expert e's shape by the parameter its family reports ({@link
   * ShapedGlmFamily#reported}: Gamma's dispersion, the negative binomial's theta; families with
   * a shape only).
   */
  public void setReportedShape(int e, double value) {
    checkIndex(e);
    if (shaped == null) {
      throw new IllegalArgumentException("the " + family.typeId() + " family has no shape to"
          + " set");
    }
    double shape = shaped.shapeOf(value);
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException(shaped.shapeName() + " of expert " + e + " must be a"
          + " finite value > 0, got " + value);
    }
    shapes[e] = shape;
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

  /** Whether the family reads a trials column (the binomial). */
  public boolean readsTrials() {
    return trialsFamily != null;
  }

  /** The family's type id: {@code "poisson"}, {@code "binomial"}, {@code "negbin"}, ... */
  @Override
  public String typeId() {
    return family.typeId();
  }

  /**
   * Writes the link's id, the shapes (bit for bit: a dispersion would not give the shape back
   * exactly; 1 for families without a shape) and each expert's coefficients.
   */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.text("link", link.id());
    out.doubles("shapes", shapes);
    if (penalty != null) {
      out.text(ElasticNet.PENALTY, penalty.penaltyText());
      out.doubles(ElasticNet.ALPHA, new double[] {penalty.alpha()});
      out.doubles("lambdas", lambdas);
    }
    CoefficientStructure.write(out, structure);
    for (int e = 0; e < k; e++) {
      out.item("experts").doubles("coefficients", coefficients(e));
    }
  }

  /**
   * Restores what {@link #writeParameters} wrote (the shapes for families with a shape only);
   * the link written must be these experts' link (absent: the family's default link).
   */
  @Override
  public void readParameters(ParameterReader in) {
    String savedLink = in.has("link") ? in.text("link") : family.defaultLink().id();
    if (!savedLink.equals(link.id())) {
      throw in.corrupt("'link' is '" + savedLink + "' but these " + family.typeId()
          + " experts have link '" + link.id() + "'");
    }
    double[] saved = in.doubles("shapes", k);
    CoefficientStructure.checkSaved(in, structure);
    readPenalty(in);
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      setCoefficients(e, experts.get(e).doubles("coefficients", d));
      if (shaped != null) {
        if (!(saved[e] > 0) || Double.isInfinite(saved[e])) {
          throw in.corrupt("the shape of expert " + e + " is " + saved[e]
              + "; expected a finite value > 0");
        }
        shapes[e] = saved[e];
      }
    }
  }

  /** Checks the saved penalty against this model's and restores the λ per expert. */
  private void readPenalty(ParameterReader in) {
    boolean saved = in.has(ElasticNet.PENALTY);
    String was = saved ? in.text(ElasticNet.PENALTY) + " (alpha "
        + in.doubles(ElasticNet.ALPHA, 1)[0] + ")" : "none";
    String is = penalty == null ? "none" : penalty.penaltyText() + " (alpha " + penalty.alpha()
        + ")";
    if (!was.equals(is)) {
      throw in.corrupt("the experts' penalty is " + was + " but this model's is " + is
          + " (check penalty and alpha)");
    }
    if (saved) {
      double[] l = in.doubles("lambdas", k);
      for (double v : l) {
        if (!(v >= 0 || Double.isNaN(v)) || Double.isInfinite(v)) {
          throw in.corrupt("a penalty per expert is " + v + "; expected a finite value >= 0");
        }
      }
      System.arraycopy(l, 0, lambdas, 0, k);
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
    if (penalty != null) {
      optional(out, "penaltyWeights", penaltyWeights);
      for (int e = 0; e < k; e++) {
        ParameterWriter one = out.item("penaltyScales");
        if (penaltyScales[e] != null) {
          one.doubles("scales", penaltyScales[e]);
        }
        one.ints("screened", screened[e]);
      }
      out.flag("screeningComplete", screeningComplete);
    }
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
    if (penalty != null) {
      penaltyWeights = in.doubles("penaltyWeights", k);
      List<ParameterReader> scales = in.items("penaltyScales", k);
      for (int e = 0; e < k; e++) {
        ParameterReader one = scales.get(e);
        penaltyScales[e] = one.has("scales") ? one.doubles("scales", d) : null;
        screened[e] = one.has("screened") ? checkedScreen(in, one.ints("screened")) : new int[0];
      }
      screeningComplete = !in.has("screeningComplete") || in.flag("screeningComplete");
    }
  }

  /** A saved screened set, checked: increasing features in [0, D). */
  private int[] checkedScreen(ParameterReader in, int[] set) {
    for (int m = 0; m < set.length; m++) {
      if (set[m] < 0 || set[m] >= d || (m > 0 && set[m] <= set[m - 1])) {
        throw in.corrupt("a screened set of features is not increasing within [0, " + d + "): "
            + Arrays.toString(set));
      }
    }
    return set;
  }

  @Override
  public boolean screeningComplete() {
    return screeningComplete;
  }

  /** Every feature without a penalty (the whole matrix); with one, the screened set. */
  @Override
  public int[] screenedFeatures(int e) {
    checkIndex(e);
    return penalty == null ? IntStream.range(0, d).toArray()
        : union(screened[e], support(e));
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
    return link;
  }

  /** {@code 1 / shape} for families with a shape, 1 for the others (Poisson, binomial). */
  @Override
  public double[] dispersions() {
    double[] out = new double[k];
    for (int e = 0; e < k; e++) {
      out[e] = shaped != null ? 1 / shapes[e] : 1.0;
    }
    return out;
  }

  /**
   * Each expert's shape as its family reports it (Gamma's dispersion, the negative binomial's
   * theta), or null for a family without a shape.
   */
  public double[] reportedShapes() {
    if (shaped == null) {
      return null;
    }
    double[] out = new double[k];
    for (int e = 0; e < k; e++) {
      out[e] = shaped.reported(shapes[e]);
    }
    return out;
  }

  /**
   * The coefficients (with a penalty, the nonzero ones: the lasso's degrees of freedom) and a
   * shape per expert.
   */
  @Override
  public int numFreeParameters() {
    int coefs = structure == null ? k * d : structure.size();
    if (penalty != null) {
      coefs = 0;
      for (double v : coefficients) {
        coefs += v != 0 ? 1 : 0;
      }
    }
    return coefs + (shaped != null ? k : 0);
  }

  /**
   * 0, or with a penalty {@code -Σ_k (n_k / phi_k) λ_k P_α(β_k)}: the penalty each component's
   * M-step weighs against its log-likelihood.
   */
  @Override
  public double boundTerm() {
    if (penalty == null) {
      return 0;
    }
    double s = 0;
    for (int e = 0; e < k; e++) {
      if (penaltyScales[e] != null) {
        s -= penaltyWeights[e] / family.devianceDispersion(shapes[e])
            * penalty.penaltyValue(coefficients(e), penaltyScales[e], lambdas[e]);
      }
    }
    return s;
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
    LinearPredictors.compute(b, coefficients, d, k, eta);
  }

  @Override
  public void predict(Block b, double[] out) {
    int n = b.n;
    linearPredictors(b, out);
    for (int i = 0; i < n * k; i++) {
      out[i] = link.mean(out[i]);
    }
  }

  /**
   * The variance of each expert's answer at its plug-in mean, on the scale of {@link
   * #predict} ({@link GlmFamily#variance}): {@code mu} (Poisson), {@code p (1 - p)} per trial
   * (binomial), {@code mu² / shape} (Gamma), {@code mu + mu² / theta} (negative binomial).
   */
  @Override
  public void predictiveVariance(Block b, double[] out) {
    int n = b.n;
    predict(b, out);
    for (int e = 0; e < k; e++) {
      for (int i = e * n; i < (e + 1) * n; i++) {
        out[i] = family.variance(out[i], shapes[e]);
      }
    }
  }

  /** Trials of row i: the block's, or 1 (Bernoulli). */
  private static double trials(Block b, int i) {
    return b.trials == null ? 1.0 : b.trials[i];
  }

  /**
   * The part of row i's log-density that no expert's parameters touch ({@link
   * GlmFamily#rowConstant}), after checking that the label (and the trials) fit the family.
   *
   * @throws IllegalArgumentException naming the column and the row when they do not
   */
  private double rowConstant(Block b, int i) {
    double y = b.xy[d * b.n + i];
    double n = trials(b, i);
    long row = b.firstRow + i;
    if (trialsFamily != null && !trialsFamily.admitsTrials(n)) {
      throw new IllegalArgumentException("column '" + trialsName + "': row " + row + " is "
          + n + "; the " + family.typeId() + " family needs an integer number of trials >= 1");
    }
    if (!family.admits(y, n)) {
      throw new IllegalArgumentException("column '" + labelName + "': row " + row + " is "
          + y + "; the " + family.typeId() + " family needs " + family.labelRule()
          + (trialsFamily == null ? "" : " (trials = " + n + (b.trials == null
              ? "; 0 or 1 without a trials column)" : ")")));
    }
    return family.rowConstant(y, n);
  }

  /** Checks every row's label (and trials) against the family. */
  private void checkLabels(Block b) {
    for (int i = 0; i < b.n; i++) {
      rowConstant(b, i);
    }
  }

  // ---------------------------------------------------------------- scores (standard errors)

  /** {@code K D} coefficients, and for a family with a shape its parameter per expert. */
  @Override
  public int numScoreParameters() {
    return structure == null ? k * expertParameters()
        : structure.scorePositions(1) + (shaped != null ? k : 0);
  }

  /**
   * D coefficients, then for a family with a shape its reported parameter ({@link
   * ShapedGlmFamily#reported}: Gamma's dispersion {@code 1 / shape}, the negative binomial's
   * theta).
   */
  @Override
  public int expertParameters() {
    return shaped != null ? d + 1 : d;
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
      return p < c ? structure.scoreValue(p, 1, coefficients) : shaped.reported(shapes[p - c]);
    }
    int per = expertParameters();
    return p % per == d ? shaped.reported(shapes[p / per])
        : coefficients[p / per * d + p % per];
  }

  @Override
  public String parameterName(int p) {
    if (structure != null) {
      int c = structure.scorePositions(1);
      return p < c ? structure.scoreName(p, 1)
          : shaped.shapeName() + " of expert " + (p - c + 1);
    }
    int per = expertParameters();
    return p % per == d ? shaped.shapeName() + " of expert " + (p / per + 1)
        : "coefficient " + p % per + " of expert " + (p / per + 1);
  }

  @Override
  public boolean atBound(int p) {
    return false;
  }

  /**
   * The structural zeros' position (experts outside a nested group), or with a penalty a
   * coefficient the penalty set to 0 (not estimated: the standard errors are those of the
   * selected coefficients, given the selection).
   */
  @Override
  public boolean heldAtZero(int p) {
    if (penalty != null) {
      int per = expertParameters();
      return p % per < d && coefficients[p / per * d + p % per] == 0;
    }
    return structure != null && structure.hasZeros() && structure.isZeroPosition(p, 1);
  }

  /**
   * The coefficients maximise the likelihood at EM's fixed point, and so does a shape (its
   * M-step's root at the fixed point). With a penalty the nonzero coefficients are taken as
   * such given their support (the zeroed ones are held, {@link #heldAtZero}): their standard
   * errors are the observed information's on that support, and the information's Newton
   * decrement reports how far the penalty's shrinkage leaves them from the maximum.
   */
  @Override
  public boolean maximumLikelihood() {
    return true;
  }

  /**
   * From the family's derivatives in the mean and the link's derivatives of the mean: {@code
   * ∂/∂eta = s mu'} and {@code -∂²/∂eta² = c mu'² - s mu''} (s the family's {@link
   * GlmFamily#meanScore}, c its {@link GlmFamily#meanCurvature}), times {@code x} and {@code x
   * xᵀ}; a shape's reported parameter q from {@link ShapedGlmFamily#shapeDerivatives}, its
   * cross term with the coefficients {@code -∂²/∂mu ∂q mu' x}.
   */
  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    int n = b.n;
    int p = expertParameters();
    int packed = p * (p + 1) / 2;
    double[] f = new double[n * FactoredScores.factorColumns(p - d)];
    rowFactors(b, e, f);
    for (int i = 0; i < n; i++) {
      double resid = f[i];
      double w = f[n + i];
      int at = i * packed;
      for (int c = 0; c < d; c++) {
        double xc = b.xy[c * n + i];
        score[c * n + i] = resid * xc;
        for (int a = 0; a <= c; a++) {
          curvature[at + c * (c + 1) / 2 + a] = w * b.xy[a * n + i] * xc;
        }
      }
      if (shaped != null) {
        score[d * n + i] = f[2 * n + i];
        int col = d * (d + 1) / 2;
        for (int a = 0; a < d; a++) {
          curvature[at + col + a] = f[3 * n + i] * b.xy[a * n + i];
        }
        curvature[at + col + d] = f[4 * n + i];
      }
    }
  }

  /** Always (one output). */
  @Override
  public boolean scoresFactor() {
    return true;
  }

  /**
   * The factors of {@link #rowDerivatives}: {@code a = s mu'}, {@code c = c' mu'² - s mu''},
   * and for a shape its score, cross factor {@code -∂²/∂mu ∂q mu'} and curvature.
   */
  @Override
  public void rowFactors(Block b, int e, double[] factors) {
    checkIndex(e);
    int n = b.n;
    double[] eta = new double[n];
    LinearPredictors.computeOne(b, coefficients, e * d, d, eta);
    double shape = shapes[e];
    double[] own = new double[3];
    for (int i = 0; i < n; i++) {
      double t = eta[i] + b.offset(i);
      double mu = family.validMean(link.mean(t));
      double d1 = link.meanDerivative(t);
      double y = b.xy[d * n + i];
      double nt = trials(b, i);
      double s = family.meanScore(y, nt, mu, shape);
      factors[i] = s * d1;
      factors[n + i] = family.meanCurvature(y, nt, mu, shape) * d1 * d1
          - s * link.meanSecondDerivative(t);
      if (shaped != null) {
        shaped.shapeDerivatives(y, nt, mu, shape, own);
        factors[2 * n + i] = own[0];
        factors[3 * n + i] = own[2] * d1;
        factors[4 * n + i] = own[1];
      }
    }
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public GlmStatistics newStatistics() {
    int sums = shaped == null ? 0 : shaped.shapeSums();
    if (penalty == null) {
      return new GlmStatistics(k, d, sums);
    }
    int[][] sets = new int[k][];
    Arrays.setAll(sets, this::screenedFeatures);
    return new GlmStatistics(k, d, sums, sets);
  }

  /**
   * The E-step's per-block work: the linear predictors (one {@code dgemm}), the per-row
   * constants once per row, the means and log-densities (the family's {@link GlmColumns}, one
   * call per expert), then the IRLS normal equations from the same linear predictors and means
   * and the weighted responsibilities.
   */
  private static final class Kernel implements ExpertKernel {
    private final GlmExperts experts;
    /** The family's loops at the experts' link. */
    private final GlmColumns columns;
    /** The arrays of {@link #columns}' calls, each column-major n x K. */
    private final GlmColumn column = new GlmColumn();
    private final WeightedMoments moments = new WeightedMoments();
    /** The block whose eta, means and derivatives the arrays hold, or null. */
    private Block scored;

    Kernel(GlmExperts experts) {
      this.experts = experts;
      this.columns = experts.family.columns(experts.link);
      column.eta = new double[0];
      column.loops = PassLoops.create();
    }

    private void ensure(Block b) {
      int size = b.n * experts.k;
      GlmColumn c = column;
      if (c.eta.length < size) {
        c.eta = new double[size];
        c.mean = new double[size];
        c.derivative = new double[size];
        c.scratch = new double[size];
        c.weight = new double[size];
        c.score = new double[size];
        c.work = new double[size];
      }
      c.n = b.n;
      c.labels = b.xy;
      c.labelsAt = experts.d * b.n;
      c.trials = b.trials;
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      ensure(b);
      experts.linearPredictors(b, column.eta);
      experts.addLogDensities(b, columns, column, out);
      scored = b;
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics stats) {
      ensure(b);
      boolean haveMeans = scored == b;
      if (!haveMeans) { // a start's responsibilities: no log-likelihoods were computed
        experts.checkLabels(b);
        experts.linearPredictors(b, column.eta);
      }
      scored = null;
      experts.addNormalEquations(b, columns, column, haveMeans, rw, moments,
          (GlmStatistics) stats);
    }
  }

  /**
   * Adds {@code log p(y_i | expert k)} into out (row-major n x K) from the column's eta,
   * filling its means (and whatever else the family's loops keep) on the way.
   */
  private void addLogDensities(Block b, GlmColumns columns, GlmColumn c, double[] out) {
    int n = b.n;
    for (int i = 0; i < n; i++) {
      double rc = rowConstant(b, i);
      for (int e = 0, o = i * k; e < k; e++) {
        out[o + e] += rc;
      }
    }
    for (int e = 0; e < k; e++) {
      c.at = e * n;
      columns.addLogDensities(c, shapes[e], out, e, k);
    }
  }

  /**
   * Adds every expert's IRLS normal equations at the current linear predictors into stats:
   * with {@code q = rw W}, {@code Σ q x xᵀ} (one sweep for four experts at a time) and {@code
   * Σ q (z - offset) x} (one sweep for all experts); for a family with a shape also its
   * sums ({@link ShapedGlmFamily#addShapeSums}). Before the first M-step the linear predictors
   * are the start's, {@code g(mustart)}. The column's eta is overwritten.
   *
   * @param haveMeans whether the column holds the means at eta already (from {@link
   *     #addLogDensities})
   */
  private void addNormalEquations(Block b, GlmColumns columns, GlmColumn c, boolean haveMeans,
      double[] rw, WeightedMoments moments, GlmStatistics stats) {
    int n = b.n;
    int yAt = d * n;
    double[] xy = b.xy;
    double[] eta = c.eta;
    double[] q = c.weight;
    double[] score = c.score;
    int sums = stats.shapeSumsPerExpert;
    for (int e = 0; e < k; e++) {
      int at = e * n;
      c.at = at;
      double extreme = stats.maxAbsEta[e];
      double shape = shapes[e];
      if (!started) {
        for (int i = 0; i < n; i++) {
          eta[at + i] = link.link(family.startMean(xy[yAt + i], trials(b, i)));
        }
      }
      if (!started || !haveMeans) {
        columns.means(c, shape);
      }
      // the first M-step keeps the shapes
      columns.irls(c, shape, rw, shaped != null && started ? stats.shapeSums : null, e * sums);
      for (int i = 0; i < n; i++) {
        double w = rw[at + i];
        double t = eta[at + i];
        double qi = w * q[at + i];
        q[at + i] = qi;
        // q (z - offset) with z = eta + score / weight
        eta[at + i] = qi * (t - b.offset(i)) + w * score[at + i];
        if (w > HOLDS_ROW * b.weights[i] && Math.abs(t) > extreme) {
          extreme = Math.abs(t);
        }
      }
      stats.maxAbsEta[e] = extreme;
      if (stats.featureSums.length > 0) {
        addFeatureSums(xy, n, rw, at, stats.featureSums, stats.featureSquares, e * d);
      }
    }
    // every expert's Σ q (z - offset) x at once: rhs (d x K) += Xᵀ eta
    moments.addProducts(xy, n, d, eta, k, stats.rhs);
    if (stats.screened == null) {
      moments.add(xy, n, d, q, k, stats.information);
    } else {
      addScreenedColumns(xy, n, q, stats);
    }
  }

  /**
   * Adds every expert's screened columns of {@code Σ q x xᵀ} ({@code Xᵀ (q ∘ X_S)}, one {@code
   * dgemm} per expert) and {@code Σ q x} (the column of a constant feature, up to its value).
   */
  private void addScreenedColumns(double[] xy, int n, double[] q, GlmStatistics stats) {
    for (int e = 0; e < k; e++) {
      Blas.get().dgemv("T", n, d, 1.0, xy, 0, n, q, e * n, 1, 1.0, stats.weightedSums, e * d,
          1);
      int[] set = stats.screened[e];
      if (set.length == 0) {
        continue;
      }
      double[] z = new double[n * set.length];
      for (int m = 0; m < set.length; m++) {
        int col = set[m] * n;
        for (int i = 0, at = e * n; i < n; i++) {
          z[m * n + i] = q[at + i] * xy[col + i];
        }
      }
      Blas.get().dgemm("T", "N", d, set.length, n, 1.0, xy, 0, n, z, 0, n, 1.0,
          stats.information, stats.columnsAt[e], d);
    }
  }

  /** Expert e's nonzero coefficients' features, increasing. */
  private int[] support(int e) {
    return IntStream.range(0, d).filter(j -> coefficients[e * d + j] != 0).toArray();
  }

  /** The union of two increasing sets of features, increasing. */
  private static int[] union(int[] a, int[] b) {
    return IntStream.concat(IntStream.of(a), IntStream.of(b)).sorted().distinct().toArray();
  }

  /** Adds {@code Σ rw x_j} and {@code Σ rw x_j²} of one expert's weights (the penalty's). */
  private void addFeatureSums(double[] xy, int n, double[] rw, int at, double[] sums,
      double[] squares, int to) {
    for (int j = 0; j < d; j++) {
      double s = 0;
      double s2 = 0;
      int col = j * n;
      for (int i = 0; i < n; i++) {
        double wx = rw[at + i] * xy[col + i];
        s += wx;
        s2 += wx * xy[col + i];
      }
      sums[to + j] += s;
      squares[to + j] += s2;
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
    double[] lambdasBefore = penalty == null ? null : lambdas.clone();
    screeningComplete = true;
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
      if (tied != null) {
        w = Arrays.copyOfRange(tied[k], e * d, (e + 1) * d);
        covariances[e] = tied[e];
      } else if (penalty != null) {
        w = penalisedStep(e, stats, weights[e]);
        covariances[e] = null;
      } else {
        w = Arrays.copyOfRange(stats.rhs, e * d, (e + 1) * d);
        covariances[e] = solveStep(e, stats.symmetricInformation(e), w);
      }
      for (int j = 0; j < d; j++) {
        change[e * d + j] = w[j] - coefficients[e * d + j];
      }
      System.arraycopy(w, 0, coefficients, e * d, d);
      if (shaped != null && started) {
        // the first pass's sums are taken at mustart (Gamma: mu = y, where the shape is
        // infinite): the shape stays
        nextShape(e, stats, weights[e], Arrays.copyOfRange(before, e * d, (e + 1) * d));
      }
      if (stats.maxAbsEta[e] > EXTREME_ETA) {
        note(family.extremeNote(e + 1));
      }
    }
    // a penalty's weight in the bound is the pass's weight: after a start on a few rows the
    // bound before this step is on other rows, so this step is not halved against it; nor is
    // a step whose λ was chosen anew (the bound before it holds another penalty)
    boolean comparable = penalty == null || (Math.abs(total - lastTotal) <= 1e-9 * total
        && Arrays.equals(lambdas, lambdasBefore));
    lastTotal = total;
    previous = started && comparable ? before : null;
    step = started && comparable ? change : null;
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
   * The IRLS step under the {@link CoefficientStructure}: the non-empty experts' systems (their
   * IRLS weights hold each expert's shape), tied and solved at once.
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
   * IRLS's weighted least-squares solve for expert e, the one place the normal equations are
   * solved (a constraint on the coefficients wraps it): overwrites {@code rhs} ({@code Σ q (z -
   * offset) x}) with the solution of {@code information · w = rhs} and returns the inverse of
   * the information (the coefficients' covariance at the pass's parameters). A singular system
   * gets a ridge (noted).
   *
   * @param information {@code Σ q x xᵀ}, D x D, both triangles filled
   */
  double[] solveStep(int e, double[] information, double[] rhs) {
    Cholesky chol = Cholesky.factor(information, d, "the IRLS system of expert " + e);
    if (chol.jitter() > 0) {
      note("the weighted features of expert " + (e + 1) + " are singular or nearly so (constant,"
          + " duplicated or dependent columns, fewer rows than features, or fitted means at"
          + " 0 or 1); a ridge proportional to its diagonal was added");
    }
    chol.solveInPlace(rhs, 1);
    return chol.inverse();
  }

  /**
   * Expert e's shape from the pass's sums, at the pass's coefficients {@code passed}; with a
   * penalty whose weight depends on the shape, the penalty at those coefficients joins the sums
   * ({@link ShapedGlmFamily#addShapePenalty}), so that the shape maximises the penalised
   * objective.
   */
  private void nextShape(int e, GlmStatistics stats, double n, double[] passed) {
    int per = stats.shapeSumsPerExpert;
    double[] sums = Arrays.copyOfRange(stats.shapeSums, e * per, (e + 1) * per);
    if (penalty != null) {
      shaped.addShapePenalty(n * penalty.penaltyValue(passed, penaltyScales[e], lambdas[e]),
          sums, 0);
    }
    shapes[e] = shaped.nextShape(sums, 0, n, shapes[e]);
  }

  /**
   * Expert e's penalised IRLS step ({@link ElasticNet#solve}) from the pass's statistics, at
   * the shape of the pass; its screened set takes the features the step found entering.
   */
  private double[] penalisedStep(int e, GlmStatistics stats, double n) {
    double phi = family.devianceDispersion(shapes[e]);
    ElasticNet.Step s = penalty.solve(stats.screenedColumns(e), stats.screened[e],
        Arrays.copyOfRange(stats.weightedSums, e * d, (e + 1) * d),
        Arrays.copyOfRange(stats.rhs, e * d, (e + 1) * d), d, n,
        Arrays.copyOfRange(stats.featureSums, e * d, (e + 1) * d),
        Arrays.copyOfRange(stats.featureSquares, e * d, (e + 1) * d), phi, coefficients(e));
    screened[e] = s.screen();
    screeningComplete &= s.complete();
    if (s.exhausted()) {
      note("the coordinate descent of expert " + (e + 1) + "'s penalised step stopped after "
          + CoordinateDescent.MAX_SWEEPS + " sweeps before converging");
    }
    lambdas[e] = s.lambda();
    penaltyScales[e] = s.scales();
    penaltyWeights[e] = n;
    return s.coefficients();
  }

  /**
   * Halves the step of the coefficients and of the shapes; the covariances follow the shapes
   * as the family says ({@link ShapedGlmFamily#covarianceRatio}).
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
    for (int e = 0; e < k && shaped != null && shapeStep != null; e++) {
      shapeStep[e] *= 0.5;
      double shape = previousShapes[e] + shapeStep[e];
      double ratio = shaped.covarianceRatio(shapes[e], shape);
      if (covariances[e] != null) {
        for (int i = 0; i < covariances[e].length; i++) {
          covariances[e][i] *= ratio;
        }
      }
      shapes[e] = shape;
    }
    return true;
  }

  /**
   * The coefficients ({@code D x K}), then for a family with a shape the log of each expert's
   * shape; null before the first M-step (the coefficients are not yet a fit) and with a penalty
   * (an extrapolation would not keep the penalty's zeros: penalised experts run plain EM).
   * Shared coefficients stay shared along the vector: an extrapolation is a linear combination
   * of points that share them.
   */
  @Override
  public double[] parameterVector() {
    if (!started || penalty != null) {
      return null;
    }
    int shapeCount = shaped == null ? 0 : k;
    double[] v = Arrays.copyOf(coefficients, coefficients.length + shapeCount);
    for (int e = 0; e < shapeCount; e++) {
      v[coefficients.length + e] = Math.log(shapes[e]);
    }
    return v;
  }

  /**
   * Sets the coefficients and shapes from {@link #parameterVector()}'s layout. The point is no
   * M-step's result, so there is no step to halve (the engine falls back to the plain EM point
   * when its bound fell); the covariances keep their values until the next M-step. A shape
   * that over- or underflows makes the experts non-finite ({@link #isFinite}), and the engine
   * keeps the plain EM point.
   */
  @Override
  public void setParameterVector(double[] v) {
    int shapeCount = shaped == null ? 0 : k;
    if (v.length != coefficients.length + shapeCount) {
      throw new IllegalArgumentException("parameter vector of " + v.length + " entries, expected "
          + (coefficients.length + shapeCount));
    }
    System.arraycopy(v, 0, coefficients, 0, coefficients.length);
    for (int e = 0; e < shapeCount; e++) {
      shapes[e] = Math.exp(v[coefficients.length + e]);
    }
    started = true;
    previous = null;
    step = null;
    previousShapes = null;
    shapeStep = null;
    halvings = 0;
  }

  @Override
  public String displayName() {
    return family.displayName();
  }

  @Override
  public String dispersionName() {
    return family instanceof ShapedGlmFamily s ? s.shapeName() : null;
  }

  @Override
  public double[] dispersionFigures() {
    return reportedShapes();
  }

  @Override
  public String summaryNote() {
    String shape = dispersionName();
    return "family " + family.typeId() + ": coefficients on the " + link().id() + " link scale, "
        + (shape == null ? "no dispersion" : shape + " per component")
        + (penalty == null ? "" : "; " + penaltyNote());
  }

  /**
   * The penalty in words: α, λ per component (chosen or given) and the coefficients it set to
   * 0 in each (their indices, the intercept last when fitted).
   */
  private String penaltyNote() {
    StringBuilder b = new StringBuilder("elastic net, alpha " + penalty.alpha() + ", "
        + (penalty.chosen() ? "lambda chosen by EBIC" : "lambda given") + ":");
    for (int e = 0; e < k; e++) {
      StringBuilder zeros = new StringBuilder();
      int count = 0;
      for (int j = 0; j < d; j++) {
        if (coefficients[e * d + j] == 0) {
          zeros.append(count++ == 0 ? "" : ",").append(j);
        }
      }
      b.append(e == 0 ? " " : "; ").append("component ").append(e + 1).append(" lambda ")
          .append(String.format(java.util.Locale.ROOT, "%.4g", lambdas[e])).append(", ")
          .append(count).append(" of ").append(d).append(" coefficients zero")
          .append(count == 0 ? "" : " (" + zeros + ")");
    }
    return b.toString();
  }
}
