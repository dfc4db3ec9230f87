package org.mixturelib.mixture;

import java.util.List;
import org.mixturelib.regularizers.Regularizer;

/**
 * A 0.4-style regularizer, built over local models ({@link RegularizeModel}, {@link
 * RegularizeFunc}): {@link MixtureEM} binds it to the positions of those models in its list,
 * which gives the engine's {@link Regularizer}.
 */
public interface LocalRegularizer {
  /** The local models it regularizes. */
  List<EachModelLinear> listOfModels();

  /**
   * The engine's regularizer over the experts at {@code indices} (the positions of {@link
   * #listOfModels()} in the mixture's list), with the mixture's hyperparameters.
   */
  Regularizer bind(int[] indices, NamedValues hyperParameters);
}
