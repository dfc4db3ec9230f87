package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import org.mixturelib.data.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the number of components, as flexmix's {@code stepFlexmix}: fits k = kMin..kMax with
 * the engine (each fit with its restarts, see {@link EmConfig#numInit}) and picks the fit with
 * the smallest information criterion. {@link #choose} is that rule for fits of any kind (the fit
 * job's selection over Spark ML models uses it too).
 *
 * <pre>{@code
 * MixtureModelSelection.Result r = MixtureModelSelection.select(source,
 *     k -> new MixtureState(experts(k), new HyperModelDirichlet(ones(k), false)),
 *     new EmConfig(), 1, 4, MixtureModelSelection.Criterion.BIC);
 * FitResult best = r.chosen().fit();
 * }</pre>
 */
public final class MixtureModelSelection {
  private static final Logger LOG = LoggerFactory.getLogger(MixtureModelSelection.class);

  private MixtureModelSelection() {}

  /** An information criterion (smaller is better), as {@link FitResult} defines it. */
  public enum Criterion {
    /** {@link FitResult#aic()}. */
    AIC,
    /** {@link FitResult#bic()}. */
    BIC,
    /** {@link FitResult#icl()}. */
    ICL;

    /** The criterion's value for a fit. */
    public double of(FitResult fit) {
      return pick(fit.aic(), fit.bic(), fit.icl());
    }

    /** This criterion's value among a fit's three. */
    public double pick(double aic, double bic, double icl) {
      return switch (this) {
        case AIC -> aic;
        case BIC -> bic;
        case ICL -> icl;
      };
    }
  }

  /**
   * One line of the table.
   *
   * @param k the number of components asked for
   * @param fit the fit (its number of components may be smaller, see {@link
   *     EmConfig#minPrior})
   */
  public record Entry(int k, FitResult fit) {
    /** Number of components of the fitted model. */
    public int fittedK() {
      return fit.numComponents();
    }
  }

  /**
   * The table and the choice.
   *
   * @param table one entry per k, in increasing k
   * @param criterion the criterion the choice was made by
   * @param chosen the entry with the smallest criterion (the smaller k on a tie)
   */
  public record Result(List<Entry> table, Criterion criterion, Entry chosen) {
    /** The entry another criterion would choose. */
    public Entry chosenBy(Criterion c) {
      return table.get(smallest(table, e -> c.of(e.fit())));
    }

    /** The table as text: k, fitted k, log-likelihood, free parameters, AIC, BIC, ICL. */
    public String format() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "%3s %6s %14s %5s %12s %12s %12s %5s%n", "k", "fitted", "logLik", "df", "AIC", "BIC",
          "ICL", "iter"));
      for (Entry e : table) {
        FitResult f = e.fit();
        sb.append(String.format(Locale.ROOT, "%3d %6d %14.4f %5d %12.4f %12.4f %12.4f %5d%s%n",
            e.k(), e.fittedK(), f.logLikelihood(), f.numFreeParameters(), f.aic(), f.bic(),
            f.icl(), f.iterations(), e == chosen ? "  <- " + criterion : ""));
      }
      return sb.toString();
    }
  }

  /**
   * Fits every k in [kMin, kMax] and chooses by {@code criterion}.
   *
   * @param data the rows
   * @param model the initial model for k components (experts and gate); with the config's
   *     default init mode its parameters only give the shapes and settings
   * @param config the settings of every fit (restarts, tolerance, seed, ...)
   * @param kMin smallest number of components (>= 1)
   * @param kMax largest number of components (>= kMin)
   * @param criterion how to choose
   */
  public static Result select(DataSource data, IntFunction<MixtureState> model, EmConfig config,
      int kMin, int kMax, Criterion criterion) {
    if (criterion == null) {
      throw new IllegalArgumentException("criterion must be AIC, BIC or ICL, got null");
    }
    Choice<Entry> c = choose(kMin, kMax, k -> {
      MixtureState initial = model.apply(k);
      if (initial.k() != k) {
        throw new IllegalArgumentException("the model for k = " + k + " has " + initial.k()
            + " components");
      }
      FitResult fit = new EmEngine(data, List.of(), config).fit(initial);
      LOG.info("k = {}: {} components fitted, log-likelihood {}, BIC {}, ICL {}", k,
          fit.numComponents(), fit.logLikelihood(), fit.bic(), fit.icl());
      return new Entry(k, fit);
    }, e -> criterion.of(e.fit()));
    return new Result(c.fits(), criterion, c.chosen());
  }

  /**
   * The fits of k = kMin..kMax and the one chosen.
   *
   * @param fits one fit per k, in increasing k
   * @param chosenIndex the chosen fit's index in {@code fits}
   */
  public record Choice<F>(List<F> fits, int chosenIndex) {
    /** The chosen fit. */
    public F chosen() {
      return fits.get(chosenIndex);
    }
  }

  /**
   * The selection rule: fits every k in [kMin, kMax] (in increasing k) and chooses the fit with
   * the smallest criterion, the smaller k on a tie (a NaN criterion counts as the largest).
   *
   * @param fit the fit for k components
   * @param criterion the criterion's value for a fit
   */
  public static <F> Choice<F> choose(int kMin, int kMax, IntFunction<F> fit,
      ToDoubleFunction<F> criterion) {
    if (kMin < 1 || kMax < kMin) {
      throw new IllegalArgumentException("need 1 <= kMin <= kMax, got kMin = " + kMin
          + ", kMax = " + kMax);
    }
    List<F> fits = new ArrayList<>();
    for (int k = kMin; k <= kMax; k++) {
      fits.add(fit.apply(k));
    }
    return new Choice<>(List.copyOf(fits), smallest(fits, criterion));
  }

  /** Index of the fit with the smallest criterion, the first on a tie. */
  private static <F> int smallest(List<F> fits, ToDoubleFunction<F> criterion) {
    int best = 0;
    double bestValue = criterion.applyAsDouble(fits.get(0));
    for (int i = 1; i < fits.size(); i++) {
      double v = criterion.applyAsDouble(fits.get(i));
      if (Double.compare(v, bestValue) < 0) {
        best = i;
        bestValue = v;
      }
    }
    return best;
  }
}
