package org.mixturelib.localmodels;

import java.util.ArrayList;
import java.util.List;

/**
 * Count experts with a logistic part of their own for the zeros (the zero-inflated families'
 * structural zeros, the hurdle families' hurdle): what the summaries and the estimates show of
 * it (its {@link #parameterSections()} section). Its inputs are an intercept and the columns named by {@link #zeroTerms()}; in the
 * standard errors' layout ({@link ExpertScores}) they are each expert's last parameters.
 */
public interface ZeroPart extends ExpertFamily, DescribedExperts {
  /** The names of the zero part's inputs after its intercept (their columns' names). */
  List<String> zeroTerms();

  /** Expert e's zero-part coefficients: the intercept, then one per term (a copy). */
  double[] zeroCoefficients(int e);

  /**
   * The zero part's name in section titles: "zero part" (log-odds of a structural zero),
   * "hurdle" (log-odds of a positive count).
   */
  String zeroPartName();

  /**
   * The zero part as the estimates table lists it: a section titled {@link #zeroPartName()},
   * its intercept then {@link #zeroTerms()}, the last parameters of each expert.
   */
  @Override
  default List<ParameterSection> parameterSections() {
    List<String> terms = new ArrayList<>(List.of("(Intercept)"));
    terms.addAll(zeroTerms());
    return List.of(new ParameterSection(zeroPartName(), terms));
  }
}
