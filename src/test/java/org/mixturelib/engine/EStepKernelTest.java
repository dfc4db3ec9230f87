package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.localmodels.SecondMoments;
import org.mixturelib.support.LinearState;

/**
 * The blocked E-step kernel against a row-by-row computation written from the formulas: the
 * bound's data term, the entropy, the soft and hard counts and every expert's weighted second
 * moments, in 'default' and 'sample' mode, with underflowing responsibilities, several outputs,
 * reused working arrays and the compact serialisation.
 */
class EStepKernelTest {
  private static final int K = 3;

  private static Block block(int n, int d, int m, long firstRow, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] xy = new double[n * (d + m)];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = r.nextGaussian();
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = i % 7 == 3 ? 0.0 : 0.5 + r.nextDouble();
    }
    // one row far from every expert but the first, so that two responsibilities underflow to 0
    xy[(d) * n + 1] = 40.0;
    return new Block(n, d, m, xy, w, firstRow);
  }

  private static MixtureState state(int d, int m) {
    LinearExperts e = new LinearExperts(K, d, m);
    SplittableRandom r = new SplittableRandom(7);
    for (int k = 0; k < K; k++) {
      double[] w = new double[d * m];
      for (int i = 0; i < w.length; i++) {
        w[i] = 2 * r.nextGaussian();
      }
      e.setCoefficients(k, w);
    }
    // expert 0 knows the far row: its mean for row 1 is driven by a big weight on feature 0
    e.setNoiseModel(NoiseModel.PER_COMPONENT);
    e.setNoiseVariance(0, 0.3);
    e.setNoiseVariance(1, 1.0);
    e.setNoiseVariance(2, 2.5);
    return new MixtureState(e, new HyperModelDirichlet(new double[] {1.5, 2.0, 4.0}, true));
  }

  /** Row-by-row reference of addEStep. */
  private static EStepStats naive(Pass p, Block b) {
    int d = b.d;
    int m = b.m;
    int q = d + m;
    EStepStats s = new EStepStats(K, new SecondMoments(K, q));
    LinearExperts e = LinearState.experts(p.state());
    double[] logPi = new double[b.n * K];
    p.state().gate().logPi(b, null, logPi, false);
    double[] var = e.noiseVariances();
    for (int i = 0; i < b.n; i++) {
      double[] lp = new double[K];
      for (int k = 0; k < K; k++) {
        double[] w = e.coefficients(k);
        lp[k] = logPi[i * K + k];
        for (int j = 0; j < m; j++) {
          double mean = 0;
          for (int c = 0; c < d; c++) {
            mean += b.x(i, c) * w[j * d + c];
          }
          double res = b.y(i, j) - mean;
          lp[k] += -0.5 * Math.log(2 * Math.PI * var[k]) - res * res / (2 * var[k]);
        }
      }
      double max = Math.max(lp[0], Math.max(lp[1], lp[2]));
      double sum = 0;
      for (int k = 0; k < K; k++) {
        sum += Math.exp(lp[k] - max);
      }
      double lse = max + Math.log(sum);
      double wi = b.weights[i];
      s.logSum += wi * lse;
      s.weight += wi;
      double[] r = new double[K];
      int best = 0;
      for (int k = 0; k < K; k++) {
        r[k] = Math.exp(lp[k] - lse);
        if (r[k] > 0) {
          s.entropy -= wi * r[k] * Math.log(r[k]);
        }
        s.counts[k] += wi * r[k];
        if (r[k] > r[best]) {
          best = k;
        }
      }
      s.hardCounts[best] += wi;
      double[] rw = new double[K];
      if (p.sample()) {
        double u = RowRandom.uniform(p.seed(), p.stream(), b.firstRow + i, K);
        double cum = 0;
        int pick = K - 1;
        for (int k = 0; k < K; k++) {
          cum += r[k];
          if (u < cum) {
            pick = k;
            break;
          }
        }
        rw[pick] = wi;
      } else {
        for (int k = 0; k < K; k++) {
          rw[k] = wi * r[k];
        }
      }
      double[] z = new double[q];
      for (int c = 0; c < d; c++) {
        z[c] = b.x(i, c);
      }
      for (int j = 0; j < m; j++) {
        z[d + j] = b.y(i, j);
      }
      for (int k = 0; k < K; k++) {
        s.expertWeights[k] += rw[k];
        for (int c = 0; c < q; c++) {
          for (int rr = 0; rr <= c; rr++) {
            moments(s)[k * q * q + c * q + rr] += rw[k] * z[rr] * z[c];
          }
        }
      }
    }
    return s;
  }

  private static void assertClose(double expected, double actual, double scale, String what) {
    assertEquals(expected, actual, 1e-12 * Math.max(scale, 1.0), what);
  }

  private static void assertSame(EStepStats want, EStepStats got, int q) {
    assertClose(want.logSum, got.logSum, Math.abs(want.logSum), "logSum");
    assertClose(want.entropy, got.entropy, Math.abs(want.logSum), "entropy");
    assertClose(want.weight, got.weight, want.weight, "weight");
    for (int k = 0; k < K; k++) {
      assertClose(want.counts[k], got.counts[k], want.weight, "counts " + k);
      assertClose(want.hardCounts[k], got.hardCounts[k], want.weight, "hardCounts " + k);
      assertClose(want.expertWeights[k], got.expertWeights[k], want.weight, "weights " + k);
      double scale = 0;
      for (int i = 0; i < q * q; i++) {
        scale = Math.max(scale, Math.abs(moments(want)[k * q * q + i]));
      }
      for (int c = 0; c < q; c++) {
        for (int r = 0; r <= c; r++) {
          int at = k * q * q + c * q + r;
          assertClose(moments(want)[at], moments(got)[at], scale, "expert " + k + " (" + r + ","
              + c + ")");
        }
      }
    }
  }

  private static EStepStats kernel(Pass p, Block... blocks) {
    int q = blocks[0].d + blocks[0].m;
    EStepStats acc = new EStepStats(K, new SecondMoments(K, q));
    for (Block b : blocks) {
      EStepKernel.addEStep(p, b, null, acc);
    }
    return acc;
  }

  @Test
  void defaultModeMatchesRowByRowFormulas() {
    Block b = block(53, 4, 1, 100, 1);
    MixtureState s = state(4, 1);
    Pass p = Pass.score(s, false, 3, 5);
    EStepStats want = naive(p, b);
    assertSame(want, kernel(p, b), 5);
    assertTrue(want.entropy > 0, "the planted responsibilities are not all hard");
  }

  @Test
  void severalOutputsMatchRowByRowFormulas() {
    Block b = block(41, 3, 2, 0, 2);
    Pass p = Pass.score(state(3, 2), false, 3, 5);
    assertSame(naive(p, b), kernel(p, b), 5);
  }

  @Test
  void sampleModeGivesEachRowToTheDrawnExpert() {
    Block b = block(64, 4, 1, 1000, 3);
    Pass p = Pass.score(state(4, 1), true, 11, 2);
    EStepStats got = kernel(p, b);
    assertSame(naive(p, b), got, 5);
    double drawn = 0;
    for (int k = 0; k < K; k++) {
      drawn += got.expertWeights[k];
    }
    assertClose(got.weight, drawn, got.weight, "every row's weight goes to one expert");
  }

  @Test
  void reusedWorkingArraysGiveTheSumOfSeparateBlocks() {
    // a large block first, then a smaller one: the second must not see the first's leftovers
    Block big = block(97, 4, 1, 0, 4);
    Block small = block(13, 4, 1, 97, 5);
    Pass p = Pass.score(state(4, 1), false, 3, 5);
    EStepStats together = kernel(p, big, small);
    EStepStats apart = naive(p, big).merge(naive(p, small));
    assertSame(apart, together, 5);
  }

  private static <T> T roundTrip(T value, int[] size) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    size[0] = bytes.size();
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      @SuppressWarnings("unchecked")
      T back = (T) in.readObject();
      return back;
    }
  }

  @Test
  void compactSerialisationKeepsTheStatistics() throws Exception {
    Block b = block(53, 4, 1, 100, 1);
    Pass p = Pass.score(state(4, 1), false, 3, 5);
    EStepStats s = kernel(p, b);
    int[] size = new int[1];
    EStepStats back = roundTrip(s, size);
    assertSame(s, back, 5);
    // the copy keeps working as an accumulator
    assertSame(naive(p, b).merge(naive(p, b)), back.merge(s), 5);
  }

  @Test
  void onlyUpperTrianglesTravel() throws Exception {
    int q = 21;
    EStepStats s = new EStepStats(K, new SecondMoments(K, q));
    for (int i = 0; i < moments(s).length; i++) {
      moments(s)[i] = i;
    }
    int[] size = new int[1];
    EStepStats back = roundTrip(s, size);
    for (int k = 0; k < K; k++) {
      for (int c = 0; c < q; c++) {
        for (int r = 0; r < q; r++) {
          int at = k * q * q + c * q + r;
          assertEquals(r <= c ? at : 0.0, moments(back)[at], "entry " + at);
        }
      }
    }
    int full = 8 * K * q * q;
    assertTrue(size[0] < 0.6 * full, size[0] + " bytes for " + full + " bytes of full blocks");
  }

  /** The Gaussian experts' moments in E-step statistics. */
  private static double[] moments(EStepStats s) {
    return ((SecondMoments) s.experts).moments();
  }
}
