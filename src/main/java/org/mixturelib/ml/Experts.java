package org.mixturelib.ml;

import org.mixturelib.data.FamilyColumn;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.localmodels.CategoricalExperts;
import org.mixturelib.localmodels.CategoricalFamilyProvider;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.LabelColumn;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseExperts;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.localmodels.NoiseSharing;
import org.mixturelib.localmodels.SharedCoefficientExperts;

/** Builds the experts a set of params describes, and warm starts from a fitted state. */
final class Experts {
  private Experts() {}

  /**
   * K experts of d features (the intercept included) and m outputs of the params' family, made
   * by the family's provider from K, D, M and the family's settings ({@link #settings}):
   * Gaussian ones through the identity link with the params' noise model and prior, or GLM
   * experts (of any family and link), or a registered family's; each with the coefficients
   * shared that fixedFeatures and nestedFeatures say, when its family can share them, and the
   * background noise component last when noiseComponent is set.
   *
   * @throws IllegalArgumentException naming the param when the family, link, columns or prior
   *     params do not fit
   */
  static ExpertFamily configured(MixtureParams p, int d, int m) {
    ExpertFamily experts = shared(p, d, build(p, d, m));
    if (!p.getNoiseComponent()) {
      return experts;
    }
    if (!p.getFitIntercept()) {
      throw new IllegalArgumentException("noiseComponent needs fitIntercept (the noise"
          + " component is an intercept-only expert, as flexmix's FLXMRrobglm)");
    }
    return NoiseExperts.around(experts, d - 1);
  }

  /**
   * The experts with the coefficients shared that fixedFeatures and nestedFeatures say, when a
   * family that can share them ({@link SharedCoefficientExperts}).
   *
   * @throws IllegalArgumentException naming the params when they are set for another family
   */
  private static ExpertFamily shared(MixtureParams p, int d, ExpertFamily experts) {
    if (!SharedCoefficients.requested(p)) {
      return experts;
    }
    if (!(experts instanceof SharedCoefficientExperts s)) {
      throw new IllegalArgumentException("fixedFeatures and nestedFeatures are not supported"
          + " with family '" + p.getFamily() + "' (its experts do not share coefficients)");
    }
    s.setCoefficientStructure(SharedCoefficients.of(p, d));
    return experts;
  }

  /** The experts of the params' family, before a noise component or shared coefficients. */
  private static ExpertFamily build(MixtureParams p, int d, int m) {
    String family = p.getFamily();
    if (p.getLabelLevels().length > 0 && !ExpertFamilies.takesLevels(family)) {
      throw new IllegalArgumentException("labelLevels applies to a family with a categorical"
          + " label ('multinomial'), got family '" + family + "'");
    }
    ExpertFamily experts;
    try {
      experts = ExpertFamilies.create(family, p.getK(), d, m, settings(p));
    } catch (IllegalArgumentException e) {
      throw m == 1 ? e : new IllegalArgumentException("labelCol '" + p.getLabelCol()
          + "' holds " + m + " outputs: " + e.getMessage(), e);
    }
    if (experts instanceof CategoricalExperts categorical) {
      if (!p.getOffsetCol().isEmpty()) {
        throw new IllegalArgumentException("offsetCol is not supported with family '" + family
            + "' (its experts have one linear predictor per level but the reference)");
      }
      categorical.setLabelName(p.getLabelCol());
    }
    if (experts instanceof NoiseSharing sharing) {
      sharing.setNoiseModel(NoiseModel.parse(p.getNoiseModel()));
    }
    if (experts instanceof LinearExperts linear) {
      if (!p.getOffsetCol().isEmpty() || !p.getTrialsCol().isEmpty()) {
        throw new IllegalArgumentException((p.getOffsetCol().isEmpty() ? "trialsCol" :
            "offsetCol") + " is not supported with family 'gaussian' and link 'identity' (a"
            + " GLM family or link takes an offset" + (p.getOffsetCol().isEmpty() ? "; trials"
            + " need a family that reads them, 'binomial')" : ")"));
      }
      return gaussian(linear, p, d, m);
    }
    if (!Double.isInfinite(p.getPriorCovariance()) || p.getPriorMean().length > 0
        || p.getUpdatePrior()) {
      throw new IllegalArgumentException("priorCovariance, priorMean and updatePrior apply to"
          + " family 'gaussian' with link 'identity' only, got family '" + family + "'");
    }
    if (experts instanceof GlmExperts glm) {
      if (!glm.readsTrials() && !p.getTrialsCol().isEmpty()) {
        throw new IllegalArgumentException("trialsCol needs family 'binomial' (a family that"
            + " reads trials), got family '" + family + "'");
      }
      glm.setColumnNames(p.getLabelCol(), p.getTrialsCol());
      return glm;
    }
    if (experts instanceof LabelColumn named) {
      named.setLabelName(p.getLabelCol());
    }
    String refused = !p.getOffsetCol().isEmpty() && !(experts instanceof LinearPredictors)
        ? "offsetCol" : !p.getTrialsCol().isEmpty() ? "trialsCol" : null;
    if (refused != null) {
      throw new IllegalArgumentException(refused + " is not supported with family '" + family
          + "' (a family of one's own is built from k, the columns' sizes and its settings)");
    }
    return experts;
  }

