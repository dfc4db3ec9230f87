package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.mixturelib.data.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the number of components, as flexmix's {@code stepFlexmix}: fits k = kMin..kMax with
 * the engine (each fit with its restarts, see {@link EmConfig#numInit}) and picks the fit with
 * the smallest information criterion.
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
      return switch (this) {
        case AIC -> fit.aic();
        case BIC -> fit.bic();
        case ICL -> fit.icl();
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
      return choose(table, c);
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
    if (kMin < 1 || kMax < kMin) {
      throw new IllegalArgumentException("need 1 <= kMin <= kMax, got kMin = " + kMin
          + ", kMax = " + kMax);
    }
    if (criterion == null) {
      throw new IllegalArgumentException("criterion must be AIC, BIC or ICL, got null");
    }
    List<Entry> table = new ArrayList<>();
    for (int k = kMin; k <= kMax; k++) {
      MixtureState initial = model.apply(k);
      if (initial.k() != k) {
        throw new IllegalArgumentException("the model for k = " + k + " has " + initial.k()
            + " components");
      }
      FitResult fit = new EmEngine(data, List.of(), config).fit(initial);
      LOG.info("k = {}: {} components fitted, log-likelihood {}, BIC {}, ICL {}", k,
          fit.numComponents(), fit.logLikelihood(), fit.bic(), fit.icl());
      table.add(new Entry(k, fit));
    }
    return new Result(List.copyOf(table), criterion, choose(table, criterion));
  }

  private static Entry choose(List<Entry> table, Criterion c) {
    return table.stream().min(Comparator.comparingDouble((Entry e) -> c.of(e.fit()))
        .thenComparingInt(Entry::k)).orElseThrow();
  }
}
