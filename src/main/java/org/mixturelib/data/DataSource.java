package org.mixturelib.data;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Rows the EM engine aggregates over. The engine writes its maths once against this interface;
 * {@link InMemorySource} runs it on in-memory blocks (step-by-step API, unit tests) and
 * {@link SparkSource} broadcasts the parameters and runs {@code treeAggregate} over a cached RDD.
 */
public interface DataSource extends AutoCloseable {
  /** Number of features per row. */
  int numFeatures();

  /** Number of outputs per row. */
  int numOutputs();

  /** Number of rows. */
  long numRows();

  /** Sum of the case weights. */
  double totalWeight();

  /**
   * A fingerprint of the rows' values, independent of their order and blocking: the wrapping
   * sum of {@link Block#contentHash()} over the blocks, gathered with the row count.
   */
  long contentHash();

  /**
   * One pass: every block is folded into a per-partition zero from {@code zero}, and the
   * partition results are merged.
   */
  <P extends Serializable, S extends Mergeable<S>> S aggregate(P params, Supplier<S> zero,
      BlockFold<P, S> fold);

  /** Result of a stateful pass: the statistics and the new per-row state. */
  record Stateful<S>(S stats, RowState state) {}

  /**
   * One pass that also reads and replaces a per-row state ({@code previous} may be null). The
   * caller releases the previous state once it no longer needs it.
   *
   * @param checkpoint whether to write the new state to reliable storage (Spark's checkpoint
   *     directory, when one is set), so that it survives the loss of an executor; the lineage
   *     of the state is truncated after every pass either way
   */
  <P extends Serializable, S extends Mergeable<S>> Stateful<S> aggregateWithState(P params,
      Supplier<S> zero, StateFold<P, S> fold, RowState previous, boolean checkpoint);

  /** Whether the rows are on a cluster rather than in this JVM's memory (false by default). */
  default boolean distributed() {
    return false;
  }

  /** The values of a per-row state of these rows, on the driver, keyed by object. */
  RowValues collect(RowState state);

  /**
   * A per-row state of these rows holding {@code values} (each object takes the values of its
   * key), as {@link #aggregateWithState} reads it.
   *
   * @throws IllegalArgumentException when an object has no values
   */
  RowState restore(RowValues values);

  /** Releases cached data. */
  @Override
  void close();
}
