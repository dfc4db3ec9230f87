package org.mixturelib.ml;

import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import java.util.Locale;
import org.mixturelib.localmodels.CategoricalExperts;
import org.mixturelib.localmodels.CategoricalFamilyProvider;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertFamilyProvider;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseModel;

/** Builds the experts a set of params describes, and warm starts from a fitted state. */
final class Experts {
  private Experts() {}

  /**
   * K experts of d features (the intercept included) and m outputs of the params' family:
   * Gaussian ones with the params' noise model and prior, or GLM experts.
   *
   * @throws IllegalArgumentException naming the param when the family, link, columns or prior
   *     params do not fit
   */
  static ExpertFamily configured(MixtureParams p, int d, int m) {
    String family = p.getFamily();
    String link = p.getLink();
    if (p.getLabelLevels().length > 0 && !ExpertFamilies.takesLevels(family)) {
      throw new IllegalArgumentException("labelLevels applies to a family with a categorical"
          + " label ('multinomial'), got family '" + family + "'");
    }
    GlmFamily f = GlmFamily.ofParam(family);
    if (family.equals("gaussian") || f != null) {
      FamilyInputs.refuseSettings(p);
    }
    if (family.equals("gaussian")) {
      if (!link.isEmpty() && !link.equals("identity")) {
        throw unsupported(family, link);
      }
      if (!p.getOffsetCol().isEmpty() || !p.getTrialsCol().isEmpty()) {
        throw new IllegalArgumentException((p.getOffsetCol().isEmpty() ? "trialsCol" :
            "offsetCol") + " is not supported with family 'gaussian' (use 'poisson',"
            + " 'binomial' or 'gamma'" + (p.getOffsetCol().isEmpty() ? ": trials need"
            + " 'binomial')" : ")"));
      }
      return gaussian(p, d, m);
    }
    if (f == null) {
      return registered(p, d, m);
    }
    if (!link.isEmpty() && !link.equals(f.defaultLink().name().toLowerCase(Locale.ROOT))) {
      throw unsupported(family, link);
    }
    if (f != GlmFamily.BINOMIAL && !p.getTrialsCol().isEmpty()) {
      throw new IllegalArgumentException("trialsCol needs family 'binomial', got family '"
          + family + "'");
    }
    if (m != 1) {
      throw new IllegalArgumentException("family '" + family + "' fits one output; labelCol '"
          + p.getLabelCol() + "' holds " + m);
    }
    if (!Double.isInfinite(p.getPriorCovariance()) || p.getPriorMean().length > 0
        || p.getUpdatePrior()) {
      throw new IllegalArgumentException("priorCovariance, priorMean and updatePrior apply to"
          + " family 'gaussian' only, got family '" + family + "'");
    }
    GlmExperts experts = new GlmExperts(f, p.getK(), d);
    experts.setColumnNames(p.getLabelCol(), p.getTrialsCol());
    return experts;
  }

  /**
   * A family registered by an {@link ExpertFamilyProvider}: it gets K, D, M and its own
   * settings ({@link FamilyInputs#settings}), so the params that configure the library's
   * families are refused, and the offset unless its experts have a linear predictor.
   */
  private static ExpertFamily registered(MixtureParams p, int d, int m) {
    String family = p.getFamily();
    String refused = !p.getLink().isEmpty() ? "link"
        : !p.getTrialsCol().isEmpty() ? "trialsCol"
        : !Double.isInfinite(p.getPriorCovariance()) ? "priorCovariance"
        : p.getPriorMean().length > 0 ? "priorMean" : p.getUpdatePrior() ? "updatePrior" : null;
    if (refused != null) {
      throw new IllegalArgumentException(refused + " is not supported with family '" + family
          + "' (a family of one's own is built from k, the columns' sizes and its own"
          + " settings)");
    }
    FamilySettings settings = FamilyInputs.settings(p);
    if (p.getLabelLevels().length > 0) {
      settings = settings.with(CategoricalFamilyProvider.LEVELS,
          CategoricalFamilyProvider.encode(java.util.List.of(p.getLabelLevels())));
    }
    ExpertFamily made = ExpertFamilies.create(family, p.getK(), d, m, settings);
    if (!p.getOffsetCol().isEmpty() && (!(made instanceof LinearPredictors)
        || made instanceof CategoricalExperts)) {
      throw new IllegalArgumentException("offsetCol is not supported with family '" + family
          + "' (its experts have no linear predictor" + (made instanceof CategoricalExperts
          ? " to shift: they have one per level but the reference)" : ")"));
    }
    if (made instanceof CategoricalExperts c) {
      c.setLabelName(p.getLabelCol());
    }
    return made;
  }

  private static IllegalArgumentException unsupported(String family, String link) {
    return new IllegalArgumentException("link '" + link + "' is not supported with family '"
        + family + "' (supported: gaussian/identity, poisson/log, binomial/logit, gamma/log)");
  }

  private static LinearExperts gaussian(MixtureParams p, int d, int m) {
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
