package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rows each family takes ({@link RowRule}, from its provider through {@link
 * ExpertFamilies#rowRule}): counts for the count families and their zero-inflated forms,
 * successes out of trials for the binomial, tobit's labels within constant or per-row limits,
 * a categorical label's levels by name or index; none for the Gaussian.
 */
class RowRulesTest {
  private static final double[] NONE = {};

  private static RowRule rule(String family, FamilySettings settings) {
    return ExpertFamilies.rowRule(family, settings);
  }

  @Test
  void countFamiliesTakeIntegersFromZero() {
    for (String f : List.of("poisson", "negbin", "zipoisson", "zinegbin")) {
      RowRule r = rule(f, FamilySettings.NONE);
      assertTrue(r.admits(0, NONE) && r.admits(7, NONE), f);
      assertFalse(r.admits(-1, NONE) || r.admits(1.5, NONE), f);
      assertFalse(r.admitsText("3"), f);
      assertEquals("counts (integers >= 0)", r.describe(), f);
    }
    assertNull(rule("gaussian", FamilySettings.NONE));
  }

  @Test
  void theBinomialReadsItsTrials() {
    RowRule r = rule("binomial", FamilySettings.NONE);
    assertEquals(List.of(RowRule.TRIALS), r.roles());
    assertTrue(r.admits(3, new double[] {5}));
    assertFalse(r.admits(6, new double[] {5}));
    assertFalse(r.admits(1, new double[] {2.5}), "fractional trials");
    assertTrue(r.admits(1, new double[] {Double.NaN}), "no trials column: one trial");
  }

  @Test
  void tobitTakesLabelsWithinTheirLimits() {
    RowRule constant = rule("tobit", FamilySettings.NONE.with("lower", "0").with("upper", "5"));
    assertEquals(List.of(), constant.roles());
    assertTrue(constant.admits(0, NONE) && constant.admits(5, NONE) && constant.admits(2, NONE));
    assertFalse(constant.admits(-0.1, NONE) || constant.admits(5.1, NONE));
    RowRule perRow = rule("tobit", FamilySettings.NONE.with("lowerCol", "lo")
        .with("upper", "5"));
    assertEquals(List.of(TobitExperts.LOWER), perRow.roles());
    assertTrue(perRow.admits(1, new double[] {1}), "censored at its own limit");
    assertFalse(perRow.admits(1, new double[] {2}), "below its own limit");
    assertTrue(perRow.admits(-100, new double[] {Double.NaN}), "a null limit: none");
    assertFalse(perRow.admits(6, new double[] {0}), "above the constant upper limit");
    RowRule both = rule("tobit", FamilySettings.NONE.with("lowerCol", "lo")
        .with("upperCol", "hi"));
    assertEquals(List.of(TobitExperts.LOWER, TobitExperts.UPPER), both.roles());
    assertFalse(both.admits(1, new double[] {2, 0}), "crossed limits");
    assertTrue(both.admits(1, new double[] {0, 2}));
    String crossed = assertThrows(IllegalArgumentException.class, () -> rule("tobit",
        FamilySettings.NONE.with("lower", "1").with("upper", "0"))).getMessage();
    assertTrue(crossed.contains("setting 'lower' (1.0) must be below setting 'upper'"), crossed);
  }

  @Test
  void aCategoricalLabelIsALevel() {
    RowRule learnt = rule("multinomial", FamilySettings.NONE);
    assertTrue(learnt.admitsText("car") && learnt.admits(4, NONE));
    assertFalse(learnt.admits(-1, NONE) || learnt.admits(0.5, NONE));
    RowRule known = rule("multinomial", FamilySettings.NONE.with(
        CategoricalFamilyProvider.LEVELS, "[\"bus\",\"car\"]"));
    assertTrue(known.admitsText("bus") && known.admits(1, NONE));
    assertFalse(known.admitsText("plane") || known.admits(2, NONE));
  }
}
