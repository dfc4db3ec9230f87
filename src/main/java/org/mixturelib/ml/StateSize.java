package org.mixturelib.ml;

/**
 * The numbers a model's state takes, from its sizes alone: what a fit allocates for it and what
 * loading a saved model reads, checked against the heap before either allocates anything. The
 * fit and {@link StageReader} share this count, so a model that fits can be loaded.
 */
final class StateSize {
  private StateSize() {}

  /**
   * The numbers of a model of {@code k} experts with {@code d} coefficients per output and
   * {@code m} outputs (coefficients, covariances and prior precisions, Gram statistics; times
   * the levels but one of a categorical label, squared for the matrices), and,
   * for an MLP gate of {@code gateInputs} inputs, its layers' weights. A double: the count of
   * absurd settings does not overflow.
   */
  static double numbers(MixtureParams params, long k, long d, long m, long gateInputs) {
    // a categorical label's levels but the reference: that many coefficient columns, whose
    // covariance and Newton statistics grow as their square
    double q = Math.max(1, params.getLabelLevels().length - 1);
    double values = (double) k * (2.0 * d * m * q + 3.0 * d * d * q * q + 1);
    if (params instanceof MixtureOfExpertsParams g && "mlp".equals(g.getGate())) {
      double in = gateInputs;
      for (long width : g.getHiddenLayers()) {
        values += (in + 1) * width;
        in = width;
      }
      values += (in + 1) * k;
    }
    return values;
  }

  /** Whether {@code values} numbers take more than half of this JVM's maximum heap. */
  static boolean beyondHeap(double values) {
    return values > heap() / (double) Double.BYTES / 2;
  }

  /** This JVM's maximum heap in bytes. */
  static long heap() {
    return Runtime.getRuntime().maxMemory();
  }
}
