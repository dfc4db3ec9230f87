package org.mixturelib.ml;

import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.Param;

/** The params of {@link MixtureOfExperts} and its model beyond the shared ones: the gate. */
public interface MixtureOfExpertsParams extends MixtureParams {
  /** "linear", "mlp" or "sparse"; default "linear". */
  default Param<String> gate() {
    return paramSet().gate;
  }

  /** Hidden layer widths of the "mlp" gate; default [10]. */
  default IntArrayParam hiddenLayers() {
    return paramSet().hiddenLayers;
  }

  /** Nonlinearity of the "mlp" gate's hidden layers, "tanh" or "relu"; default "tanh". */
  default Param<String> activation() {
    return paramSet().activation;
  }

  /**
   * The gate's own inputs column, a vector (flexmix's concomitant variables); default "": the
   * gate reads the features without the intercept.
   */
  default Param<String> gateFeaturesCol() {
    return paramSet().gateFeaturesCol;
  }

  /** The gate's own inputs column, or "" when the gate reads the features. */
  default String getGateFeaturesCol() {
    return getOrDefault(gateFeaturesCol());
  }

  @Override
  default String gateInputsColumn() {
    return getGateFeaturesCol();
  }

  /** The hidden layers' nonlinearity. */
  default String getActivation() {
    return getOrDefault(activation());
  }

  /** The gate. */
  default String getGate() {
    return getOrDefault(gate());
  }

  /** Hidden layer widths (a copy). */
  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers()).clone();
  }
}
