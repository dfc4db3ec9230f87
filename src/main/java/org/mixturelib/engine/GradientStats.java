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
  private transient KernelScratch scratch;

  GradientStats(int size, boolean withHessian) {
    gradient = new double[size];
    hessian = new double[withHessian ? size * size : 0];
  }

  /** The kernel's working arrays for this partition (created on first use). */
  KernelScratch scratch() {
    if (scratch == null) {
      scratch = new KernelScratch();
    }
    return scratch;
  }

  @Override
  public GradientStats merge(GradientStats o) {
    loss += o.loss;
    Mergeable.addInto(gradient, o.gradient);
    Mergeable.addInto(hessian, o.hessian);
    return this;
  }
}
