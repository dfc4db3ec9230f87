package org.mixturelib.support;

import java.io.Serializable;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.mixturelib.data.BlockFold;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.Mergeable;
import org.mixturelib.data.RowState;
import org.mixturelib.data.RowValues;
import org.mixturelib.data.StateFold;

/**
 * A data source that delegates every pass to another one, for fault injection: a hook runs
 * before each pass with the pass number (from 1; it may throw to simulate a crash of the
 * driver), another sees each pass's merged result (and may corrupt it), and one chosen pass can
 * be slowed down (every block sleeps first), so that its tasks are still running when something
 * strikes.
 */
public final class InterceptedSource implements DataSource {
  private final DataSource inner;
  private final IntConsumer beforePass;
  private Consumer<Object> afterPass = out -> { };
  private int slowPass = -1;
  private long slowMillis;
  private int passes;

  /** Delegates to {@code inner}, calling {@code beforePass} before every pass. */
  public InterceptedSource(DataSource inner, IntConsumer beforePass) {
    this.inner = inner;
    this.beforePass = beforePass;
  }

  /** Makes every block of pass {@code pass} sleep {@code millis} ms before it is folded. */
  public InterceptedSource slow(int pass, long millis) {
    this.slowPass = pass;
    this.slowMillis = millis;
    return this;
  }

  /** Calls {@code hook} with the merged result of every pass without per-row state. */
  public InterceptedSource afterPass(Consumer<Object> hook) {
    this.afterPass = hook;
    return this;
  }

  /** Number of passes started so far. */
  public int passes() {
    return passes;
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

  @Override
  public <P extends Serializable, S extends Mergeable<S>> S aggregate(P params,
      Supplier<S> zero, BlockFold<P, S> fold) {
    beforePass.accept(++passes);
    S out;
    if (passes != slowPass) {
      out = inner.aggregate(params, zero, fold);
    } else {
      long millis = slowMillis;
      out = inner.aggregate(params, zero, (p, b, acc) -> {
        sleep(millis);
        fold.add(p, b, acc);
      });
    }
    afterPass.accept(out);
    return out;
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> Stateful<S> aggregateWithState(
      P params, Supplier<S> zero, StateFold<P, S> fold, RowState previous,
      boolean checkpoint) {
    beforePass.accept(++passes);
    if (passes != slowPass) {
      return inner.aggregateWithState(params, zero, fold, previous, checkpoint);
    }
    long millis = slowMillis;
    return inner.aggregateWithState(params, zero, (p, b, prev, acc) -> {
      sleep(millis);
      return fold.add(p, b, prev, acc);
    }, previous, checkpoint);
  }

  @Override
  public RowValues collect(RowState state) {
    return inner.collect(state);
  }

  @Override
  public RowState restore(RowValues values) {
    return inner.restore(values);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}
