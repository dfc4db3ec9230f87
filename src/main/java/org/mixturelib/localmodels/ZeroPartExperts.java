package org.mixturelib.localmodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;

/**
 * K count experts with a logistic zero part of their own ({@link ZeroInflatedExperts}, {@link
 * HurdleExperts}): what the two share. The zero part of expert k has coefficients {@code
 * gamma_k} on its inputs g (an intercept and the block's family columns of {@link ZeroInputs}),
 * stepped by one warm-started logistic Newton step per M-step; the count experts' coefficients
 * are the ones reported as {@link LinearPredictors}. In the standard errors' layout ({@link
 * ExpertScores}) the count experts' parameters come first, then each expert's c zero-part
 * coefficients; the saved parameters are the count experts' (item {@code count}) and the zero
 * part's ({@code zero}, K x c by expert).
 *
 * @param <C> the type of the count experts
 */
public abstract sealed class ZeroPartExperts<C extends ExpertFamily> implements
    LinearPredictors, PredictiveVariance, StepHalving, ExpertScores, LabelColumn, Resumable,
    DescribedExperts, ZeroPart permits HurdleExperts, ZeroInflatedExperts {
  private static final long serialVersionUID = 1L;
  /** Experts whose share of the total weight is at most this are not updated. */
  static final double EMPTY = 1e-10;

  /** The count experts. */
  final C count;
  /** The zero part's inputs. */
  final ZeroInputs zero;
  /** The number of experts. */
  final int k;
  /** The number of the zero part's inputs. */
  final int c;
  /** The zero part's coefficients, K x c by expert. */
  final double[] gamma;
  /** The last M-step's step, for step halving. */
  final LastStep lastStep = new LastStep();
  /** The label column's name in messages. */
  String labelName = "label";
  /** Whether the first M-step was taken. */
  boolean started;
  private final String prefix;
  private final String partName;
  private final String parameterLabel;

  /**
   * @param prefix the prefix of the type id ({@code "zi"}, {@code "hurdle"})
   * @param partName the zero part's name in section titles and messages ("zero part")
   * @param parameterLabel its name in a parameter's name ("zero-part")
   */
  ZeroPartExperts(C count, ZeroInputs zero, String prefix, String partName,
      String parameterLabel) {
    this.prefix = prefix;
    this.partName = partName;
    this.parameterLabel = parameterLabel;
    this.count = count;
    this.zero = zero;
    this.k = count.numExperts();
    this.c = zero.size();
    this.gamma = new double[k * c];
  }

  /** The same kind of experts around {@code counts}, with a zero part of the same inputs. */
  abstract ZeroPartExperts<C> around(C counts);

  @Override
  public void setLabelName(String label) {
    labelName = label;
  }

  /** The count experts. */
  public C countExperts() {
    return count;
  }

  @Override
  public String zeroPartName() {
    return partName;
  }

  @Override
  public List<String> zeroTerms() {
    return zero.names();
  }

  @Override
  public double[] zeroCoefficients(int e) {
    checkIndex(e);
    return Arrays.copyOfRange(gamma, e * c, (e + 1) * c);
  }

  /** Sets expert e's zero-part coefficients (a warm start). */
  public void setZeroCoefficients(int e, double[] g) {
    checkIndex(e);
    if (g.length != c) {
      throw new IllegalArgumentException(parameterLabel + " coefficients of expert " + e
          + " have " + g.length + " entries, expected " + c);
    }
    System.arraycopy(g, 0, gamma, e * c, c);
    lastStep.forget();
  }

  void checkIndex(int e) {
    if (e < 0 || e >= k) {
      throw new IllegalArgumentException("expert index " + e + " is outside [0, " + k + ")");
    }
  }

  @Override
  public String typeId() {
    return prefix + count.typeId();
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
  public int numFreeParameters() {
    return count.numFreeParameters() + k * c;
  }

  @Override
  public ZeroPartExperts<C> copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  @SuppressWarnings("unchecked")
  public ZeroPartExperts<C> restrictTo(int[] keep) {
    ZeroPartExperts<C> z = around((C) count.restrictTo(keep));
    for (int i = 0; i < keep.length; i++) {
      checkIndex(keep[i]);
      System.arraycopy(gamma, keep[i] * c, z.gamma, i * c, c);
    }
    z.labelName = labelName;
    z.started = started;
    return z;
  }

  @Override
  public boolean isFinite() {
    return count.isFinite() && Arrays.stream(gamma).allMatch(Double::isFinite);
  }

  // ---------------------------------------------------------------- per-block maths

  /** Every expert's zero-part linear predictor, column-major n x K. */
  void zeroPredictors(Block b, double[] eta) {
    zero.predictors(b, gamma, k, typeId(), eta);
  }

  /** The zero part's column of each role in the block. */
  int[] zeroColumns(Block b) {
    return zero.columns(b, typeId());
  }

  /** Refuses a label that is not a count, naming the label column. */
  void checkLabels(Block b) {
    int yAt = b.d * b.n;
    for (int i = 0; i < b.n; i++) {
      double y = b.xy[yAt + i];
      if (!(y >= 0 && y == Math.rint(y) && y < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("column '" + labelName + "': row " + (b.firstRow + i)
            + " is " + y + "; the " + typeId() + " family needs counts (integers >= 0)");
      }
    }
  }

  /**
   * Adds row i's terms of expert e's zero-part Newton system: the logistic weight {@code w
   * pi (1 - pi)} and the score {@code w (response - pi)}, {@code pi} the zero part's probability.
   */
  void addZeroNewton(Block b, int[] cols, int i, int e, double w, double pi, double response,
      double[] g, double[] information, double[] gradient) {
    zero.addNewton(b, cols, i, e, w * pi * (1 - pi), w * (response - pi), g, information,
        gradient);
  }

  /**
   * Expert e's zero-part Newton step from its system ({@code information} c x c per expert,
   * {@code gradient} c per expert), added to its coefficients.
   *
   * @return the step
   */
  double[] zeroNewtonStep(double[] information, double[] gradient, int e) {
    double[] h = Arrays.copyOfRange(information, e * c * c, (e + 1) * c * c);
    double[] g = Arrays.copyOfRange(gradient, e * c, (e + 1) * c);
    Cholesky.factor(h, c, "the " + zeroPartName() + " of expert " + e).solveInPlace(g, 1);
    for (int j = 0; j < c; j++) {
      gamma[e * c + j] += g[j];
    }
    return g;
  }

  /**
   * Row i's zero-part entries of expert e's per-row derivatives, after the p count parameters:
   * the score {@code gScore g} and the curvature {@code gCurve g gᵀ} ({@link #rowDerivatives}'
   * layouts, the row's packed curvature at {@code at}).
   */
  static void putZeroDerivatives(double[] g, int n, int i, int p, int at, double gScore,
      double gCurve, double[] score, double[] curvature) {
    for (int j = 0; j < g.length; j++) {
      int col = p + j;
      score[col * n + i] = gScore * g[j];
      int base = at + col * (col + 1) / 2;
      for (int r = 0; r <= j; r++) {
        curvature[base + p + r] = gCurve * g[r] * g[j];
      }
    }
  }

  // ---------------------------------------------------------------- LinearPredictors

  private LinearPredictors linear() {
    return (LinearPredictors) count;
  }

  ExpertScores scores() {
    return (ExpertScores) count;
  }

  /** The count part's coefficients. */
  @Override
  public double[] coefficients(int e) {
    return linear().coefficients(e);
  }

  @Override
  public double[] covariance(int e) {
    return linear().covariance(e);
  }

  @Override
  public Link link() {
    return linear().link();
  }

  @Override
  public double[] dispersions() {
    return linear().dispersions();
  }

  // ---------------------------------------------------------------- scores

  /** The count experts' parameters, then each expert's c zero-part coefficients. */
  @Override
  public int numScoreParameters() {
    return scores().numScoreParameters() + k * c;
  }

  @Override
  public int expertParameters() {
    return scores().expertParameters() + c;
  }

  @Override
  public int parameterIndex(int e, int j) {
    int p = scores().expertParameters();
    return j < p ? scores().parameterIndex(e, j) : scores().numScoreParameters() + e * c + j - p;
  }

  @Override
  public double parameterValue(int q) {
    int own = q - scores().numScoreParameters();
    return own < 0 ? scores().parameterValue(q) : gamma[own];
  }

  @Override
  public String parameterName(int q) {
    int own = q - scores().numScoreParameters();
    if (own < 0) {
      return scores().parameterName(q);
    }
    return parameterLabel + " " + zero.name(own % c) + " of expert " + (own / c + 1);
  }

  // ---------------------------------------------------------------- persistence

  /** The count experts' parameters, then the zero part's coefficients (K x c, by expert). */
  @Override
  public void writeParameters(ParameterWriter out) {
    count.writeParameters(out.item("count"));
    out.doubles("zero", gamma);
  }

  @Override
  public void readParameters(ParameterReader in) {
    double[] g = in.doubles("zero", k * c);
    if (!Arrays.stream(g).allMatch(Double::isFinite)) {
      throw in.corrupt("the " + zeroPartName() + "'s coefficients are not all finite");
    }
    count.readParameters(in.items("count", 1).get(0));
    System.arraycopy(g, 0, gamma, 0, g.length);
    started = true;
    lastStep.forget();
  }

  /** The number of entries of the step that {@link #lastStep} records. */
  abstract int stepLength();

  @Override
  public void writeProgress(ParameterWriter out) {
    out.flag("started", started);
    lastStep.write(out);
  }

  @Override
  public void readProgress(ParameterReader in) {
    lastStep.read(in, stepLength());
    started = in.flag("started");
  }

  // ---------------------------------------------------------------- description

  @Override
  public String dispersionName() {
    return DescribedExperts.of(count).dispersionName();
  }

  @Override
  public double[] dispersionFigures() {
    return DescribedExperts.of(count).dispersionFigures();
  }
}
