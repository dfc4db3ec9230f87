package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;

/** The summary table's layout, in text and in Markdown. */
class FitSummaryTest {
  private static final FitSummary.Family LINEAR = new FitSummary.Family("linear", "noise sd",
      "");

  private static FitSummary tone(List<FitSummary.Candidate> candidates) {
    return new FitSummary("Mixture of 2 linear regressions on 150 rows: tuned ~ stretchratio",
        List.of("stretchratio"),
        List.of(new FitSummary.Component(0.6983, 105, 0.04599, 1.91619, new double[] {0.04254}),
            new FitSummary.Component(0.3017, 45, 0.13332, -0.0194,
                new double[] {0.99136})),
        new FitSummary.Totals(141.19843, -268.39686, -247.32266, -220.0, 21, true), candidates,
        "bic", LINEAR);
  }

  @Test
  void textAlignsTheComponentsAndListsTheFigures() {
    String expected = String.join("\n",
        "Mixture of 2 linear regressions on 150 rows: tuned ~ stretchratio",
        "component  weight  size  noise sd  (intercept)  stretchratio",
        "        1  0.6983   105    0.0460       1.9162        0.0425",
        "        2  0.3017    45    0.1333      -0.0194        0.9914",
        "",
        "log-likelihood  141.1984",
        "AIC             -268.3969",
        "BIC             -247.3227",
        "ICL             -220.0000",
        "iterations      21",
        "converged       true",
        "");
    assertEquals(expected, tone(List.of()).text());
  }

  @Test
  void markdownHasOneTablePerPart() {
    String md = tone(List.of()).markdown();
    assertTrue(md.contains("| component | weight | size | noise sd | (intercept) | stretchratio"
        + " |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n| 1 | 0.6983 | 105 | 0.0460 | 1.9162"
        + " | 0.0425 |"), md);
    assertTrue(md.contains("| log-likelihood | 141.1984 |"), md);
  }

  @Test
  void selectionTableMarksTheChosenK() {
    FitSummary s = tone(List.of(
        new FitSummary.Candidate(1, 90.0, 3, -174, -165, -165, true),
        new FitSummary.Candidate(2, 141.2, 7, -268.4, -247.3, -220, true),
        new FitSummary.Candidate(3, 145.0, 11, -268, -235, -190, false)));
    String text = s.text();
    assertTrue(text.startsWith("Model selection by BIC\n"
        + "k  log-likelihood  parameters        AIC        BIC        ICL  converged  chosen\n"
        + "1         90.0000           3  -174.0000  -165.0000  -165.0000       true\n"
        + "2        141.2000           7  -268.4000  -247.3000  -220.0000       true       *\n"
        + "3        145.0000          11  -268.0000  -235.0000  -190.0000      false\n"), text);
    assertEquals(2, s.chosenK());
  }

  @Test
  void noInterceptColumnWithoutIntercepts() {
    FitSummary s = new FitSummary("t", List.of("a", "b"), List.of(
        new FitSummary.Component(1, 10, 1, Double.NaN, new double[] {1, 2})),
        new FitSummary.Totals(0, 0, 0, 0, 1, false), List.of(), "bic", LINEAR);
    assertTrue(s.text().contains("component  weight  size  noise sd       a       b\n"),
        s.text());
  }

  @Test
  void gammaShowsItsDispersionAndPoissonNone() {
    List<FitSummary.Component> comps = List.of(
        new FitSummary.Component(1, 10, 0.25, 0.5, new double[] {2}));
    FitSummary.Totals totals = new FitSummary.Totals(0, 0, 0, 0, 1, true);
    String gamma = new FitSummary("t", List.of("a"), comps, totals, List.of(), "bic",
        FitSummary.Family.of(new GlmExperts(GlmFamily.GAMMA, 1, 2))).text();
    assertTrue(gamma.startsWith("t\ncomponent  weight  size  dispersion  (intercept)       a\n"
        + "        1  1.0000    10      0.2500       0.5000  2.0000\n"
        + "family gamma: coefficients on the log link scale, dispersion per component\n\n"), gamma);
    String poisson = new FitSummary("t", List.of("a"), comps, totals, List.of(), "bic",
        FitSummary.Family.of(new GlmExperts(GlmFamily.POISSON, 1, 2))).markdown();
    assertTrue(poisson.contains("| component | weight | size | (intercept) | a |\n"), poisson);
    assertTrue(poisson.contains("\nfamily poisson: coefficients on the log link scale, no"
        + " dispersion.\n\n"), poisson);
  }

  @Test
  void numbersSwitchToScientificWhenTiny() {
    assertEquals("1.2346e-05", FitSummary.number(1.23456e-5));
    assertEquals("1.2346e+07", FitSummary.number(12345678));
    assertEquals("0.0000", FitSummary.number(0));
    assertEquals("-3.1416", FitSummary.number(-Math.PI));
  }

  /**
   * The figures at 3 million rows: AIC 14272345.12 and BIC 14272401.87 both printed as
   * 1.4272e+07; log-likelihood and criteria now keep 0.01 at any size.
   */
  @Test
  void largeCriteriaKeepTwoDecimals() {
    FitSummary s = new FitSummary("t", List.of("a"), List.of(
        new FitSummary.Component(1, 3e6, 1, 0, new double[] {1})),
        new FitSummary.Totals(-7136168.56, 14272345.12, 14272401.87, 14272401.87, 9, true),
        List.of(), "bic", LINEAR);
    assertTrue(s.text().contains("log-likelihood  -7136168.56\nAIC             14272345.12\n"
        + "BIC             14272401.87\n"), s.text());
    assertEquals("1.2346e+07", FitSummary.number(12345678), "coefficients keep their format");
    assertEquals("-3.1416", FitSummary.criterion(-Math.PI));
  }

  @Test
  void collapsedComponentsAreSaidInTheSummary() {
    FitSummary.Component c = new FitSummary.Component(0.5, 2, 0.1, 3, new double[] {2});
    FitSummary.Component same = new FitSummary.Component(0.5, 1, 0.1 + 1e-9, 3,
        new double[] {2});
    FitSummary.Component other = new FitSummary.Component(0.5, 1, 0.1, 3, new double[] {2.1});
    FitSummary.Totals t = new FitSummary.Totals(-1, 2, 3, 4, 5, true);
    String note = "note: components 1 and 2 have collapsed onto each other (equal coefficients"
        + " and noise): the data support fewer components\n";
    assertTrue(new FitSummary("t", List.of("a"), List.of(c, same), t, List.of(), "bic", LINEAR).text()
        .endsWith(note));
    assertTrue(new FitSummary("t", List.of("a"), List.of(c, same), t, List.of(), "bic", LINEAR)
        .markdown().contains("**Note:** components 1 and 2 have collapsed"));
    assertFalse(new FitSummary("t", List.of("a"), List.of(c, other), t, List.of(), "bic", LINEAR)
        .text().contains("note:"));
  }

  @Test
  void coefficientsMustMatchTheFeatures() {
    assertThrows(IllegalArgumentException.class, () -> new FitSummary("t", List.of("a"),
        List.of(new FitSummary.Component(1, 1, 1, 0, new double[] {1, 2})),
        new FitSummary.Totals(0, 0, 0, 0, 1, true), List.of(), "bic", LINEAR));
  }
}
