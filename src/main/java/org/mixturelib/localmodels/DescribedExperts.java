package org.mixturelib.localmodels;

/**
 * How experts describe themselves in a fit's summary: the name its title gives them, the
 * header and figures of a per-component dispersion column, and a line under the component
 * table. The summaries ask this of the experts (never a family's name) through {@link #of}:
 * experts without it are named by their {@link ExpertFamily#typeId()}, with no dispersion
 * column and no line.
 */
public interface DescribedExperts {
  /** The name a summary's title gives the experts ({@code linear}, {@code Poisson}, ...). */
  String displayName();

  /**
   * The header of the per-component dispersion column ({@code noise sd}, {@code theta}, ...),
   * or null when the experts have no dispersion.
   */
  String dispersionName();

  /**
   * Each expert's figure for the dispersion column (one per expert, NaN where an expert has
   * none), or null when {@link #dispersionName()} is null.
   */
  double[] dispersionFigures();

  /** The line under the component table (the scale of the coefficients), or "" for none. */
  String summaryNote();

  /** What the experts say of themselves, or their type id alone when they do not describe. */
  static DescribedExperts of(ExpertFamily experts) {
    return experts instanceof DescribedExperts d ? d : new ByTypeId(experts.typeId());
  }

  /** Experts that do not describe themselves: their type id, nothing else. */
  record ByTypeId(String displayName) implements DescribedExperts {
    @Override
    public String dispersionName() {
      return null;
    }

    @Override
    public double[] dispersionFigures() {
      return null;
    }

    @Override
    public String summaryNote() {
      return "";
    }
  }
}
