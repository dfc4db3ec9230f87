package org.mixturelib.hypermodels;

/** Small helpers shared by the gates' 0.4-style front-end methods. */
final class GateSupport {
  private GateSupport() {}

  static double[] columnSums(double[][] z, int k) {
    double[] s = new double[k];
    for (int i = 0; i < z.length; i++) {
      if (z[i].length != k) {
        throw new IllegalArgumentException("Z row " + i + " has " + z[i].length
            + " columns, expected " + k + " (one per expert)");
      }
      for (int j = 0; j < k; j++) {
        s[j] += z[i][j];
      }
    }
    return s;
  }

  static double[][] repeat(double[] row, int n) {
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = row.clone();
    }
    return out;
  }

  static double[][] rows(double[] rowMajor, int n, int k) {
    double[][] out = new double[n][k];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rowMajor, i * k, out[i], 0, k);
    }
    return out;
  }
}
