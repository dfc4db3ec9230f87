package org.mixturelib.engine;

import org.mixturelib.data.ColumnSummary;
import org.mixturelib.data.DataSource;
import org.mixturelib.engine.EmEngine.Run;
import org.mixturelib.engine.init.KMeans;
import org.mixturelib.engine.init.RandomStart;
import org.mixturelib.engine.init.StartRule;
import org.mixturelib.engine.init.YBinStart;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.RowStateGate;
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
   * Runs the starts and returns the run that continues; with several starts and a gate that
   * has a stand-in for them ({@link StandInGate}), the starts run with the stand-in.
   */
  Run best(MixtureState start, ColumnSummary summary) {
    Gate standIn = count(start.k()) > 1 && start.gate() instanceof StandInGate g
        ? g.startStandIn() : null;
    if (standIn != null) {
      return withGate(bestOf(new MixtureState(start.experts().copy(), standIn), summary),
          start, summary);
    }
    return bestOf(start, summary);
  }

  /**
   * A fresh run of the best start's experts with {@code start}'s own gate (the starts ran with
   * its stand-in, see {@link StandInGate}), which its first M-step trains on their
   * responsibilities; when the starts removed a component, the starts run again with the gate.
   */
  private Run withGate(Run best, MixtureState start, ColumnSummary summary) {
    if (best.state.k() != start.k()) {
      LOG.debug("the best start has {} of {} components; the starts run again with the gate",
          best.state.k(), start.k());
      return bestOf(start, summary);
    }
    return engine.new Run(new MixtureState(best.state.experts(), start.gate().copy()));
  }

  /**
   * Runs the starts of {@code start} and returns the run that continues: with several starts,
   * on the rows of {@link StartSample} (all rows, in memory, on small data) unless the gate keeps
   * a per-row state; the best start's parameters then continue on all rows.
   */
  private Run bestOf(MixtureState start, ColumnSummary summary) {
    if (count(start.k()) == 1 || start.gate() instanceof RowStateGate) {
      return onThese(start, summary);
    }
    DataSource rows = StartSample.of(data, config.startRows(), config.seed());
    if (rows == data) {
      return onThese(start, summary);
    }
    LOG.debug("the starts run on {} of the {} rows, in memory", rows.numRows(), data.numRows());
    Run best = new Starts(new EmEngine(rows, engine.regularizers, config).listener(
        engine.listener)).onThese(start, ColumnSummary.of(rows));
    if (rows.numRows() < data.numRows()) {
      return engine.new Run(best.state).continuing(best);
    }
    // all rows: the run goes on from where it is, as if it had run on this source
    Run run = engine.resumeAt(best.state, best.position()).continuing(best);
    run.converged = best.converged;
    run.last = best.last;
    run.lastGood = best.lastGood;
    return run;
  }

  /** Runs the starts on the engine's rows (a short EM each when there are several). */
  private Run onThese(MixtureState start, ColumnSummary summary) {
    int starts = count(start.k());
    Run best = null;
    for (int r = 0; r < starts; r++) {
      Run run = engine.new Run(start.copy());
      run.startIndex = r + 1;
      run.starts = starts;
      if (starts > 1) {
        run.phase = EmProgress.Phase.START;
      }
      StartRule rule;
      try {
        rule = rule(r, start.k(), summary);
        run.start(rule);
        if (starts == 1) {
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
            run.iterations, run.map.passes(), better(run, best) ? ", the best so far" : ""));
      }
      if (better(run, best)) {
        if (best != null) {
          best.releaseState();
        }
        best = run;
      } else {
        run.releaseState();
      }
    }
    best.kept();
    return best;
  }

  /**
   * Whether {@code run} ends higher than {@code best} (or there is no best yet) beyond rounding,
   * so that starts that reach the same optimum keep the first of them whatever the partitioning.
   */
  private static boolean better(Run run, Run best) {
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
