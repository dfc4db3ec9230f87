package org.mixturelib.engine.init;

import org.mixturelib.data.Block;

/**
 * Responsibilities from k-means centres: those of a spherical Gaussian mixture with equal
 * weights, the centres as means and the pooled within-cluster variance, in the standardised
 * {@code [x, y]} space.
 *
 * @param scaling the standardisation of the rows
 * @param centres row-major K x p centres in the standardised space
 * @param k number of components
 * @param spread within-cluster variance per coordinate
 */
record KMeansStart(Standardizer scaling, double[] centres, int k, double spread)
    implements StartRule {
  private static final long serialVersionUID = 1L;

  @Override
  public void responsibilities(Block b, double[] resp) {
    int p = scaling.dimension();
    double[] z = new double[p];
    double half = 0.5 / spread;
    for (int i = 0; i < b.n; i++) {
      scaling.row(b, i, z);
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double v = -half * KMeans.distance(z, centres, c, p);
        resp[i * k + c] = v;
        best = Math.max(best, v);
      }
      double s = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(resp[i * k + c] - best);
        resp[i * k + c] = e;
        s += e;
      }
      for (int c = 0; c < k; c++) {
        resp[i * k + c] /= s;
      }
    }
  }
}
