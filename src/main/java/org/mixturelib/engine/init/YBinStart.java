package org.mixturelib.engine.init;

import java.io.Serializable;
import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.Mergeable;
import org.mixturelib.engine.RowRandom;

/**
 * A start in the manner of mixtools' {@code regmix.init}: the rows sorted by their (first)
 * answer into k bins and each expert fitted to one bin, perturbed. Here the perturbation is
 * in the responsibilities: the cut points sit at the quantiles {@code (j + u_j) / k} of y with
 * {@code u_j} uniform in (-0.3, 0.3), and each row belongs to the start with probability one
 * half (draws keyed by seed, stream and row). The gate keeps its initial state. Experts that
 * are levels of y (mixtures of regressions that do not cross much, and the flat parts of a
 * mixture of experts) start apart in a way neither random subsets nor k-means on {@code [x, y]}
 * reach.
 *
 * @param k number of components
 * @param cuts the k - 1 ascending cut points of y
 * @param seed the fit's seed
 * @param stream which start this is
 */
public record YBinStart(int k, double[] cuts, long seed, long stream) implements StartRule {
  private static final long serialVersionUID = 1L;
  /** Values of y the quantiles are read from (the rows with the smallest keys). */
  private static final int SAMPLE = 4096;
  /** How far a cut point moves, in units of a bin. */
  private static final double JITTER = 0.3;

  /**
   * The start {@code stream}, its cut points from the quantiles of a sample of y of at most
   * {@value #SAMPLE} rows (one pass; the rows with the smallest keys of (seed, row), so the same
   * on any partitioning).
   */
  public static YBinStart of(DataSource data, int k, long seed, long stream) {
    double[] y = data.aggregate(new Draw(seed), Values::new,
        YBinStart::addValues).sorted();
    double[] cuts = new double[k - 1];
    for (int j = 1; j < k; j++) {
      double q = (j + JITTER * (2 * RowRandom.uniform(seed, stream, j, 2) - 1)) / k;
      cuts[j - 1] = y.length == 0 ? 0 : y[(int) Math.min(y.length - 1, Math.floor(q
          * y.length))];
    }
    Arrays.sort(cuts);
    return new YBinStart(k, cuts, seed, stream);
  }

  @Override
  public void responsibilities(Block b, double[] resp) {
    Arrays.fill(resp, 0, b.n * k, 0.0);
    for (int i = 0; i < b.n; i++) {
      if (RowRandom.uniform(seed, stream, b.firstRow + i, 0) < 0.5) {
        double y = b.y(i, 0);
        int bin = 0;
        while (bin < k - 1 && y > cuts[bin]) {
          bin++;
        }
        resp[i * k + bin] = 1;
      }
    }
  }

  @Override
  public boolean trainsGate() {
    return false;
  }

  private record Draw(long seed) implements Serializable {}

  private static void addValues(Draw q, Block b, Values acc) {
    for (int i = 0; i < b.n; i++) {
      if (b.weights[i] > 0) {
        acc.offer(RowRandom.uniform(q.seed(), -7L, b.firstRow + i, 3), b.y(i, 0));
      }
    }
  }

  /** The values of the rows with the {@value #SAMPLE} smallest keys so far. */
  private static final class Values implements Mergeable<Values> {
    private static final long serialVersionUID = 1L;
    private double[] keys = new double[0];
    private double[] values = new double[0];
    private int size;

    void offer(double key, double value) {
      if (size >= 2 * SAMPLE) {
        prune();
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, Math.max(16, 2 * keys.length));
        values = Arrays.copyOf(values, keys.length);
      }
      keys[size] = key;
      values[size] = value;
      size++;
    }

    /** Keeps the {@value #SAMPLE} smallest keys. */
    private void prune() {
      if (size <= SAMPLE) {
        return;
      }
      double limit = Arrays.stream(keys, 0, size).sorted().toArray()[SAMPLE - 1];
      int kept = 0;
      for (int i = 0; i < size; i++) {
        if (keys[i] <= limit && kept < SAMPLE) {
          keys[kept] = keys[i];
          values[kept] = values[i];
          kept++;
        }
      }
      size = kept;
    }

    @Override
    public Values merge(Values o) {
      for (int i = 0; i < o.size; i++) {
        offer(o.keys[i], o.values[i]);
      }
      return this;
    }

    double[] sorted() {
      prune();
      return Arrays.stream(values, 0, size).sorted().toArray();
    }
  }
}
