package org.mixturelib.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.Mergeable;

/**
 * The rows the starts run on: every row when there are at most {@code rows} of them, else a
 * uniform sample of about {@code rows} rows, each row kept when its draw keyed by (seed, row)
 * falls below {@code rows / N}, so that the sample depends on the seed only and not on the
 * number of partitions. The rows are collected once, in the order of their global index, into
 * an in-memory source on the driver: the short runs of every start then cost no Spark job, and
 * on small data the whole fit's starts run in memory. Grouped rows are not sampled (a row
 * sample would split their groups): when they number at most {@code rows} their blocks are
 * collected whole (each holds whole groups), otherwise the starts run on all rows where they
 * are.
 */
final class StartSample {
  /** The stream of the sample's draws. */
  private static final long STREAM = -0x5A4D1EL;

  private StartSample() {}

  /**
   * The sample of {@code data} (the source itself when it is in memory and has at most {@code
   * rows} rows).
   */
  static DataSource of(DataSource data, int rows, long seed) {
    long n = data.numRows();
    if (n <= rows && data instanceof InMemorySource) {
      return data;
    }
    double keep = Math.min(1.0, (double) rows / n);
    Rows r = data.aggregate(new Draw(seed, keep), Rows::new, StartSample::addRows);
    if (r.grouped) {
      // a row sample would split groups: whole blocks when all rows fit, else all rows there
      return r.blocks.isEmpty() ? data : r.grouped();
    }
    return r.source(data.numFeatures(), data.numOutputs());
  }

  private record Draw(long seed, double keep) implements Serializable {}

  private static void addRows(Draw q, Block b, Rows acc) {
    if (b.grouped() || acc.grouped) {
      acc.grouped = true;
      acc.rows.clear();
      if (q.keep() >= 1 && b.grouped()) {
        acc.blocks.add(b);
      }
      return;
    }
    int p = b.d + b.m;
    for (int i = 0; i < b.n; i++) {
      long row = b.firstRow + i;
      if (q.keep() >= 1 || RowRandom.uniform(q.seed(), STREAM, row, 0) < q.keep()) {
        double[] values = new double[p];
        for (int j = 0; j < p; j++) {
          values[j] = b.xy[j * b.n + i];
        }
        double[] gate = null;
        if (b.gateX != null) {
          gate = new double[b.g];
          for (int j = 0; j < b.g; j++) {
            gate[j] = b.gateX[j * b.n + i];
          }
        }
        double[] family = null;
        if (b.familyValues != null) {
          family = new double[b.numFamilyColumns()];
          for (int j = 0; j < family.length; j++) {
            family[j] = b.family(i, j);
          }
        }
        acc.rows.add(new SampledRow(row, values, b.weights[i],
            b.offsets == null ? Double.NaN : b.offsets[i],
            b.trials == null ? Double.NaN : b.trials[i], gate, b.familyRoles, family));
      }
    }
  }

  /**
   * One sampled row: its global index, {@code [x, y]}, weight and optional columns (the roles
   * of its family columns shared with its block).
   */
  private record SampledRow(long index, double[] xy, double weight, double offset,
      double trials, double[] gate, String[] roles, double[] family) implements Serializable {}

  /** The sampled rows of the partitions merged so far. */
  private static final class Rows implements Mergeable<Rows> {
    private static final long serialVersionUID = 1L;
    final List<SampledRow> rows = new ArrayList<>();
    /** The whole grouped blocks, when every row is kept. */
    final List<Block> blocks = new ArrayList<>();
    /** Whether a block holds groups (then no rows are kept). */
    boolean grouped;

    @Override
    public Rows merge(Rows o) {
      grouped |= o.grouped;
      if (grouped) {
        rows.clear();
        blocks.addAll(o.blocks);
      } else {
        rows.addAll(o.rows);
      }
      return this;
    }

    /** The grouped blocks in the order of their first row's key. */
    DataSource grouped() {
      List<Block> sorted = new ArrayList<>(blocks);
      sorted.sort((a, b) -> Long.compare(a.rowKeys[0], b.rowKeys[0]));
      return new InMemorySource(sorted);
    }

    /** The rows in the order of their global index, in blocks of the default size. */
    DataSource source(int d, int m) {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("the start sample holds no rows");
      }
      SampledRow[] sorted = rows.toArray(new SampledRow[0]);
      Arrays.sort(sorted, (a, b) -> Long.compare(a.index(), b.index()));
      List<Block> blocks = new ArrayList<>();
      int size = BlockBuilder.DEFAULT_CAPACITY;
      for (int from = 0; from < sorted.length; from += size) {
        blocks.add(block(sorted, from, Math.min(sorted.length, from + size), d, m));
      }
      return new InMemorySource(blocks);
    }

    private static Block block(SampledRow[] rows, int from, int to, int d, int m) {
      int n = to - from;
      int p = d + m;
      double[] xy = new double[n * p];
      double[] w = new double[n];
      SampledRow first = rows[from];
      double[] offsets = Double.isNaN(first.offset()) ? null : new double[n];
      double[] trials = Double.isNaN(first.trials()) ? null : new double[n];
      int g = first.gate() == null ? 0 : first.gate().length;
      double[] gate = first.gate() == null ? null : new double[n * g];
      int c = first.family() == null ? 0 : first.family().length;
      double[] family = first.family() == null ? null : new double[n * c];
      for (int i = 0; i < n; i++) {
        SampledRow r = rows[from + i];
        for (int j = 0; j < p; j++) {
          xy[j * n + i] = r.xy()[j];
        }
        w[i] = r.weight();
        if (offsets != null) {
          offsets[i] = r.offset();
        }
        if (trials != null) {
          trials[i] = r.trials();
        }
        for (int j = 0; j < g; j++) {
          gate[j * n + i] = r.gate()[j];
        }
        for (int j = 0; j < c; j++) {
          family[j * n + i] = r.family()[j];
        }
      }
      Block b = new Block(n, d, m, xy, w, from);
      if (family != null) {
        b = b.withFamilyColumns(first.roles(), family);
      }
      if (offsets != null) {
        b = b.withOffsets(offsets);
      }
      if (trials != null) {
        b = b.withTrials(trials);
      }
      return gate == null ? b : b.withGateInputs(g, gate);
    }
  }
}
