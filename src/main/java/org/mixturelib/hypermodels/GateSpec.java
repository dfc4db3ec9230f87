package org.mixturelib.hypermodels;

/**
 * What a gate is built from: its number of components and inputs, and the settings that the
 * front ends give every gate (a provider reads those its gate uses and ignores the others).
 *
 * @param components K, the number of components the gate weighs
 * @param inputs the number of inputs a gate that reads x sees (the features, intercept columns
 *     included, or the gate's own inputs)
 * @param interceptInputs how many of the last inputs are intercept columns (a softmax gate has
 *     biases of its own and skips them)
 * @param hiddenLayers the widths of a network gate's hidden layers
 * @param activation the name of a network gate's nonlinearity ({@code "tanh"}, {@code "relu"})
 * @param seed the seed of random initial weights
 */
public record GateSpec(int components, int inputs, int interceptInputs, int[] hiddenLayers,
    String activation, long seed) {
  /** Copies the hidden layers and refuses impossible sizes. */
  public GateSpec {
    if (components < 1) {
      throw new IllegalArgumentException("a gate needs at least one component, got k = "
          + components);
    }
    if (inputs < 0 || interceptInputs < 0 || interceptInputs > inputs) {
      throw new IllegalArgumentException("a gate over " + inputs + " inputs cannot skip "
          + interceptInputs + " intercept columns");
    }
    hiddenLayers = hiddenLayers == null ? new int[0] : hiddenLayers.clone();
  }

  /** K components and no inputs (a gate whose weights do not depend on x). */
  public static GateSpec of(int components) {
    return new GateSpec(components, 0, 0, new int[0], "tanh", 0L);
  }

  @Override
  public int[] hiddenLayers() {
    return hiddenLayers.clone();
  }
}
