package org.mixturelib.localmodels;

import java.util.List;
import java.util.Set;
import org.mixturelib.data.FamilyColumn;

/**
 * Makes {@link TobitExperts} (type id {@code tobit}) from their settings: {@code lower} and
 * {@code upper}, the constant censoring limits (default {@code -Infinity} and {@code
 * +Infinity}: none), and, for messages, the names of the label and per-row limit columns
 * ({@code labelCol}, {@code lowerCol}, {@code upperCol}). The per-row limits travel as family
 * columns of roles {@code lower} and {@code upper}. The experts have a sigma each until told to
 * share one ({@link NoiseSharing}).
 */
public final class TobitProvider implements ExpertFamilyProvider, FamilyColumns, RowRules {
  private static final Set<String> SETTINGS = Set.of("lower", "upper", "labelCol", "lowerCol",
      "upperCol");

  @Override
  public String typeId() {
    return TobitExperts.TYPE_ID;
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs) {
    return create(numExperts, numFeatures, numOutputs, FamilySettings.NONE);
  }

  @Override
  public ExpertFamily create(int numExperts, int numFeatures, int numOutputs,
      FamilySettings settings) {
    settings.refuseOthers(typeId(), SETTINGS);
    if (numOutputs != 1) {
      throw new IllegalArgumentException("family 'tobit' fits one output, got " + numOutputs);
    }
    TobitExperts experts = new TobitExperts(numExperts, numFeatures,
        settings.number("lower", Double.NEGATIVE_INFINITY),
        settings.number("upper", Double.POSITIVE_INFINITY),
        NoiseModel.PER_COMPONENT);
    experts.setColumnNames(settings.text("labelCol", "label"), settings.text("lowerCol", ""),
        settings.text("upperCol", ""));
    return experts;
  }

  /**
   * The label within its limits: the constant settings {@code lower} and {@code upper}, or the
   * per-row columns when the settings {@code lowerCol}, {@code upperCol} name them.
   */
  @Override
  public RowRule rowRule(FamilySettings settings) {
    double lower = settings.number("lower", Double.NEGATIVE_INFINITY);
    double upper = settings.number("upper", Double.POSITIVE_INFINITY);
    TobitExperts.checkLimits(lower, upper);
    return new TobitRows(lower, upper,
        !settings.text("lowerCol", "").isEmpty(), !settings.text("upperCol", "").isEmpty());
  }

  @Override
  public List<String> columnRoles() {
    return TobitExperts.roles();
  }

  @Override
  public FamilyColumn column(String role, String column) {
    return TobitExperts.limitColumn(role, column);
  }
}