  /**
   * The family's own settings from the params, by param name ({@link FamilySettings}): {@code
   * link} when set, then those of {@link FamilyInputs#settings} (the family setting params
   * that are set, and the names of a family's own columns), and a categorical label's {@code
   * labelLevels} when set (a JSON array). The family's provider refuses a setting it does not
   * take.
   */
  static FamilySettings settings(MixtureParams p) {
    FamilySettings s = FamilyInputs.settings(p);
    if (p.getLabelLevels().length > 0) {
      s = s.with(CategoricalFamilyProvider.LEVELS,
          CategoricalFamilyProvider.encode(java.util.List.of(p.getLabelLevels())));
    }
    return p.getLink().isEmpty() ? s : s.with("link", p.getLink());
  }

  private static LinearExperts gaussian(LinearExperts experts, MixtureParams p, int d, int m) {
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
   * A start from a fitted state: the given experts' parameters written by their own writer and
   * read by the configured experts ({@link org.mixturelib.persistence.Persistent}, the round
   * trip of a saved model, so every registered family warm-starts), and the given gate. The
   * configured experts keep the settings that are not parameters (update flags, noise model);
   * what the given experts wrote (for the Gaussian family their priors too) replaces theirs,
   * and their reader refuses what does not fit them.
   *
   * @throws IllegalArgumentException when the given experts are of another family or size, or
   *     their parameters do not fit the configured experts
   */
  static MixtureState startFrom(Fitted given, ExpertFamily experts, Gate gate) {
    ExpertFamily from = given.state().experts();
    if (!from.typeId().equals(experts.typeId())) {
      throw new IllegalArgumentException("initialModel's experts (family '" + from.typeId()
          + "') are not of this fit's family ('" + experts.typeId() + "')");
    }
    if (from.numExperts() != experts.numExperts()
        || from.numFeatures() != experts.numFeatures()
        || from.numOutputs() != experts.numOutputs()) {
      throw new IllegalArgumentException("initialModel has " + from.numExperts()
          + " components, " + from.numFeatures() + " coefficients and " + from.numOutputs()
          + " outputs; this fit needs " + experts.numExperts() + ", "
          + experts.numFeatures() + " and " + experts.numOutputs()
          + " (check k, fitIntercept and the columns)");
    }
    JsonParameters written = new JsonParameters(StageWriter.JSON.createObjectNode());
    from.writeParameters(written);
    try {
      experts.readParameters(written);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("initialModel's experts do not fit this fit's: "
          + e.getMessage(), e);
    }
    return new MixtureState(experts, gate);
  }
}
