package org.mixturelib.engine;

import org.mixturelib.data.ColumnSummary;
import org.mixturelib.data.DataSource;
import org.mixturelib.engine.init.KMeans;
import org.mixturelib.engine.init.RandomStart;
import org.mixturelib.engine.init.StartRule;
import org.mixturelib.engine.init.YBinStart;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.StandInGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starts of a fit, which break the symmetry of the components: {@link
 * EmEngine#numStarts} starts ({@link InitMode}: k-means on {@code [x, y]}, a random subset of
 * rows per expert, bins of the answers), each a short EM (on small data a full one), on the rows
 * of {@link StartSample}; the best one continues. A gate that has a stand-in for the starts
 * ({@link StandInGate}) lets the stand-in run them.
 */
final class Starts {
  /** The engine's log (the starts' lines are the engine's). */
  private static final Logger LOG = LoggerFactory.getLogger(EmEngine.class);

  private final EmEngine engine;
  private final DataSource data;
  private final EmConfig config;

  /** The starts of fits on {@code engine}'s rows, with its settings. */
  Starts(EmEngine engine) {
    this.engine = engine;
    this.data = engine.data;
    this.config = engine.config;
  }

  /**
   * Runs the starts and returns the run that continues. With several starts and a gate that has
   * a stand-in for them ({@link StandInGate}), the starts run with the stand-in and the best
   * start's experts continue with the gate, which its first M-step trains on their
   * responsibilities (when the starts removed a component, the starts run again with the gate);
   * when the starts ran on a sample of the rows, the gate is first trained there ({@link
   * #trainedOnSample}).
   */
  EmRun best(MixtureState start, ColumnSummary summary) {
    Gate standIn = count(start.k()) > 1 ? start.abilities().standInGate()
        .map(StandInGate::startStandIn).orElse(null) : null;
    MixtureState first = standIn == null ? start
        : new MixtureState(start.experts().copy(), standIn);
    EmEngine on = rowsFor(first);
    EmRun best = carried(startsOn(on).onThese(first, summaryOf(on, summary)), on);
    if (standIn == null) {
      return best;
    }
    if (best.state().k() == start.k()) {
      MixtureState gated = new MixtureState(best.state().experts(), start.gate().copy());
      if (on == engine || on.data.numRows() == data.numRows()) {
        return engine.new Run(gated);
      }
      return trainedOnSample(on, gated, best.label()).freshOn(engine);
    }
    LOG.debug("the best start has {} of {} components; the starts run again with the gate",
        best.state().k(), start.k());
    on = rowsFor(start);
    return carried(startsOn(on).onThese(start, summaryOf(on, summary)), on);
  }

  /**
   * The best start's experts with the gate, run on the starts' sample ({@code on}, in memory) as
   * a start's short run is ({@code initIterations}, {@code initTol}): the gate's training, most
   * of a network gate's work, then costs no pass over all rows, and the fit on all rows starts
   * from a trained gate.
   */
  private EmRun trainedOnSample(EmEngine on, MixtureState gated, EmRun.Label bestLabel) {
    EmRun run = on.new Run(gated);
    run.label(bestLabel.as(EmProgress.Phase.START));
    run.iterate(config.initIterations(), config.initTol());
    LOG.debug(String.format(java.util.Locale.ROOT, "the best start with the gate on the starts'"
        + " rows: bound %.3f after %d iterations", run.lastBound(), run.iterations()));
    run.label(bestLabel);
    return run;
  }

  /** The starts on {@code on}'s rows. */
  private Starts startsOn(EmEngine on) {
    return on == engine ? this : new Starts(on);
  }

  /** The summary of {@code on}'s rows ({@code summary} when they are this engine's). */
  private ColumnSummary summaryOf(EmEngine on, ColumnSummary summary) {
    return on == engine ? summary : ColumnSummary.of(on.data);
  }

  /**
   * The engine the starts of {@code start} run on: with several starts, on the rows of {@link
   * StartSample} (all rows, in memory, on small data) unless the gate keeps a per-row state.
   */
  private EmEngine rowsFor(MixtureState start) {
    if (count(start.k()) == 1 || start.abilities().rowStateGate().isPresent()) {
      return engine;
    }
    DataSource rows = StartSample.of(data, config.startRows(), config.seed());
    if (rows == data) {
      return engine;
    }
    LOG.debug("the starts run on {} of the {} rows, in memory", rows.numRows(), data.numRows());
    return new EmEngine(rows, engine.regularizers, config).listener(engine.listener);
  }

  /**
   * The best start, run on {@code on}, carried onto this engine's rows: afresh from its
   * parameters when it ran on a sample, where it stands when it ran on all rows.
   */
  private EmRun carried(EmRun best, EmEngine on) {
    if (on == engine) {
      return best;
    }
    return on.data.numRows() < data.numRows() ? best.freshOn(engine) : best.movedTo(engine);
  }

  /** Runs the starts on the engine's rows (a short EM each when there are several). */
  private EmRun onThese(MixtureState start, ColumnSummary summary) {
    int starts = count(start.k());
    EmRun best = null;
    for (int r = 0; r < starts; r++) {
      EmRun run = engine.new Run(start.copy());
      run.label(new EmRun.Label(EmProgress.Phase.START, r + 1, starts));
      StartRule rule;
      try {
        rule = rule(r, start.k(), summary);
        run.start(rule);
        if (starts == 1) {
          run.label(run.label().as(EmProgress.Phase.FIT));
          return run;
        }
        if (starts > config.numInit()) {
          // small data: every start runs to convergence, as cheap as a short run on many rows
          run.iterate(config.maxIter(), EmEngine.FULL_RUN);
        } else {
          run.iterate(config.initIterations(), config.initTol());
        }
      } catch (NumericalFailureException e) {
        if (r < config.numInit()) {
          throw e;
        }
        // an extra small-data start on a handful of rows may be degenerate: the others count
        LOG.debug("start {} of {} failed and is skipped: {}", r + 1, starts, e.getMessage());
        continue;
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug(String.format(java.util.Locale.ROOT,
            "start %d of %d (%s): bound %.3f after %d iterations (%d passes)%s", r + 1, starts,
            rule.getClass().getSimpleName(), run.lastBound(),
            run.iterations(), run.passes(), better(run, best) ? ", the best so far" : ""));
      }
      if (better(run, best)) {
        if (best != null) {
          best.release();
        }
        best = run;
      } else {
        run.release();
      }
    }
    best.label(best.label().as(EmProgress.Phase.FIT));
    return best;
  }

  /**
   * Whether {@code run} ends higher than {@code best} (or there is no best yet) beyond rounding,
   * so that starts that reach the same optimum keep the first of them whatever the partitioning.
   */
  private static boolean better(EmRun run, EmRun best) {
    return best == null
        || run.lastBound() > best.lastBound() + 1e-9 * Math.abs(best.lastBound());
  }

  private StartRule rule(int restart, int k, ColumnSummary summary) {
    InitMode mode = k == 1 ? InitMode.RANDOM : config.initMode();
    if (mode == InitMode.MIXED) {
      if (restart == 1) {
        mode = InitMode.KMEANS;
      } else if (restart % 3 == 2) {
        return YBinStart.of(data, k, config.seed(), -1L - restart);
      } else {
        mode = InitMode.RANDOM;
      }
    }
    if (mode == InitMode.KMEANS) {
      return KMeans.start(data, summary, k, config.seed(), restart);
    }
    return RandomStart.of(k, data.numFeatures(), data.numRows(), config.seed(), -1L - restart);
  }

  private int count(int k) {
    return EmEngine.numStarts(config, k, data.numRows());
  }
}
