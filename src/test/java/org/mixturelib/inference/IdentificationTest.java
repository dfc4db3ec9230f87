package org.mixturelib.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.HurdleExperts;
import org.mixturelib.localmodels.ZeroInflatedExperts;

/**
 * {@link Identification}: a zero-part family with an intercept-only zero part, two or more
 * components of constant weights and ungrouped rows is noted as not identified; a zero part
 * with a column, one component, a gate or groups is not.
 */
class IdentificationTest {
  private static FitResult fit(ExpertFamily experts, Gate gate, long groups) {
    int k = experts.numExperts();
    return new FitResult(new MixtureState(experts, gate), new double[] {-1}, new int[0], 1,
        true, -1, 0, 0, new double[k], new double[k], 10, 10, groups, 1, List.of());
  }

  private static HyperModelDirichlet constant(int k) {
    double[] mu = new double[k];
    java.util.Arrays.fill(mu, 1);
    return new HyperModelDirichlet(mu, false);
  }

  @Test
  void interceptOnlyZeroPartsWithConstantWeightsAreNoted() {
    List<String> zi = Identification.notes(fit(new ZeroInflatedExperts(new GlmExperts(
        GlmFamily.POISSON, 2, 2), List.of()), constant(2), 0));
    assertEquals(1, zi.size(), zi.toString());
    assertTrue(zi.get(0).startsWith("not identified: with 2 components of constant weights and"
        + " an intercept-only zero part, the mixing weights and the zero part probabilities"),
        zi.get(0));
    List<String> hurdle = Identification.notes(fit(new HurdleExperts(new GlmExperts(
        GlmFamily.NEGBIN, 3, 2), List.of()), constant(3), 0));
    assertEquals(1, hurdle.size(), hurdle.toString());
    assertTrue(hurdle.get(0).contains("3 components") && hurdle.get(0).contains(
        "intercept-only hurdle"), hurdle.get(0));
  }

  @Test
  void aZeroColumnOneComponentAGateOrGroupsIdentifyIt() {
    assertEquals(List.of(), Identification.notes(fit(new ZeroInflatedExperts(new GlmExperts(
        GlmFamily.POISSON, 2, 2), List.of("z")), constant(2), 0)));
    assertEquals(List.of(), Identification.notes(fit(new ZeroInflatedExperts(new GlmExperts(
        GlmFamily.POISSON, 1, 2), List.of()), constant(1), 0)));
    assertEquals(List.of(), Identification.notes(fit(new ZeroInflatedExperts(new GlmExperts(
        GlmFamily.POISSON, 2, 2), List.of()), new LinearGate(2, 2), 0)));
    assertEquals(List.of(), Identification.notes(fit(new ZeroInflatedExperts(new GlmExperts(
        GlmFamily.POISSON, 2, 2), List.of()), constant(2), 50)));
    assertEquals(List.of(), Identification.notes(fit(new GlmExperts(GlmFamily.POISSON, 2, 2),
        constant(2), 0)));
  }
}
