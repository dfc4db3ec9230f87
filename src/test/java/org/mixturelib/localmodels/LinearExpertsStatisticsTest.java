package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.data.Block;

/**
 * The experts' weighted second moments against a row-by-row sum, for expert counts that fill
 * whole groups of four, leave a partial group of one, two or three or need several, blocks of
 * fewer rows than a strip, of whole strips and of strips plus a remainder, and enough columns
 * that the entries go in several chunks.
 */
class LinearExpertsStatisticsTest {

  private static Block block(int n, int d, int m, SplittableRandom r) {
    double[] xy = new double[n * (d + m)];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = r.nextGaussian() * 3;
    }
    double[] weights = new double[n];
    java.util.Arrays.fill(weights, 1.0);
    return new Block(n, d, m, xy, weights, 0);
  }

  private static double[] weights(int n, int k, SplittableRandom r) {
    double[] rw = new double[n * k];
    for (int i = 0; i < rw.length; i++) {
      rw[i] = i % 5 == 0 ? 0.0 : r.nextDouble();
    }
    return rw;
  }

  /** Adds the row-by-row sums of one block into {@code want} (upper triangles only). */
  private static void addNaive(Block b, double[] rw, int k, double[] want) {
    int p = b.d + b.m;
    int n = b.n;
    for (int e = 0; e < k; e++) {
      for (int col = 0; col < p; col++) {
        for (int row = 0; row <= col; row++) {
          for (int i = 0; i < n; i++) {
            want[e * p * p + row + col * p] += rw[e * n + i] * b.xy[row * n + i]
                * b.xy[col * n + i];
          }
        }
      }
    }
  }

  private static void assertMoments(double[] want, double[] got, int k, int p) {
    for (int e = 0; e < k; e++) {
      for (int col = 0; col < p; col++) {
        for (int row = 0; row < p; row++) {
          int at = e * p * p + row + col * p;
          assertEquals(want[at], got[at], 1e-12 * Math.max(1, Math.abs(want[at])),
              "expert " + e + " entry (" + row + ", " + col + ")"
                  + (row > col ? ": the lower triangle stays untouched" : ""));
        }
      }
    }
  }

  @ParameterizedTest(name = "K = {0}, D = {1}, M = {2}, n = {3}")
  @CsvSource({"1, 1, 1, 37", "2, 3, 1, 37", "3, 4, 1, 5", "4, 11, 1, 37", "4, 11, 1, 64",
      "5, 2, 2, 100", "6, 5, 1, 33", "8, 6, 1, 37", "9, 4, 3, 31", "2, 20, 1, 70",
      "5, 24, 2, 45", "6, 139, 1, 40"})
  void sumsMatchRowByRowOuterProducts(int k, int d, int m, int n) {
    SplittableRandom r = new SplittableRandom(31L * k + d + 1000L * n);
    Block b = block(n, d, m, r);
    double[] rw = weights(n, k, r);
    int p = d + m;
    double[] got = new double[k * p * p];
    new LinearExperts(k, d, m).addStatistics(b, rw, got);
    double[] want = new double[k * p * p];
    addNaive(b, rw, k, want);
    assertMoments(want, got, k, p);
  }

  /**
   * The E-step's kernel reuses its working arrays: a short block after a long one must not see
   * the long block's rows in the strip's tail.
   */
  @ParameterizedTest(name = "K = {0}")
  @CsvSource({"3", "4"})
  void kernelReusesItsArraysAcrossBlocks(int k) {
    int d = 4;
    int m = 1;
    int p = d + m;
    SplittableRandom r = new SplittableRandom(5);
    LinearExperts experts = new LinearExperts(k, d, m);
    ExpertKernel kernel = experts.newKernel();
    SecondMoments got = experts.newStatistics();
    double[] want = new double[k * p * p];
    for (int n : new int[] {75, 3, 40}) {
      Block b = block(n, d, m, r);
      double[] rw = weights(n, k, r);
      kernel.addStatistics(b, rw, got);
      addNaive(b, rw, k, want);
    }
    assertMoments(want, got.moments(), k, p);
  }
}
