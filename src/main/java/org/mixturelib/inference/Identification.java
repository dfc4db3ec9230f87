package org.mixturelib.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mixturelib.engine.FitResult;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.ZeroPart;

/**
 * Fitted mixtures that the data cannot tell apart from others along some direction of their
 * parameters, said in words for the summaries. Today one case: experts with a zero part (the
 * zero-inflated and hurdle families) whose zero part is an intercept alone, at least two
 * components of constant mixing weights, and ungrouped rows. The positive counts tell only
 * each component's share {@code w_k (1 - pi_k)} of them (a hurdle's {@code w_k p_k}), and the
 * zeros' share follows, so the K - 1 weights and the K zero probabilities are not identified:
 * the likelihood is flat along a ridge, the information singular along the gate. A zero part
 * with columns of its own, a gate reading features, or groups of rows that share a component
 * tell them apart.
 */
public final class Identification {
  private Identification() {}

  /** What the fit leaves unidentified, one line each (empty: nothing known). */
  public static List<String> notes(FitResult fit) {
    List<String> notes = new ArrayList<>();
    int k = fit.state().k();
    if (fit.state().experts() instanceof ZeroPart zero && zero.zeroTerms().isEmpty() && k >= 2
        && fit.state().gate() instanceof HyperModelDirichlet && fit.numGroups() == 0) {
      String part = zero.zeroPartName();
      notes.add(String.format(Locale.ROOT, "not identified: with %d components of constant"
          + " weights and an intercept-only %s, the mixing weights and the %s probabilities"
          + " are not identified (the data tell only each component's share of the positive"
          + " counts; the likelihood is flat along a ridge, and their estimates and standard"
          + " errors are arbitrary along it); give the %s columns of its own (--zero,"
          + " zeroFeaturesCol), a gate, or groups", k, part, part, part));
    }
    return notes;
  }
}
