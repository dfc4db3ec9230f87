package org.mixturelib.localmodels;

/**
 * Experts whose noise is one variance per expert or one shared by all ({@link NoiseModel}): the
 * Gaussian experts and the censored normal ones. The front ends set it from the {@code
 * noiseModel} param before the fit.
 */
public interface NoiseSharing extends ExpertFamily {
  /** Sets how the noise is shared (before the first M-step). */
  void setNoiseModel(NoiseModel model);
}
