package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mixturelib.data.Block;

/**
 * The experts' weighted second moments against a row-by-row sum, for expert counts that fill
 * whole groups of four, leave a partial group or need several, and column counts that leave
 * each remainder of the three-entry sweep.
 */
class LinearExpertsStatisticsTest {

  @ParameterizedTest(name = "K = {0}, D = {1}, M = {2}")
  @CsvSource({"1, 1, 1", "2, 3, 1", "3, 4, 1", "4, 11, 1", "5, 2, 2", "8, 6, 1", "9, 4, 3"})
  void sumsMatchRowByRowOuterProducts(int k, int d, int m) {
    int n = 37;
    int p = d + m;
    SplittableRandom r = new SplittableRandom(31L * k + d);
    double[] xy = new double[n * p];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = r.nextGaussian() * 3;
    }
    double[] weights = new double[n];
    Arrays.fill(weights, 1.0);
    Block b = new Block(n, d, m, xy, weights, 0);
    double[] rw = new double[n * k];
    for (int i = 0; i < rw.length; i++) {
      rw[i] = i % 5 == 0 ? 0.0 : r.nextDouble();
    }
    double[] stats = new double[k * p * p];
    double[] zeros = new double[n];
    Arrays.fill(zeros, 7.0); // the method must clear what it relies on
    new LinearExperts(k, d, m).addStatistics(b, rw, stats, zeros);
    for (int e = 0; e < k; e++) {
      for (int col = 0; col < p; col++) {
        for (int row = 0; row < p; row++) {
          double want = 0;
          if (row <= col) {
            for (int i = 0; i < n; i++) {
              want += rw[e * n + i] * xy[row * n + i] * xy[col * n + i];
            }
          }
          assertEquals(want, stats[e * p * p + row + col * p], 1e-12 * Math.max(1, Math.abs(want)),
              "expert " + e + " entry (" + row + ", " + col + ")"
                  + (row > col ? ": the lower triangle stays untouched" : ""));
        }
      }
    }
  }
}
