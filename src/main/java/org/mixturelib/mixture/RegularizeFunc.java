package org.mixturelib.mixture;

import java.util.List;
import java.util.stream.IntStream;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.LinkFunction;
import org.mixturelib.regularizers.Regularizer;

/**
 * 0.4's RegularizeFunc over local models: links their prior means through a differentiable
 * function R, through the engine's {@link org.mixturelib.regularizers.RegularizeFunc} (which
 * states the objective), solved to a tolerance with at least {@value #MIN_ITERATIONS} L-BFGS
 * iterations (0.4's {@code epoch} when larger).
 */
public final class RegularizeFunc implements LocalRegularizer {
  /** The least L-BFGS iterations per M-step. */
  static final int MIN_ITERATIONS = 500;
  private final List<EachModelLinear> models;
  private final LinkFunction link;
  private final int epoch;

  /**
   * 0.4's constructor: regularizes these local models with link R, {@code epoch} L-BFGS
   * iterations per M-step at least {@value #MIN_ITERATIONS}.
   */
  public RegularizeFunc(List<EachModelLinear> listOfModels, LinkFunction r, int epoch) {
    if (listOfModels == null || listOfModels.isEmpty()) {
      throw new IllegalArgumentException("ListOfModels must hold at least one local model");
    }
    if (r == null) {
      throw new IllegalArgumentException("R (the link function) must not be null");
    }
    this.models = List.copyOf(listOfModels);
    this.link = r;
    this.epoch = epoch;
  }

  @Override
  public List<EachModelLinear> listOfModels() {
    return models;
  }

  @Override
  public Regularizer bind(int[] indices, NamedValues hyperParameters) {
    return new org.mixturelib.regularizers.RegularizeFunc(indices, link,
        Math.max(epoch, MIN_ITERATIONS), 1e-12);
  }

  /**
   * 0.4's {@code M_step} on the local models given to the constructor; updates their prior
   * means in place.
   */
  public void mStep(double[][] x, double[][] y, double[][] z, NamedValues hyperParameters) {
    LinearExperts e = EachModelLinear.pack(models, 1.0);
    bind(IntStream.range(0, models.size()).toArray(), hyperParameters).mStep(e);
    EachModelLinear.unpack(e, models);
  }
}
