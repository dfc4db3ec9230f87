package org.mixturelib.engine;

import org.mixturelib.data.Mergeable;

/** A loss and its gradient, aggregated over partitions for a driver-side optimiser. */
final class GradientStats implements Mergeable<GradientStats> {
  private static final long serialVersionUID = 1L;

  final double[] gradient;
  double loss;

  GradientStats(int size) {
    gradient = new double[size];
  }

  @Override
  public GradientStats merge(GradientStats o) {
    loss += o.loss;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += o.gradient[i];
    }
    return this;
  }
}
