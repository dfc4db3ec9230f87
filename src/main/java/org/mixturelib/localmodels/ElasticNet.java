package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.mixturelib.linalg.Cholesky;

/**
 * The elastic-net penalty of GLM experts (flexmix's {@code FLXMRglmnet}, glmnet's objective):
 * each component's M-step minimises, over its coefficients β,
 *
 * <pre>
 *   (phi_k / n_k) (-Σ_i w_i r_ik log p(y_i | x_i, β))  +  λ_k Σ_j P_α(s_kj β_j)
 * </pre>
 *
 * <p>that is glmnet's {@code deviance / (2 n) + λ P_α} on the component's weighted rows ({@code
 * n_k = Σ_i w_i r_ik}, phi_k the family's {@link GlmFamily#devianceDispersion}: the Gaussian's
 * variance, Gamma's dispersion, 1 for the others), with {@code P_α(β) = α |β| + (1 - α) β² / 2}
 * on the <em>standardised</em> coefficients {@code s_kj β_j} (s_kj the weighted standard
 * deviation of feature j on the component's rows, as glmnet's {@code standardize = TRUE}); a
 * feature constant on the rows (the intercept) is neither standardised nor penalised and
 * centres the others.
 *
 * <p>Each EM iteration takes one penalised IRLS step per component on the statistics the E-step
 * gathers ({@code X' W z}, the weighted sums and squares of the features, and the weighted Gram
 * {@code X' W X} only in the columns of a screened set of features, glmnet's strong and
 * ever-active sets: nothing beyond D x D, see {@link #solve}): the driver moves the system to
 * standardised, centred coordinates and runs {@link CoordinateDescent} on it.
 *
 * <p>With {@code penalty = auto} λ_k is chosen per component and per iteration along a path of
 * 100 values from the smallest λ that zeroes every penalised coefficient down to 10⁻⁴ of it
 * (10⁻² when the component holds fewer rows than features), warm-started, by the extended BIC
 * (Chen and Chen 2008, γ = 1: consistent for a number of features polynomial in the rows)
 * of each support's relaxed fit: {@code -2 log L + df log n_k + 2 γ
 * log C(p, k)}, with {@code -2 log L} the step's quadratic (exact for the Gaussian, IRLS's local
 * approximation otherwise) at the support's coefficients refitted without the lasso part,
 * {@code df} the nonzero coefficients (less the ridge part's shrinkage when {@code α < 1})
 * and {@code C(p, k)} the number of supports of that size among the p penalised features; of
 * the λ with the best support, the smallest (the least shrunk). The path stops early once {@value
 * #PATIENCE} successive new supports score worse than the best, and is cut where a feature
 * outside the screened set enters (the next pass screens it). flexmix's cross-validation would
 * need a pass over the rows per fold and λ; the criterion costs no pass at all and its extra
 * term keeps the many noise features of wide data out, which plain BIC admits when p is large.
 *
 * <p>Immutable and serializable.
 */
