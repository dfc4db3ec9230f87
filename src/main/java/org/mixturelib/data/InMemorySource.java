package org.mixturelib.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Blocks held in the driver's memory. Each block is folded into its own zero and the results
 * are merged in order, so that the arithmetic mirrors a Spark run with one block per
 * partition.
 */
public final class InMemorySource implements DataSource {
  private final List<Block> blocks;
  private final int d;
  private final int m;
  private final long rows;
  private final double weight;
  private final long hash;

  /** Wraps blocks (at least one, all of the same width). */
  public InMemorySource(List<Block> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("no rows: expected at least one object");
    }
    this.blocks = List.copyOf(blocks);
    this.d = blocks.get(0).d;
    this.m = blocks.get(0).m;
    long n = 0;
    double w = 0;
    long h = 0;
    for (Block b : blocks) {
      if (b.d != d || b.m != m || b.g != blocks.get(0).g
          || (b.gateX == null) != (blocks.get(0).gateX == null)
          || !java.util.Arrays.equals(b.familyRoles, blocks.get(0).familyRoles)) {
        throw new IllegalArgumentException("blocks differ in width");
      }
      n += b.n;
      w += b.totalWeight();
      h += b.contentHash();
    }
    this.rows = n;
    this.weight = w;
    this.hash = h;
  }

  /** Rows from in-memory matrices (weights may be null), in blocks of the default size. */
  public static InMemorySource of(double[][] x, double[][] y, double[] weights) {
    return new InMemorySource(BlockBuilder.fromArrays(x, y, weights,
        BlockBuilder.DEFAULT_CAPACITY));
  }

  /**
   * Grouped rows from in-memory matrices (weights may be null): rows with equal keys share
   * their component ({@code y ~ x | g}); see {@link BlockBuilder#fromGroupedArrays}.
   *
   * @param groups one key per row
   * @param constantFeatures refuse a group whose rows differ in a feature (the gate of a
   *     mixture of experts reads them)
   */
  public static InMemorySource grouped(double[][] x, double[][] y, double[] weights,
      Object[] groups, boolean constantFeatures) {
    return new InMemorySource(BlockBuilder.fromGroupedArrays(x, y, weights, groups,
        BlockBuilder.DEFAULT_CAPACITY, constantFeatures));
  }

  /**
   * Rows from in-memory matrices with the gate's own inputs (N x G; weights may be null), in
   * blocks of the default size.
   */
  public static InMemorySource of(double[][] x, double[][] y, double[] weights,
      double[][] gateInputs) {
    return new InMemorySource(BlockBuilder.fromArrays(x, y, weights, gateInputs,
        BlockBuilder.DEFAULT_CAPACITY));
  }

  /**
   * Rows from in-memory matrices with a family's own columns (weights and gate inputs may be
   * null), in blocks of the default size; see {@link BlockBuilder#fromArrays(double[][],
   * double[][], double[], double[][], List, double[][], int)}.
   *
   * @param family the family's columns (role, name for messages, null and range rules)
   * @param familyRows N x family.size() values
   */
  public static InMemorySource of(double[][] x, double[][] y, double[] weights,
      double[][] gateInputs, List<FamilyColumn> family, double[][] familyRows) {
    return new InMemorySource(BlockBuilder.fromArrays(x, y, weights, gateInputs, family,
        familyRows, BlockBuilder.DEFAULT_CAPACITY));
  }

  /** The blocks. */
  public List<Block> blocks() {
    return blocks;
  }

  @Override
  public int numFeatures() {
    return d;
  }

  @Override
  public int numOutputs() {
    return m;
  }

  @Override
  public long numRows() {
    return rows;
  }

  @Override
  public double totalWeight() {
    return weight;
  }

  @Override
  public long contentHash() {
    return hash;
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> S aggregate(P params,
      Supplier<S> zero, BlockFold<P, S> fold) {
    S total = null;
    for (Block b : blocks) {
      S part = zero.get();
      fold.add(params, b, part);
      total = total == null ? part : total.merge(part);
    }
    return total;
  }

  @Override
  public <P extends Serializable, S extends Mergeable<S>> Stateful<S> aggregateWithState(
      P params, Supplier<S> zero, StateFold<P, S> fold, RowState previous,
      boolean checkpoint) {
    List<double[]> before = previous == null ? null : ((ListState) previous).values;
    List<double[]> after = new ArrayList<>(blocks.size());
    S total = null;
    for (int i = 0; i < blocks.size(); i++) {
      S part = zero.get();
      after.add(fold.add(params, blocks.get(i), before == null ? null : before.get(i), part));
      total = total == null ? part : total.merge(part);
    }
    return new Stateful<>(total, new ListState(after));
  }

  @Override
  public RowValues collect(RowState state) {
    return RowValues.of(blocks, ((ListState) state).values);
  }

  @Override
  public RowState restore(RowValues values) {
    java.util.Map<Long, Integer> at = values.index();
    List<double[]> states = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      states.add(values.stateOf(b, at));
    }
    return new ListState(states);
  }

  @Override
  public void close() {}

  private record ListState(List<double[]> values) implements RowState {
    @Override
    public void release() {}
  }
}
