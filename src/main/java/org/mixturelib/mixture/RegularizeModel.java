package org.mixturelib.mixture;

import java.util.List;
import java.util.stream.IntStream;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.Regularizer;

/**
 * 0.4's RegularizeModel over local models: draws their prior means together with the strength
 * {@code alpha} of the mixture's hyperparameters, through the engine's {@link
 * org.mixturelib.regularizers.RegularizeModel} (which states the formula).
 */
public final class RegularizeModel implements LocalRegularizer {
  private final List<EachModelLinear> models;

  /** 0.4's constructor: regularizes these local models (at least two). */
  public RegularizeModel(List<EachModelLinear> listOfModels) {
    if (listOfModels == null || listOfModels.size() < 2) {
      throw new IllegalArgumentException("ListOfModels must hold at least two local models");
    }
    this.models = List.copyOf(listOfModels);
  }

  @Override
  public List<EachModelLinear> listOfModels() {
    return models;
  }

  /** The engine's regularizer over {@code indices}, with {@code hyperParameters["alpha"]}. */
  @Override
  public Regularizer bind(int[] indices, NamedValues hyperParameters) {
    return new org.mixturelib.regularizers.RegularizeModel(indices,
        hyperParameters.get("alpha"));
  }

  /**
   * 0.4's {@code M_step} on the local models given to the constructor, with alpha from
   * {@code hyperParameters["alpha"]}; updates their prior means in place.
   */
  public void mStep(double[][] x, double[][] y, double[][] z, NamedValues hyperParameters) {
    LinearExperts e = EachModelLinear.pack(models, 1.0);
    bind(IntStream.range(0, models.size()).toArray(), hyperParameters).mStep(e);
    EachModelLinear.unpack(e, models);
  }
}
