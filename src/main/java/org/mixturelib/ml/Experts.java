package org.mixturelib.ml;

import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.NoiseModel;

/** Builds the experts a set of params describes, and warm starts from a fitted state. */
final class Experts {
  private Experts() {}

  /**
   * K experts of d features (the intercept included) and m outputs, with the params' noise
   * model and prior.
   *
   * @throws IllegalArgumentException naming the param when the prior params do not fit
   */
  static LinearExperts configured(MixtureParams p, int d, int m) {
    LinearExperts experts = new LinearExperts(p.getK(), d, m);
    experts.setNoiseModel(NoiseModel.parse(p.getNoiseModel()));
    double a = p.getPriorCovariance();
    double[] mean = p.getPriorMean();
    if (Double.isInfinite(a)) {
      if (mean.length > 0 || p.getUpdatePrior()) {
        throw new IllegalArgumentException("priorMean and updatePrior need a finite"
            + " priorCovariance (it is Infinity: no prior)");
      }
      return experts;
    }
    if (mean.length == 0) {
      mean = new double[d * m];
    } else if (mean.length != d * m) {
      throw new IllegalArgumentException("priorMean has " + mean.length + " values; expected "
          + d * m + " (" + d + " coefficients, the intercept last when fitIntercept is true,"
          + " times " + m + " outputs)");
    }
    double[] covariance = new double[d * d];
    for (int j = 0; j < d; j++) {
      covariance[j * d + j] = a;
    }
    for (int e = 0; e < p.getK(); e++) {
      experts.setPrior(e, covariance, true, mean);
    }
    experts.setUpdatePriorCovariances(p.getUpdatePrior());
    return experts;
  }

  /**
   * A start from a fitted state: its coefficients, covariances, noise variances and gate, with
   * the priors and settings of {@code configured}.
   */
  static MixtureState startFrom(Fitted given, ExpertFamily experts, Gate gate) {
    if (!(given.state().experts() instanceof LinearExperts from)
        || !(experts instanceof LinearExperts configured)) {
      throw new IllegalArgumentException("initialModel's experts ("
          + given.state().experts().getClass().getSimpleName() + ") are not of this fit's"
          + " family (" + experts.getClass().getSimpleName() + ")");
    }
    if (from.numExperts() != configured.numExperts()
        || from.numFeatures() != configured.numFeatures()
        || from.numOutputs() != configured.numOutputs()) {
      throw new IllegalArgumentException("initialModel has " + from.numExperts()
          + " components, " + from.numFeatures() + " coefficients and " + from.numOutputs()
          + " outputs; this fit needs " + configured.numExperts() + ", "
          + configured.numFeatures() + " and " + configured.numOutputs()
          + " (check k, fitIntercept and the columns)");
    }
    double[] noise = from.noiseVariances();
    for (int e = 0; e < from.numExperts(); e++) {
      double[] cov = from.covariance(e);
      if (cov == null) {
        configured.setCoefficients(e, from.coefficients(e));
      } else {
        configured.restorePosterior(e, from.coefficients(e), cov);
      }
      configured.setNoiseVariance(e, noise[e]);
    }
    return new MixtureState(configured, gate);
  }
}
