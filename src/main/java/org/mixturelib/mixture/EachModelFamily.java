package org.mixturelib.mixture;

import java.util.List;
import java.util.Map;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.LinearPredictors;

/**
 * One local model of any registered family ({@link ExpertFamilies}: {@code negbin}, {@code
 * zipoisson}, {@code zinegbin}, {@code tobit}, {@code multinomial}, the GLM families, a family
 * of one's own), with the 0.4 API, in the manner of {@link EachModelLinear}: the family's maths
 * is one expert of its own {@link ExpertFamily}, made by the family's provider from its type id
 * and settings (named as the Spark ML params: {@code link}, {@code lower}, {@code upper},
 * {@code labelLevels}, ...); this class holds it between calls.
 *
 * <p>A list of such models of one family, settings and input_dim, none fitted yet, is one
 * family of K experts in {@link MixtureEM} (as a list of EachModelLinear is one Gaussian
 * family), so that the fit is the Spark ML estimators' with {@code setFamily(typeId)}: the same
 * engine, statistics and M-steps. A multinomial label is given as its level's index.
 */
public final class EachModelFamily extends EachModel {
  private static final long serialVersionUID = 1L;
  private final String family;
  private final FamilySettings settings;
  private final int inputDim;
  private ExpertFamily expert;
  private boolean fitted;

  /** A local model of the family {@code typeId} with its default settings. */
  public EachModelFamily(String typeId, int inputDim) {
    this(typeId, inputDim, Map.of());
  }

  /**
   * A local model of the family {@code typeId} with its own settings.
   *
   * @param settings by Spark ML param name, the family's settings as text ({@code lower} to
   *     {@code "0"}, {@code labelLevels} to a JSON array of the level names, ...)
   * @throws IllegalArgumentException naming the family when it is unknown, or the setting it
   *     refuses, or when input_dim is not positive
   */
  public EachModelFamily(String typeId, int inputDim, Map<String, String> settings) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("input_dim must be positive, got " + inputDim);
    }
    FamilySettings s = FamilySettings.NONE;
    for (Map.Entry<String, String> e : settings.entrySet()) {
      s = s.with(e.getKey(), e.getValue());
    }
    this.family = typeId;
    this.settings = s;
    this.inputDim = inputDim;
    this.expert = ExpertFamilies.create(typeId, 1, inputDim, 1, s);
  }

  @Override
  public int inputDim() {
    return inputDim;
  }

  @Override
  public int outputDim() {
    return 1;
  }

  /** The family's type id. */
  public String family() {
    return family;
  }

  /**
   * The model's one expert at its current parameters (a copy), to read what is the family's
   * own (a zero part's coefficients, a dispersion, tobit's sigma, ...).
   */
  public ExpertFamily expert() {
    return expert.copy();
  }

  /**
   * The coefficients on the link scale, input_dim x columns (one column, or L - 1 for a
   * categorical label: level l's against level 0 in column l - 1).
   *
   * @throws IllegalStateException when the family has no linear predictor
   */
  public double[][] W() {
    if (!(expert instanceof LinearPredictors p)) {
      throw new IllegalStateException("family '" + family + "' has no coefficients on a link"
          + " scale");
    }
    double[] w = p.coefficients(0);
    int columns = w.length / inputDim;
    double[][] out = new double[inputDim][columns];
    for (int j = 0; j < inputDim; j++) {
      for (int c = 0; c < columns; c++) {
        out[j][c] = w[c * inputDim + j];
      }
    }
    return out;
  }

  @Override
  protected ExpertFamily expert(NamedValues hp) {
    return expert.copy();
  }

  @Override
  protected void adopt(ExpertFamily fitted) {
    this.expert = fitted;
    this.fitted = true;
  }

  /**
   * The K experts of one family that a list of these models is, fresh (before any fit): when
   * every model is an EachModelFamily of the same family, settings and input_dim and none has
   * been fitted; otherwise null (the models are then fitted side by side, {@link
   * EachModelExperts}).
   */
  static ExpertFamily fused(List<? extends EachModel> models) {
    if (!(models.get(0) instanceof EachModelFamily first)) {
      return null;
    }
    for (EachModel m : models) {
      if (!(m instanceof EachModelFamily f) || f.fitted || !f.family.equals(first.family)
          || !f.settings.asMap().equals(first.settings.asMap()) || f.inputDim != first.inputDim) {
        return null;
      }
    }
    return ExpertFamilies.create(first.family, models.size(), first.inputDim, 1,
        first.settings);
  }

  /** Gives each model its expert of the fitted family ({@link #fused}'s, fitted). */
  static void adoptInto(ExpertFamily fitted, List<? extends EachModel> models) {
    for (int k = 0; k < models.size(); k++) {
      ((EachModelFamily) models.get(k)).adopt(fitted.restrictTo(new int[] {k}));
    }
  }
}