public final class ElasticNet implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The settings' name of λ (>= 0, or {@link #AUTO}). */
  public static final String PENALTY = "penalty";
  /** The settings' name of α. */
  public static final String ALPHA = "alpha";
  /** {@link #PENALTY}'s value for a λ chosen per component. */
  public static final String AUTO = "auto";
  /** Number of λ on the path of {@link #AUTO}. */
  static final int PATH = 100;
  /**
   * The path stops after this many successive new supports score worse than the best (wide
   * data's long tail of noise features is never fitted).
   */
  static final int PATIENCE = 10;
  /**
   * glmnet's sequential strong rule between successive λ of the path: a feature whose gradient
   * at λ is below {@code (2 λ_next / λ - 1) λ α} is expected to stay at 0 at λ_next; those above
   * are screened for the next pass.
   */
  static final double STRONG = 2 * Math.pow(1e-4, 1.0 / (PATH - 1)) - 1;
  /** The extended BIC's γ. */
  static final double GAMMA = 1;
  /** The coordinate descent's tolerance on {@code A_jj δ²} (standardised units). */
  private static final double TOL = 1e-14;
  /** A feature whose weighted variance is below this fraction of its mean square is constant. */
  private static final double CONSTANT = 1e-12;

  private final double alpha;
  /** λ, or NaN for {@link #AUTO}. */
  private final double lambda;

  private ElasticNet(double alpha, double lambda) {
    this.alpha = alpha;
    this.lambda = lambda;
  }

  /**
   * The penalty the settings {@code penalty} and {@code alpha} give, or null when {@code
   * penalty} is absent or empty (no penalty).
   *
   * @throws IllegalArgumentException naming {@code penalty} when it is neither a number >= 0
   *     nor {@code auto}, naming {@code alpha} when it is outside [0, 1] or given without a
   *     penalty
   */
  public static ElasticNet of(FamilySettings settings) {
    String text = settings.text(PENALTY, "").trim();
    if (text.isEmpty()) {
      if (settings.has(ALPHA)) {
        throw new IllegalArgumentException("alpha (the elastic net's mix) needs a penalty; set"
            + " penalty to a lambda >= 0 or 'auto'");
      }
      return null;
    }
    double a = settings.number(ALPHA, 1.0);
    double l;
    if (text.toLowerCase(Locale.ROOT).equals(AUTO)) {
      l = Double.NaN;
    } else {
      try {
        l = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("penalty must be a number >= 0 or 'auto', got '"
            + text + "'", e);
      }
    }
    return of(a, l);
  }

  /**
   * A penalty of mix α and strength λ (NaN: chosen per component).
   *
   * @throws IllegalArgumentException naming {@code penalty} or {@code alpha} when out of range
   */
  public static ElasticNet of(double alpha, double lambda) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha (the elastic net's mix) must be in [0, 1], got "
          + alpha);
    }
    if (!Double.isNaN(lambda) && !(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("penalty (the elastic net's lambda) must be a finite"
          + " number >= 0 or 'auto', got " + lambda);
    }
    return new ElasticNet(alpha, lambda);
  }

  /** α: 1 the lasso, 0 ridge. */
  public double alpha() {
    return alpha;
  }

  /** Whether λ is chosen per component ({@link #AUTO}). */
  public boolean chosen() {
    return Double.isNaN(lambda);
  }

  /** The given λ, or NaN when chosen. */
  public double lambda() {
    return lambda;
  }

  /** The settings' text of λ: the number, or {@link #AUTO}. */
  public String penaltyText() {
    return chosen() ? AUTO : Double.toString(lambda);
  }

  /**
   * One component's penalised step.
   *
   * @param coefficients the new coefficients (D)
   * @param lambda the λ used (the chosen one under {@link #AUTO})
   * @param scales per feature, the standard deviation its penalty is on (0: not penalised)
   * @param exhausted whether the coordinate descent stopped at its sweep limit
   * @param screen the penalised features the next pass should gather (see {@link #solve}),
   *     increasing
   * @param complete whether the step is the one the whole information matrix gives
   */
  record Step(double[] coefficients, double lambda, double[] scales, boolean exhausted,
      int[] screen, boolean complete) {}

  /**
   * The penalty term {@code λ Σ_j P_α(s_j β_j)} of coefficients β (D) with scales s.
   */
  double penaltyValue(double[] beta, double[] scales, double lambda) {
    double s = 0;
    for (int j = 0; j < beta.length; j++) {
      double b = scales[j] * beta[j];
      s += alpha * Math.abs(b) + 0.5 * (1 - alpha) * b * b;
    }
    return lambda * s;
  }

  /**
   * Solves one component's penalised IRLS step from the columns of its information matrix of a
   * screened set S of features only (glmnet's strong and ever-active sets): the step moves the
   * features of S and holds the others at 0, and the gradient of every feature (which S's
   * columns give) checks that none of those would move (the KKT conditions). When none would,
   * the step is the one the whole D x D matrix gives ({@link Step#complete}); when some would,
   * it is the best on S (for {@link #AUTO}, of the path up to the λ where an unscreened
   * feature enters), a step the next pass improves on. Either way {@link Step#screen} proposes
   * the next pass's S: the features that moved in this solve (glmnet's ever-active set) and
   * those glmnet's strong rule expects to enter at the next λ of the path (at the given λ,
   * within {@link #STRONG} of it). S must hold the nonzero coefficients of {@code start}. A
   * feature c constant on the rows (the intercept, equal to its mean {@code v_c} there) needs no
   * column of its own: its column is {@code v_c Σ q x}, so it is always among the features the
   * step moves.
   *
   * @param columns {@code Σ q x x_j} for j in S (D x |S|, column-major; q the rows' IRLS
   *     weights times responsibilities and weights)
   * @param screened S, increasing
   * @param qSums {@code Σ q x} (D)
   * @param rhs {@code Σ q (z - offset) x} (D)
   * @param n {@code n_k = Σ w r} (> 0)
   * @param sums {@code Σ w r x} (D)
   * @param squares {@code Σ w r x²} (D)
   * @param phi the dispersion the family's deviance is scaled by (> 0)
   * @param start the current coefficients (D): the coordinate descent's warm start
   */
  Step solve(double[] columns, int[] screened, double[] qSums, double[] rhs, int d, double n,
      double[] sums, double[] squares, double phi, double[] start) {
    double[] factors = Standardised.factors(d, n, sums, squares);
    int[] moved = withFree(factors, screened);
    double[] h = columns;
    if (moved.length > screened.length) {
      h = new double[d * moved.length];
      for (int m = 0, from = 0; m < moved.length; m++) {
        int j = moved[m];
        if (from < screened.length && screened[from] == j) {
          System.arraycopy(columns, from++ * d, h, m * d, d);
        } else {
          double v = sums[j] / n;
          for (int i = 0; i < d; i++) {
            h[m * d + i] = v * qSums[i];
          }
        }
      }
    }
    Standardised z = Standardised.of(h, moved, rhs, d, n, sums, squares, phi, factors);
    double[] beta0 = z.toStandard(start);
    CoordinateDescent cd = new CoordinateDescent(z.a, z.b, d, moved, z.factors, alpha, TOL,
        beta0);
    double[] beta;
    if (!chosen()) {
      beta = cd.solve(lambda).clone();
      return new Step(z.toRaw(beta), lambda, z.scales(), cd.exhausted(),
          cd.screen(lambda, STRONG), cd.complete(lambda));
    }
    Path best = path(z, d, n, phi, cd);
    // a path cut short needs the features entering next; one that ran to its end (past the
    // best support) needs again those that entered on it
    return new Step(z.toRaw(best.beta), best.lambda, z.scales(), best.exhausted,
        cd.screen(best.last, best.complete ? 1 : STRONG), best.complete);
  }

  /** The screened features and those constant on the rows (factor 0), increasing. */
  private static int[] withFree(double[] factors, int[] screened) {
    int[] out = new int[factors.length];
    int count = 0;
    for (int j = 0, m = 0; j < factors.length; j++) {
      boolean in = m < screened.length && screened[m] == j;
      m += in ? 1 : 0;
      if (in || factors[j] == 0) {
        out[count++] = j;
      }
    }
    return Arrays.copyOf(out, count);
  }

  /**
   * The best fit of a path of λ by the extended BIC, the last λ solved, and whether the path
   * ran to its end on the screened set (else it stopped where an unscreened feature enters).
   */
  private record Path(double[] beta, double lambda, boolean exhausted, double last,
      boolean complete) {}

  private Path path(Standardised z, int d, double n, double phi, CoordinateDescent cd) {
    int penalised = 0;
    for (double f : z.factors) {
      penalised += f > 0 ? 1 : 0;
    }
    // the free coordinates alone first: the smallest λ that keeps every penalised one at 0
    double[] free = cd.solve(Double.POSITIVE_INFINITY).clone();
    double[] g = cd.gradient();
    double top = 0;
    for (int j = 0; j < d; j++) {
      if (z.factors[j] > 0) {
        top = Math.max(top, Math.abs(g[j]));
      }
    }
    top /= Math.max(alpha, 1e-3);
    double bestScore = criterion(z, free, d, n, phi, 0);
    Path best = new Path(free, top, false, Double.POSITIVE_INFINITY, true);
    if (!(top > 0)) {
      return best;
    }
    double ratio = n > d ? 1e-4 : 1e-2;
    boolean[] last = new boolean[d];
    double lastScore = Double.NaN;
    int worse = 0;
    double lam = top;
    for (int l = 1; l < PATH; l++) {
      lam = top * Math.pow(ratio, l / (double) (PATH - 1));
      double[] beta = cd.solve(lam);
      if (!cd.complete(lam)) {
        // a feature outside the screened set enters here: the path so far is the whole
        // matrix's, the rest needs more columns
        return new Path(best.beta, best.lambda, best.exhausted, lam, false);
      }
      boolean same = alpha == 1 && !Double.isNaN(lastScore);
      for (int j = 0; j < d; j++) {
        same &= last[j] == (beta[j] != 0);
        last[j] = beta[j] != 0;
      }
      // the lasso's relaxed fit depends on the support only
      double score = same ? lastScore : criterion(z, beta, d, n, phi, lam);
      lastScore = score;
      if (!same && score > bestScore && ++worse >= PATIENCE) {
        break; // past the best support, noise features keep entering: the rest only costs
      }
      if (score <= bestScore) { // a tie (the same support): the smaller λ shrinks less
        worse = score < bestScore ? 0 : worse;
        bestScore = score;
        best = new Path(beta.clone(), lam, cd.exhausted(), lam, true);
      }
      int nonzero = 0;
      for (int j = 0; j < d; j++) {
        nonzero += z.factors[j] > 0 && beta[j] != 0 ? 1 : 0;
      }
      if (alpha > 0 && nonzero >= Math.min(penalised, n - 1)) {
        break; // glmnet stops the path once the model saturates
      }
    }
    return new Path(best.beta, best.lambda, best.exhausted, lam, true);
  }

  /**
   * The extended BIC of the support of standardised coefficients β at λ, on its relaxed fit
   * (the support's coefficients refitted without the lasso part of the penalty, {@code (A_SS +
   * λ(1-α)F) β_S = b_S}): {@code (n/phi)(β_SᵀA_SSβ_S - 2b_Sᵀβ_S)} (minus twice the
   * log-likelihood up to a constant), {@code df log n} with df the support's size less the
   * ridge part's shrinkage, and {@code 2 γ log C(p, k)}. Scored on the lasso's own coefficients
   * the criterion would favour a smaller λ only to undo their shrinkage, letting noise features
   * in.
   */
  private double criterion(Standardised z, double[] beta, int d, double n, double phi,
      double lam) {
    int p = 0;
    int k = 0;
    int[] support = new int[d];
    int size = 0;
    for (int j = 0; j < d; j++) {
      boolean pen = z.factors[j] > 0;
      p += pen ? 1 : 0;
      if (!pen || beta[j] != 0) {
        support[size++] = j;
        k += pen ? 1 : 0;
      }
    }
    if (size == 0) {
      return 2 * GAMMA * logChoose(p, 0);
    }
    double ridge = alpha < 1 ? lam * (1 - alpha) : 0;
    double[] m = new double[size * size];
    double[] rhs = new double[size];
    for (int c = 0; c < size; c++) {
      for (int r = 0; r < size; r++) {
        m[c * size + r] = z.at(support[r], support[c]);
      }
      m[c * size + c] += ridge * z.factors[support[c]];
      rhs[c] = z.b[support[c]];
    }
    Cholesky chol = Cholesky.factor(m, size, "the elastic net's support");
    double[] refit = chol.solve(rhs, 1);
    double quad = 0;
    for (int c = 0; c < size; c++) {
      double s = 0;
      for (int r = 0; r < size; r++) {
        s += z.at(support[r], support[c]) * refit[r];
      }
      quad += refit[c] * (s - 2 * rhs[c]);
    }
    double df = size;
    if (ridge > 0 && k > 0) {
      double[] inverse = chol.inverse();
      double t = 0;
      for (int c = 0; c < size; c++) {
        t += z.factors[support[c]] * inverse[c * size + c];
      }
      df -= ridge * t;
    }
    return n / phi * quad + df * Math.log(n) + 2 * GAMMA * logChoose(p, k);
  }

  private static double logChoose(int p, int k) {
    double s = 0;
    for (int i = 0; i < k; i++) {
      s += Math.log((double) (p - i) / (k - i));
    }
    return s;
  }

  /**
   * A component's step in standardised coordinates: {@code x̃_j = (x_j - t_j x_c) / s_j} for a
   * penalised feature j (c the centring constant feature, when there is one, {@code t_j x_c}
   * the weighted mean of x_j), {@code x̃_j = x_j} for a constant one; {@code a = M (phi/n) H
   * Mᵀ}, {@code b = M (phi/n) g} with M that map, a only in the screened features' columns
   * (which hold every constant feature, so c's column and row are known).
   */
  private static final class Standardised {
    final int d;
    /** The screened features' columns of the standardised matrix: d x |S|. */
    final double[] a;
    final double[] b;
    final double[] factors;
    /** s_j (1 for a constant feature). */
    final double[] s;
    /** t_j (0 for a constant feature or without a centring feature). */
    final double[] t;
    /** The centring feature, or -1. */
    final int c;
    /** Per feature, its column in {@link #a}, or -1 outside the screened set. */
    final int[] column;

    private Standardised(int d, double[] a, double[] b, double[] factors, double[] s,
        double[] t, int c, int[] column) {
      this.d = d;
      this.a = a;
      this.b = b;
      this.factors = factors;
      this.s = s;
      this.t = t;
      this.c = c;
      this.column = column;
    }

    /**
     * The penalty factors: 0 for a feature constant on the rows (weighted variance below
     * {@link #CONSTANT} of its mean square), 1 for the others.
     */
    static double[] factors(int d, double n, double[] sums, double[] squares) {
      double[] factors = new double[d];
      for (int j = 0; j < d; j++) {
        double mean = sums[j] / n;
        double square = squares[j] / n;
        double variance = square - mean * mean;
        factors[j] = variance > CONSTANT * square ? 1 : 0;
      }
      return factors;
    }

    /** The standardised step from the screened columns h (d x |S|) of the information. */
    static Standardised of(double[] h, int[] screened, double[] g, int d, double n,
        double[] sums, double[] squares, double phi, double[] factors) {
      double[] mean = new double[d];
      int c = -1;
      for (int j = 0; j < d; j++) {
        mean[j] = sums[j] / n;
        if (factors[j] == 0 && c < 0 && mean[j] != 0) {
          c = j;
        }
      }
      double[] s = new double[d];
      double[] t = new double[d];
      for (int j = 0; j < d; j++) {
        if (factors[j] == 0) {
          s[j] = 1;
          continue;
        }
        double square = squares[j] / n;
        if (c >= 0) {
          t[j] = mean[j] / mean[c];
          s[j] = Math.sqrt(Math.max(square - mean[j] * mean[j], 0));
        } else {
          s[j] = Math.sqrt(square); // glmnet without an intercept: no centring
        }
      }
      int[] column = new int[d];
      Arrays.fill(column, -1);
      for (int m = 0; m < screened.length; m++) {
        column[screened[m]] = m;
      }
      int cc = c >= 0 ? column[c] * d : -1;
      double scale = phi / n;
      double[] a = new double[d * screened.length];
      for (int m = 0; m < screened.length; m++) {
        int k = screened[m];
        int at = m * d;
        for (int j = 0; j < d; j++) {
          double v = h[at + j];
          if (c >= 0) {
            v += -t[k] * h[cc + j] - t[j] * h[at + c] + t[j] * t[k] * h[cc + c];
          }
          a[at + j] = scale * v / (s[j] * s[k]);
        }
      }
      double[] b = new double[d];
      for (int k = 0; k < d; k++) {
        b[k] = scale * (g[k] - (c >= 0 ? t[k] * g[c] : 0)) / s[k];
      }
      return new Standardised(d, a, b, factors, s, t, c, column);
    }

    /** Entry (row, col) of the standardised matrix; col a screened feature. */
    double at(int row, int col) {
      return a[column[col] * d + row];
    }

    /** Raw coefficients to standardised ones. */
    double[] toStandard(double[] raw) {
      double[] out = new double[d];
      double shift = 0;
      for (int j = 0; j < d; j++) {
        out[j] = raw[j] * s[j];
        shift += raw[j] * t[j];
      }
      if (c >= 0) {
        out[c] = raw[c] + shift;
      }
      return out;
    }

    /** Standardised coefficients to raw ones. */
    double[] toRaw(double[] beta) {
      double[] out = new double[d];
      double shift = 0;
      for (int j = 0; j < d; j++) {
        out[j] = beta[j] / s[j];
        shift += beta[j] * t[j] / s[j];
      }
      if (c >= 0) {
        out[c] = beta[c] - shift;
      }
      return out;
    }

    /** Per feature, the standard deviation its penalty is on (0 for a free feature). */
    double[] scales() {
      double[] out = Arrays.copyOf(s, d);
      for (int j = 0; j < d; j++) {
        out[j] = factors[j] > 0 ? s[j] : 0;
      }
      return out;
    }
  }
}
