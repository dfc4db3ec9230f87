package org.mixturelib.engine.init;

import java.io.Serializable;
import org.mixturelib.data.Block;
import org.mixturelib.data.ColumnSummary;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.Mergeable;
import org.mixturelib.engine.RowRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weighted k-means on the standardised {@code [x, y]} rows of a {@link DataSource}: k-means++
 * seeding (one pass per centre, each drawing a row with probability proportional to its weight
 * times its squared distance to the nearest centre, by an exponential race keyed by (seed,
 * stream, row)), then Lloyd iterations (one pass each) until the cost stops falling.
 *
 * <p>It is written against the data source rather than calling Spark MLlib's {@code KMeans}:
 * the same code then runs on in-memory blocks and on a cached RDD of blocks, the result does
 * not depend on the partitioning (so an in-memory fit and a Spark fit start alike), and no
 * second cached copy of the rows as MLlib vectors is needed. A fit needs K + at most
 * {@value #MAX_ITER} passes.
 */
public final class KMeans {
  private static final Logger LOG = LoggerFactory.getLogger(KMeans.class);
  private static final int MAX_ITER = 20;
  private static final double TOL = 1e-6;

  private KMeans() {}

  /**
   * The start of one EM run from k-means on the data: responsibilities of a spherical Gaussian
   * mixture (in the standardised space) at the k-means centres with the pooled within-cluster
   * variance, nearly hard away from the cluster boundaries. Falls back to random
   * responsibilities when every column is constant.
   *
   * @param stream which start this is (different streams give different seedings)
   */
  public static StartRule start(DataSource data, ColumnSummary summary, int k, long seed,
      long stream) {
    Standardizer s = new Standardizer(summary);
    if (s.dimension() == 0) {
      LOG.warn("every column is constant; k-means start replaced by a random start");
      return RandomStart.of(k, data.numFeatures(), data.numRows(), seed, stream);
    }
    int p = s.dimension();
    double[] centres = seed(data, s, k, seed, stream);
    double cost = Double.POSITIVE_INFINITY;
    double weight = data.totalWeight();
    int iter = 0;
    while (iter < MAX_ITER) {
      Lloyd l = data.aggregate(new Centres(s, centres, k), () -> new Lloyd(k, p),
          KMeans::addLloyd);
      iter++;
      for (int c = 0; c < k; c++) {
        if (l.weights[c] > 0) {
          for (int j = 0; j < p; j++) {
            centres[c * p + j] = l.sums[c * p + j] / l.weights[c];
          }
        }
      }
      boolean done = cost - l.cost <= TOL * l.cost;
      cost = l.cost;
      if (done) {
        break;
      }
    }
    double spread = Math.max(cost / (weight * p), 1e-12);
    LOG.debug("k-means start {}: {} Lloyd passes, within-cluster variance {} per coordinate",
        stream, iter, spread);
    return new KMeansStart(s, centres, k, spread);
  }

  /** k-means++ seeding: K passes. */
  private static double[] seed(DataSource data, Standardizer s, int k, long seed, long stream) {
    int p = s.dimension();
    double[] centres = new double[k * p];
    int chosen = 0;
    for (int c = 0; c < k; c++) {
      Pick pick = data.aggregate(new Seeding(s, centres.clone(), chosen, seed, stream),
          Pick::new, KMeans::addPick);
      if (pick.values == null) {
        break;
      }
      System.arraycopy(pick.values, 0, centres, c * p, p);
      chosen++;
    }
    for (int c = chosen; c < k; c++) {
      // fewer distinct rows than components: repeat the last centre
      System.arraycopy(centres, (chosen - 1) * p, centres, c * p, p);
    }
    return centres;
  }

  /** Squared distance from row point {@code z} to centre c. */
  static double distance(double[] z, double[] centres, int c, int p) {
    double d = 0;
    for (int j = 0; j < p; j++) {
      double t = z[j] - centres[c * p + j];
      d += t * t;
    }
    return d;
  }

  private record Seeding(Standardizer s, double[] centres, int chosen, long seed, long stream)
      implements Serializable {}

  private record Centres(Standardizer s, double[] centres, int k) implements Serializable {}

  private static void addPick(Seeding q, Block b, Pick acc) {
    int p = q.s().dimension();
    double[] z = new double[p];
    for (int i = 0; i < b.n; i++) {
      double w = b.weights[i];
      if (w <= 0) {
        continue;
      }
      q.s().row(b, i, z);
      double d = 1;
      if (q.chosen() > 0) {
        d = Double.POSITIVE_INFINITY;
        for (int c = 0; c < q.chosen(); c++) {
          d = Math.min(d, distance(z, q.centres(), c, p));
        }
      }
      if (d <= 0) {
        continue;
      }
      double u = RowRandom.uniform(q.seed(), q.stream() * 1024 + q.chosen(), b.rowKey(i), 0);
      double key = -Math.log(u) / (w * d);
      if (key < acc.key) {
        acc.key = key;
        acc.values = z.clone();
      }
    }
  }

  private static void addLloyd(Centres q, Block b, Lloyd acc) {
    int p = q.s().dimension();
    double[] z = new double[p];
    for (int i = 0; i < b.n; i++) {
      double w = b.weights[i];
      q.s().row(b, i, z);
      int best = 0;
      double bestD = Double.POSITIVE_INFINITY;
      for (int c = 0; c < q.k(); c++) {
        double d = distance(z, q.centres(), c, p);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      acc.weights[best] += w;
      acc.cost += w * bestD;
      for (int j = 0; j < p; j++) {
        acc.sums[best * p + j] += w * z[j];
      }
    }
  }

  /** The row with the smallest race key so far. */
  private static final class Pick implements Mergeable<Pick> {
    private static final long serialVersionUID = 1L;
    double key = Double.POSITIVE_INFINITY;
    double[] values;

    @Override
    public Pick merge(Pick o) {
      if (o.key < key) {
        key = o.key;
        values = o.values;
      }
      return this;
    }
  }

  /** Per-centre weighted sums and the cost of one Lloyd pass. */
  private static final class Lloyd implements Mergeable<Lloyd> {
    private static final long serialVersionUID = 1L;
    final double[] sums;
    final double[] weights;
    double cost;

    Lloyd(int k, int p) {
      sums = new double[k * p];
      weights = new double[k];
    }

    @Override
    public Lloyd merge(Lloyd o) {
      Mergeable.addInto(sums, o.sums);
      Mergeable.addInto(weights, o.weights);
      cost += o.cost;
      return this;
    }
  }
}
