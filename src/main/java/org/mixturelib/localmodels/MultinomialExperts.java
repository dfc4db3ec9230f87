package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * K multinomial-logit experts over a label of L levels (flexmix's {@code FLXMRmultinom}, one
 * {@code nnet::multinom} per component), held as one object. The label is the level's index
 * {@code 0 .. L-1}; expert k gives level l the probability {@code p_kl(x) = exp(eta_kl) / Σ_m
 * exp(eta_km)} with {@code eta_kl = B_k[:, l]ᵀ x} and level 0 the reference ({@code eta_k0 =
 * 0}), so each expert has {@code D (L - 1)} free coefficients, column-major D x (L-1): column
 * {@code l - 1} holds level l's, the log-odds of level l against level 0.
 *
 * <p>The M-step is one Newton step per EM iteration on each expert's weighted log-likelihood,
 * from statistics the E-step pass accumulates at the current coefficients (its gradient and the
 * {@code D(L-1) x D(L-1)} negative Hessian, in blocks of D x D per pair of levels, built with the
 * experts' fused weighted-moments loop: {@link MultinomialStatistics}). The log-likelihood is
 * concave in the coefficients, so Newton from the current point converges; when a step
 * overshoots and the next E-step finds that the bound fell, the engine halves it ({@link
 * StepHalving}), so the bound never decreases. A singular system (a level absent from an
 * expert's rows, dependent columns) gets a ridge and a note; separation (a level predicted with
 * probability 1) lets the coefficients grow while the bound's gain vanishes, and is noted.
 *
 * <p>Offsets and binomial trials are refused; weights, groups and every gate work as for any
 * family.
 */
public final class MultinomialExperts implements ExpertScores, StepHalving, CategoricalExperts,
    Resumable, DescribedExperts {
  private static final long serialVersionUID = 1L;
  /** The family's type id, as the params and saved models name it. */
  public static final String TYPE_ID = "multinomial";
  /** Experts whose share of the total weight is at most this are not updated. */
  private static final double EMPTY = 1e-10;
  /** A linear predictor beyond this magnitude on an expert's rows is noted. */
  private static final double EXTREME_ETA = 30;
  /** Rows whose weight for an expert is below this do not count for {@link #EXTREME_ETA}. */
  private static final double HOLDS_ROW = 1e-3;
  /** The Hessian sums about this many rows at least: all rows up to twice as many. */
  public static final int HESSIAN_ROWS = 65_536;

  private final int k;
  private final int d;
  private final String[] levels;
  /** Free levels per expert, L - 1. */
  private final int q;
  /** Column-major D x (K q): expert k's column l - 1 at {@code (k q + l - 1) D}. */
  private final double[] coefficients;
  private final double[][] covariances;
  private String labelName = "label";
  private final LastStep lastStep = new LastStep();
  /** Every this-many-th row (by global index) adds to the Hessian, weighted by it. */
  private int hessianStride = 1;
  private transient Notes notes;

  /**
   * K experts with coefficients zero (every level equally likely), before their first M-step.
   *
   * @param k number of experts
   * @param d number of features (the intercept column included)
   * @param levels the label's levels, in the order of their indices (level 0 the reference)
   * @throws IllegalArgumentException when k or d is below 1, or the levels are fewer than two,
   *     null or repeated
   */
  public MultinomialExperts(int k, int d, List<String> levels) {
    if (k < 1) {
      throw new IllegalArgumentException("k (number of experts) must be >= 1, got " + k);
    }
    if (d < 1) {
      throw new IllegalArgumentException("experts need at least one feature, got d=" + d);
    }
    if (levels.size() < 2) {
      throw new IllegalArgumentException("the multinomial family needs a label with at least 2"
          + " levels, got " + levels.size() + " " + levels);
    }
    if (levels.stream().anyMatch(java.util.Objects::isNull)
        || new HashSet<>(levels).size() != levels.size()) {
      throw new IllegalArgumentException("the multinomial family's levels must be distinct and"
          + " not null, got " + levels);
    }
    this.k = k;
    this.d = d;
    this.levels = levels.toArray(new String[0]);
    this.q = levels.size() - 1;
    this.coefficients = new double[d * q * k];
    this.covariances = new double[k][];
  }

  /**
   * K experts over the levels {@code "0", "1", ..., "L-1"} (a label given as indices).
   *
   * @param numLevels L, at least 2
   */
  public static MultinomialExperts indexed(int k, int d, int numLevels) {
    if (numLevels < 2) {
      throw new IllegalArgumentException("the multinomial family needs a label with at least 2"
          + " levels, got " + numLevels);
    }
    String[] names = new String[numLevels];
    Arrays.setAll(names, String::valueOf);
    return new MultinomialExperts(k, d, List.of(names));
  }

  @Override
  public String typeId() {
    return TYPE_ID;
  }

  @Override
  public int numExperts() {
    return k;
  }

  @Override
  public int numFeatures() {
    return d;
  }

  /** One: the label column holding the level's index. */
  @Override
  public int numOutputs() {
    return 1;
  }

  @Override
  public int numLevels() {
    return q + 1;
  }

  @Override
  public List<String> levels() {
    return List.of(levels);
  }

  @Override
  public void setLabelName(String label) {
    labelName = label;
  }

  @Override
  public MultinomialExperts copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  public MultinomialExperts restrictTo(int[] keep) {
    if (keep.length < 1) {
      throw new IllegalArgumentException("restrictTo needs at least one expert to keep");
    }
    MultinomialExperts c = new MultinomialExperts(keep.length, d, List.of(levels));
    int per = d * q;
    for (int i = 0; i < keep.length; i++) {
      int e = keep[i];
      checkIndex(e);
      System.arraycopy(coefficients, e * per, c.coefficients, i * per, per);
      c.covariances[i] = covariances[e] == null ? null : covariances[e].clone();
    }
    c.labelName = labelName;
    c.hessianStride = hessianStride;
    return c;
  }

  private void checkIndex(int e) {
    if (e < 0 || e >= k) {
      throw new IllegalArgumentException("expert index " + e + " is outside [0, " + k + ")");
    }
  }

  /**
   * Sets expert e's coefficients (column-major D x (L-1)) as the current fit (a warm start).
   */
  public void setCoefficients(int e, double[] w) {
    checkIndex(e);
    if (w.length != d * q) {
      throw new IllegalArgumentException("coefficients of expert " + e + " have " + w.length
          + " entries, expected " + d * q + " (" + d + " features times " + q + " levels)");
    }
    System.arraycopy(w, 0, coefficients, e * d * q, d * q);
    covariances[e] = null;
    lastStep.forget();
  }

  // ---------------------------------------------------------------- LinearPredictors

  /** Expert e's coefficients, column-major D x (L-1): level l's in column l - 1. */
  @Override
  public double[] coefficients(int e) {
    checkIndex(e);
    return Arrays.copyOfRange(coefficients, e * d * q, (e + 1) * d * q);
  }

  /** L - 1 columns of coefficients per expert, one per level but the reference. */
  @Override
  public int coefficientColumns() {
    return q;
  }

  /**
   * Expert e's sampling covariance of its coefficients (column-major {@code D(L-1) x D(L-1)},
   * in the layout of {@link #coefficients}: the inverse of its last M-step's information), or
   * null before a fit.
   */
  @Override
  public double[] covariance(int e) {
    checkIndex(e);
    return covariances[e] == null ? null : covariances[e].clone();
  }

  /** Logit: each column's coefficients give the log-odds of its level against level 0. */
  @Override
  public Link link() {
    return StandardLink.LOGIT;
  }

  /** 1 for every expert: the multinomial has no dispersion. */
  @Override
  public double[] dispersions() {
    double[] ones = new double[k];
    Arrays.fill(ones, 1.0);
    return ones;
  }

  @Override
  public double boundTerm() {
    return 0;
  }

  @Override
  public int numFreeParameters() {
    return k * d * q;
  }

  @Override
  public boolean isFinite() {
    for (double v : coefficients) {
      if (!Double.isFinite(v)) {
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

  // ---------------------------------------------------------------- persistence

  /** Writes the levels' names, in order, and each expert's coefficients. */
  @Override
  public void writeParameters(ParameterWriter out) {
    for (String level : levels) {
      out.item("levels").text("name", level);
    }
    for (int e = 0; e < k; e++) {
      out.item("experts").doubles("coefficients", coefficients(e));
    }
  }

  /**
   * Restores what {@link #writeParameters} wrote; the saved levels must be this family's, in
   * the same order.
   */
  @Override
  public void readParameters(ParameterReader in) {
    List<ParameterReader> saved = in.items("levels", levels.length);
    for (int l = 0; l < levels.length; l++) {
      String name = saved.get(l).text("name");
      if (!levels[l].equals(name)) {
        throw in.corrupt("level " + l + " is '" + name + "'; this family's is '" + levels[l]
            + "' (levels " + Arrays.toString(levels) + ")");
      }
    }
    List<ParameterReader> experts = in.items("experts", k);
    for (int e = 0; e < k; e++) {
      setCoefficients(e, experts.get(e).doubles("coefficients", d * q));
    }
  }

  /** Writes the covariances and the last M-step's step (from where, how far, how often halved). */
  @Override
  public void writeProgress(ParameterWriter out) {
    lastStep.write(out);
    out.integer("hessianStride", hessianStride);
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
    lastStep.read(in, coefficients.length);
    int stride = in.has("hessianStride") ? in.integer("hessianStride") : 1;
    if (stride < 1) {
      throw in.corrupt("hessianStride is " + stride + "; expected at least 1");
    }
    hessianStride = stride;
    List<ParameterReader> experts = in.items("experts", k);
    int dq = d * q;
    for (int e = 0; e < k; e++) {
      ParameterReader one = experts.get(e);
      covariances[e] = one.has("covariance") ? one.doubles("covariance", dq * dq) : null;
    }
  }

  // ---------------------------------------------------------------- scoring

  /** Every expert's linear predictors of the free levels: column-major n x (K q). */
  private void linearPredictors(Block b, double[] eta) {
    if (b.offsets != null) {
      throw new IllegalArgumentException("offsetCol is not supported with family '" + TYPE_ID
          + "' (its experts have L - 1 linear predictors)");
    }
    int n = b.n;
    Blas.get().dgemm("N", "N", n, k * q, d, 1.0, b.xy, n, coefficients, d, 0.0, eta, n);
  }

  /**
   * The probabilities of the free levels from their linear predictors ({@code p} may be {@code
   * eta}: in place); {@code logZ[e n + i]} gets {@code log Σ_l exp(eta_il)} (with {@code eta_i0
   * = 0}).
   */
  private void softmax(int n, double[] eta, double[] p, double[] logZ) {
    MultinomialLoops.Scalar.INSTANCE.softmax(n, k, q, eta, p, logZ);
  }

  /**
   * Row i's level index.
   *
   * @throws IllegalArgumentException naming the label column and the row when it is not an
   *     integer in {@code [0, L-1]}
   */
  private int level(Block b, int i) {
    double y = b.xy[d * b.n + i];
    if (!(y >= 0 && y <= q && y == Math.rint(y))) {
      throw new IllegalArgumentException("column '" + labelName + "': row " + (b.firstRow + i)
          + " is " + y + "; the multinomial family needs a level index, an integer in [0, "
          + q + "] (" + (q + 1) + " levels)");
    }
    return (int) y;
  }

  /** Each expert's most probable level (its index), column-major n x K. */
  @Override
  public void predict(Block b, double[] out) {
    int n = b.n;
    double[] p = new double[n * k * (q + 1)];
    levelProbabilities(b, p);
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int l = 1; l <= q; l++) {
          if (p[(e * (q + 1) + l) * n + i] > p[(e * (q + 1) + best) * n + i]) {
            best = l;
          }
        }
        out[e * n + i] = best;
      }
    }
  }

  @Override
  public void levelProbabilities(Block b, double[] out) {
    int n = b.n;
    double[] p = new double[n * k * q];
    double[] logZ = new double[n * k];
    linearPredictors(b, p);
    softmax(n, p, p, logZ);
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < n; i++) {
        out[e * (q + 1) * n + i] = Math.exp(-logZ[e * n + i]);
      }
      System.arraycopy(p, e * q * n, out, (e * (q + 1) + 1) * n, q * n);
    }
  }

  @Override
  public ExpertKernel newKernel() {
    return new Kernel(this);
  }

  @Override
  public MultinomialStatistics newStatistics() {
    return new MultinomialStatistics(k, d, q);
  }

  /**
   * The E-step's per-block work: the linear predictors (one {@code dgemm}), the probabilities
   * and log-densities (the softmax of the partition's {@link MultinomialLoops}, on the Vector
   * API when the JVM has it), then from the same probabilities the gradient (one {@code
   * dgemm}) and the negative Hessian's blocks (the fused weighted-moments loop, one weight
   * column per expert and pair of levels).
   */
  private static final class Kernel implements ExpertKernel {
    private final MultinomialExperts experts;
    private double[] eta = new double[0];
    private double[] prob = new double[0];
    private double[] logZ = new double[0];
    private double[] residual = new double[0];
    /** One expert's weight column per pair of levels on the sampled rows, column-major. */
    private double[] pairWeights = new double[0];
    /** The features of the rows the Hessian samples, column-major. */
    private double[] sampled = new double[0];
    /** Their indices in the block. */
    private int[] sampledRows = new int[0];
    /** One expert's negative Hessian blocks of one block of rows. */
    private double[] blocks = new double[0];
    private int[] label = new int[0];
    private final WeightedMoments moments = new WeightedMoments();
    private final MultinomialLoops loops = MultinomialLoops.create();
    private Block scored;

    Kernel(MultinomialExperts experts) {
      this.experts = experts;
    }

    private void ensure(int n) {
      int k = experts.k;
      int q = experts.q;
      if (logZ.length < n * k) {
        eta = new double[n * k * q];
        prob = new double[n * k * q];
        logZ = new double[n * k];
        residual = new double[n * k * q];
        pairWeights = new double[n * MultinomialStatistics.pairs(q)];
        blocks = new double[MultinomialStatistics.pairs(q) * experts.d * experts.d];
        label = new int[n];
        sampled = new double[n * experts.d];
        sampledRows = new int[n];
      }
    }

    /** Probabilities and labels of the block's rows at the current coefficients. */
    private void score(Block b) {
      ensure(b.n);
      for (int i = 0; i < b.n; i++) {
        label[i] = experts.level(b, i);
      }
      experts.linearPredictors(b, eta);
      loops.softmax(b.n, experts.k, experts.q, eta, prob, logZ);
      scored = b;
    }

    @Override
    public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
      score(b);
      int n = b.n;
      int k = experts.k;
      int q = experts.q;
      for (int e = 0; e < k; e++) {
        for (int i = 0, o = e; i < n; i++, o += k) {
          int y = label[i];
          out[o] += (y == 0 ? 0 : eta[(e * q + y - 1) * n + i]) - logZ[e * n + i];
        }
      }
    }

    @Override
    public void addStatistics(Block b, double[] rw, ExpertStatistics statistics) {
      if (scored != b) { // a start's responsibilities: no log-likelihoods were computed
        score(b);
      }
      scored = null;
      MultinomialStatistics stats = (MultinomialStatistics) statistics;
      int n = b.n;
      int k = experts.k;
      int q = experts.q;
      int d = experts.d;
      int pairs = MultinomialStatistics.pairs(q);
      // the rows the Hessian sums: every stride-th by global index
      int stride = experts.hessianStride;
      int ns = 0;
      for (int i = (int) Math.floorMod(-b.firstRow, (long) stride); i < n; i += stride) {
        sampledRows[ns++] = i;
      }
      for (int c = 0; c < d; c++) {
        for (int s = 0; s < ns; s++) {
          sampled[c * ns + s] = b.xy[c * n + sampledRows[s]];
        }
      }
      stats.rows += n;
      for (int e = 0; e < k; e++) {
        int at = e * n;
        double extreme = stats.maxAbsEta[e];
        // the residuals w (y_l - p_l), a column per free level: -w p_l, then w (1 - p_l) on
        // the rows of level l
        for (int m = 0; m < q; m++) {
          int col = (e * q + m) * n;
          for (int i = 0; i < n; i++) {
            residual[col + i] = -rw[at + i] * prob[col + i];
          }
        }
        for (int i = 0; i < n; i++) {
          int y = label[i];
          double w = rw[at + i];
          if (y > 0) {
            int cell = (e * q + y - 1) * n + i;
            residual[cell] = w * (1 - prob[cell]);
          }
          if (w > HOLDS_ROW * b.weights[i]) {
            for (int m = 0; m < q; m++) {
              extreme = Math.max(extreme, Math.abs(eta[(e * q + m) * n + i]));
            }
          }
        }
        stats.maxAbsEta[e] = extreme;
        for (int s = 0; s < ns; s++) {
          int i = sampledRows[s];
          double wp0 = stride * rw[at + i];
          for (int m = 0; m < q; m++) {
            double pm = prob[(e * q + m) * n + i];
            double wp = wp0 * pm;
            int base = m * (m + 1) / 2 * ns + s;
            for (int l = 0; l < m; l++) {
              pairWeights[base + l * ns] = -wp * prob[(e * q + l) * n + i];
            }
            pairWeights[base + m * ns] = wp * (1 - pm);
          }
        }
        // one expert's blocks at a time, so that the moments' working arrays stay in cache
        int size = pairs * d * d;
        Arrays.fill(blocks, 0, size, 0.0);
        moments.add(sampled, ns, d, pairWeights, pairs, blocks);
        for (int j = 0; j < size; j++) {
          stats.hessian[e * size + j] += blocks[j];
        }
      }
      // gradient: Xᵀ R, D x (K q), added into the statistics
      Blas.get().dgemm("T", "N", d, k * q, n, 1.0, b.xy, n, residual, n, 1.0, stats.gradient, d);
    }
  }

  // ---------------------------------------------------------------- M-step

  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    MultinomialStatistics stats = (MultinomialStatistics) statistics;
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    int dq = d * q;
    double[] before = coefficients.clone();
    double[] change = new double[coefficients.length];
    for (int e = 0; e < k; e++) {
      if (!(weights[e] > EMPTY * total)) {
        note("expert " + (e + 1) + " has no responsibility left (an empty component); it keeps"
            + " its coefficients");
        continue;
      }
      Cholesky chol = Cholesky.factor(stats.information(e), dq,
          "the Newton system of multinomial expert " + (e + 1));
      if (chol.jitter() > 0) {
        note("the Newton system of multinomial expert " + (e + 1) + " is singular or nearly so"
            + " (a level absent from its rows, constant or dependent columns, or probabilities"
            + " at 0 or 1); a ridge proportional to its diagonal was added");
      }
      double[] delta = Arrays.copyOfRange(stats.gradient, e * dq, (e + 1) * dq);
      chol.solveInPlace(delta, 1);
      for (int j = 0; j < dq; j++) {
        change[e * dq + j] = delta[j];
        coefficients[e * dq + j] += delta[j];
      }
      covariances[e] = chol.inverse();
      if (stats.maxAbsEta[e] > EXTREME_ETA) {
        note("multinomial expert " + (e + 1) + " gives some level a probability of 0 or 1 to"
            + " within 1e-13 on some of its rows (separation): its coefficients grow each"
            + " iteration and are not well determined; the fit stays finite");
      }
    }
    lastStep.taken(before, change);
    hessianStride = (int) Math.max(1, Math.min(Integer.MAX_VALUE, stats.rows / HESSIAN_ROWS));
  }

  /** Moves the coefficients back to half of the last Newton step (the covariances stay). */
  @Override
  public boolean halveLastStep() {
    double[] at = lastStep.halve();
    if (at != null) {
      System.arraycopy(at, 0, coefficients, 0, at.length);
    }
    return at != null;
  }

  // ---------------------------------------------------------------- scores (standard errors)

  @Override
  public int numScoreParameters() {
    return k * d * q;
  }

  /** The D (L-1) coefficients, in the layout of {@link #coefficients}. */
  @Override
  public int expertParameters() {
    return d * q;
  }

  @Override
  public int parameterIndex(int e, int j) {
    checkIndex(e);
    return e * d * q + j;
  }

  @Override
  public double parameterValue(int p) {
    return coefficients[p];
  }

  @Override
  public String parameterName(int p) {
    int j = p % (d * q);
    return "coefficient " + j % d + " of level '" + levels[j / d + 1] + "' of expert "
        + (p / (d * q) + 1);
  }

  @Override
  public boolean atBound(int p) {
    return false;
  }

  /** Always: the coefficients maximise the likelihood at EM's fixed point. */
  @Override
  public boolean maximumLikelihood() {
    return true;
  }

  /**
   * Score {@code (y_il - p_l) x} for the free level l's coefficients; curvature {@code p_l
   * (δ_lm - p_m) x xᵀ} for the pair of levels (l, m).
   */
  @Override
  public void rowDerivatives(Block b, int e, double[] score, double[] curvature) {
    checkIndex(e);
    int n = b.n;
    double[] p = new double[n * k * q];
    double[] logZ = new double[n * k];
    linearPredictors(b, p);
    softmax(n, p, p, logZ);
    int dq = d * q;
    int packed = dq * (dq + 1) / 2;
    for (int i = 0; i < n; i++) {
      int y = level(b, i);
      int at = i * packed;
      for (int m = 0; m < q; m++) {
        double pm = p[(e * q + m) * n + i];
        double r = (y == m + 1 ? 1 : 0) - pm;
        for (int c = 0; c < d; c++) {
          double xc = b.xy[c * n + i];
          int col = m * d + c;
          score[col * n + i] = r * xc;
          for (int l = 0; l <= m; l++) {
            double w = l == m ? pm * (1 - pm) : -pm * p[(e * q + l) * n + i];
            int last = l == m ? c : d - 1;
            for (int a = 0; a <= last; a++) {
              curvature[at + col * (col + 1) / 2 + l * d + a] = w * b.xy[a * n + i] * xc;
            }
          }
        }
      }
    }
  }

  @Override
  public String displayName() {
    return typeId();
  }

  @Override
  public String dispersionName() {
    return null;
  }

  @Override
  public double[] dispersionFigures() {
    return null;
  }

  @Override
  public String summaryNote() {
    List<String> levels = levels();
    return "family " + typeId() + ": levels " + String.join(", ", levels) + "; coefficients are"
        + " each level's log-odds against '" + levels.get(0) + "', no dispersion";
  }
}
