package org.mixturelib.engine;

import java.util.List;
import java.util.function.Supplier;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.RowState;
import org.mixturelib.data.RowValues;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.regularizers.Regularizer;

/**
 * The plain EM map on one data source, in its two halves: the E-step pass at a state (its
 * statistics and bound) and the M-steps from them, which move the state to the next one. It
 * keeps what a pass leaves for the next: the per-row state of a gate that has one, and the gate
 * sample that rides along an E-step for a gradient-trained gate's M-step. Numerical failures
 * ({@link ArithmeticException}) pass to the caller, which names the step.
 */
final class EmMap {
  private final DataSource data;
  private final EmConfig config;
  private final List<Regularizer> regularizers;
  private RowState rowState;
  /** What the last E-step gathered for a gradient-trained gate's M-step, or null. */
  private GateSample gateSample;
  private int statefulPasses;
  /** E-step passes made (iterations, re-scorings, failed extrapolations). */
  private int passes;

  /**
   * @param data the rows
   * @param config the settings
   * @param regularizers driver-side M-steps on the priors (may be empty)
   */
  EmMap(DataSource data, EmConfig config, List<Regularizer> regularizers) {
    this.data = data;
    this.config = config;
    this.regularizers = regularizers;
  }

  /** One E-step pass at {@code state}. */
  EStepStats eStep(MixtureState state, Pass pass) {
    passes++;
    if (state.abilities().rowStateGate().isPresent()) {
      statefulPasses++;
      int interval = config.checkpointInterval();
      DataSource.Stateful<EStepStats> out = data.aggregateWithState(pass,
          zeroStats(state), EStepKernel::addEStep, rowState,
          interval > 0 && statefulPasses % interval == 0);
      release();
      rowState = out.state();
      return out.stats();
    }
    Gate gate = state.gate();
    Supplier<EStepStats> zero = zeroStats(state);
    int rows = config.gateSampleRows();
    if (state.abilities().trainedGate().isPresent() && rows > 0) {
      // the gate's M-step data ride along: no pass of its own (see GateStep)
      double inclusion = Math.min(1.0, rows / (double) data.numRows());
      int size = state.abilities().trainedGate().get().parameters().length;
      long seed = config.seed();
      gateSample = data.aggregate(pass, () -> new GateSample(zero.get(),
          inclusion, seed, size), (p, b, acc) ->
          acc.add(p, b.gateRows(), EStepKernel.gateResponsibilities(b,
              EStepKernel.addEStep(p, b, null, acc.estep), acc.estep)));
      return gateSample.estep;
    }
    return data.aggregate(pass, zero,
        (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc));
  }

  /** The bound at {@code state} from its E-step {@code stats}. */
  double bound(MixtureState state, EStepStats stats) {
    double b = stats.logSum + stats.objectBound + state.experts().boundTerm()
        + state.gate().boundTerm();
    for (Regularizer r : regularizers) {
      b += r.boundTerm(state.abilities().bayesianExperts().orElseThrow());
    }
    return b;
  }

  /**
   * The M-steps from the E-step {@code stats} of {@code state} (moved in place): the gate's,
   * the experts', the evidence updates and the regularizers'.
   *
   * @param lastChange the last comparable change of the bound (the gate's step uses it)
   */
  void mStep(MixtureState state, EStepStats stats, Pass pass, double lastChange) {
    Gate gate = state.gate();
    GateStep step = GateStep.of(data, stats, pass, gateSample, config, lastChange);
    gateSample = null;
    gate.mStep(step);
    step.finish(gate);
    ExpertFamily experts = state.experts();
    experts.mStep(stats.experts, stats.expertWeights);
    state.abilities().bayesianExperts().ifPresent(bayesian -> {
      bayesian.updatePriorMeans();
      for (Regularizer r : regularizers) {
        r.mStep(bayesian);
      }
      bayesian.updatePriorCovariances();
    });
  }

  /**
   * The plug-in E-step statistics at {@code state} (rows scored with the gate's plug-in
   * weights), for a variational fit's log-likelihood; the per-row state is left as it is.
   */
  EStepStats plugIn(MixtureState state) {
    Pass pass = Pass.plugIn(state);
    if (state.abilities().rowStateGate().isPresent()) {
      DataSource.Stateful<EStepStats> out = data.aggregateWithState(pass,
          zeroStats(state), EStepKernel::addEStep, rowState, false);
      out.state().release();
      return out.stats();
    }
    return data.aggregate(pass, zeroStats(state),
        (p, b, acc) -> EStepKernel.addEStep(p, b, null, acc));
  }

  /** The per-row state's values keyed by object (for a checkpoint), or null when there is none. */
  RowValues rowStates() {
    return rowState == null ? null : data.collect(rowState);
  }

  /** Resumes at a checkpoint's per-row state (null: none, the gate starts from its prior). */
  void resumeAt(RowValues values) {
    release();
    rowState = values == null ? null : data.restore(values);
  }

  /** E-step passes made. */
  int passes() {
    return passes;
  }

  /** Releases the per-row state (when there is one). */
  void release() {
    if (rowState != null) {
      rowState.release();
      rowState = null;
    }
  }

  /** Fresh zero E-step statistics for the state's experts. */
  static Supplier<EStepStats> zeroStats(MixtureState state) {
    int k = state.k();
    ExpertFamily experts = state.experts();
    return () -> new EStepStats(k, experts.newStatistics());
  }
}
