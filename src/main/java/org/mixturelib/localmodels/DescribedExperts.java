package org.mixturelib.localmodels;

import java.util.List;

/**
 * How experts describe themselves in a fit's summary: the name its title gives them, the
 * header and figures of a per-component dispersion column, and a line under the component
 * table; the parameters beyond the coefficients that the estimates table lists in sections of
 * their own (a zero part's); and which component, if any, is a background of constant density.
 * The summaries ask this of the experts (never a family's name or class) through {@link #of}:
 * experts without it are named by their {@link ExpertFamily#typeId()}, with no dispersion
 * column, no line, no extra section and no background component.
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

  /**
   * The sections of each expert's parameters that the estimates table lists apart from the
   * coefficients (a zero part's log-odds), in the order they end each expert's parameters in
   * the standard errors' layout; none by default.
   */
  default List<ParameterSection> parameterSections() {
    return List.of();
  }

  /**
   * The index of the component of constant density (a background noise component), which the
   * component table names as such, or -1 when there is none (the default).
   */
  default int backgroundComponent() {
    return -1;
  }

  /**
   * A section of every expert's parameters: its title ({@code "zero part"}: the table's section
   * {@code "zero part of component 2"}) and its terms' names, which are, together with the
   * sections after it, the last parameters of each expert in the standard errors' layout.
   *
   * @param title the section's title, completed by " of component k"
   * @param terms the names of its parameters, in the layout's order
   */
  record ParameterSection(String title, List<String> terms) {
    /** Copies the terms. */
    public ParameterSection {
      terms = List.copyOf(terms);
    }
  }

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
