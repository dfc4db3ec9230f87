package org.mixturelib.engine;

import org.mixturelib.data.Mergeable;

/**
 * A loss, its gradient and (optionally) its Hessian, aggregated over partitions for a
 * driver-side optimiser.
 */
final class GradientStats implements Mergeable<GradientStats> {
  private static final long serialVersionUID = 1L;

  final double[] gradient;
  final double[] hessian;
  double loss;

  GradientStats(int size) {
    this(size, false);
  }

  GradientStats(int size, boolean withHessian) {
    gradient = new double[size];
    hessian = new double[withHessian ? size * size : 0];
  }

  @Override
  public GradientStats merge(GradientStats o) {
    loss += o.loss;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += o.gradient[i];
    }
    for (int i = 0; i < hessian.length; i++) {
      hessian[i] += o.hessian[i];
    }
    return this;
  }
}
