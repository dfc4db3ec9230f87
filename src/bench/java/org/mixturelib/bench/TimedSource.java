package org.mixturelib.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.mixturelib.data.BlockFold;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.Mergeable;
import org.mixturelib.data.RowState;
import org.mixturelib.data.RowValues;
import org.mixturelib.data.StateFold;
import org.mixturelib.engine.EStepStats;
import org.mixturelib.engine.GateSample;

/**
 * Wraps a data source and records every pass: its wall time, whether it was an E-step (and
 * then its data term, the log-likelihood for maximum-likelihood models) or a gate gradient
 * pass.
 */
final class TimedSource implements DataSource {
  /** One pass. */
  record PassRecord(long endNanos, double seconds, boolean eStep, double logSum) {}

  private final DataSource inner;
  final List<PassRecord> passes = new ArrayList<>();

  TimedSource(DataSource inner) {
    this.inner = inner;
  }

  @Override
  public int numFeatures() {
    return inner.numFeatures();
  }

  @Override
  public int numOutputs() {
    return inner.numOutputs();
  }

  @Override
  public long numRows() {
    return inner.numRows();
  }

  @Override
  public double totalWeight() {
    return inner.totalWeight();
  }

  @Override
  public long contentHash() {
    return inner.contentHash();
  }

  private <S> S record(long start, S stats) {
    long end = System.nanoTime();
    // a gradient-trained gate's E-step pass carries its M-step's rows (GateSample)
    EStepStats es = stats instanceof GateSample g ? g.eStep()
        : stats instanceof EStepStats s ? s : null;
    passes.add(new PassRecord(end, (end - start) / 1e9, es != null,
        es != null ? es.logSum() : Double.NaN));
    return stats;
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> S aggregate(P params,
      Supplier<S> zero, BlockFold<P, S> fold) {
    long t = System.nanoTime();
    return record(t, inner.aggregate(params, zero, fold));
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> Stateful<S> aggregateWithState(
      P params, Supplier<S> zero, StateFold<P, S> fold, RowState previous,
      boolean checkpoint) {
    long t = System.nanoTime();
    Stateful<S> out = inner.aggregateWithState(params, zero, fold, previous, checkpoint);
    record(t, out.stats());
    return out;
  }

  @Override
  public boolean distributed() {
    return inner.distributed();
  }

  @Override
  public RowValues collect(RowState state) {
    return inner.collect(state);
  }

  @Override
  public RowState restore(RowValues values) {
    return inner.restore(values);
  }

  @Override
  public void close() {
    inner.close();
  }
}
