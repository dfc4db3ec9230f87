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
