package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.CategoricalFamilyProvider;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.ExpertFamily;

/**
 * Warm starts ({@code initialModel}) as a write/read round trip: for every registered family
 * (the library's and the test family {@code laplace} registered through {@code
 * META-INF/services}), a fitted model's experts written by their own writer and read by freshly
 * configured experts hold exactly what the fitted ones write; another family or size is refused.
 */
class WarmStartTest {
  private static final int N = 300;

  /** A label the family accepts, on the line {@code 0.5 t}. */
  private static double label(String family, double t, Random rnd) {
    double mean = 0.5 * t;
    return switch (family) {
      case "poisson", "negbin", "zipoisson", "zinegbin", "hurdlepoisson", "hurdlenegbin" -> {
        double l = Math.exp(mean);
        int count = 0;
        for (double p = Math.exp(-l), u = rnd.nextDouble(), c = p; u > c; c += p) {
          p *= l / ++count;
        }
        yield count;
      }
      case "binomial" -> rnd.nextDouble() < 1 / (1 + Math.exp(-mean)) ? 1 : 0;
      case "gamma" -> Math.exp(mean) * -Math.log(1 - rnd.nextDouble());
      case "multinomial" -> rnd.nextDouble() < 0.3 ? 0 : mean > 0 ? 1 : 2;
      default -> mean + rnd.nextGaussian();
    };
  }

  /** Two experts of the family on two features (a categorical family over three levels). */
  private static ExpertFamily create(String family) {
    return ExpertFamilies.takesLevels(family) ? ExpertFamilies.create(family, 2, 2, 1,
        FamilySettings.NONE.with(CategoricalFamilyProvider.LEVELS,
            CategoricalFamilyProvider.encode(List.of("a", "b", "c"))))
        : ExpertFamilies.create(family, 2, 2, 1);
  }

  private static MixtureState fitted(String family) {
    Random rnd = new Random(4);
    double[][] x = new double[N][];
    double[][] y = new double[N][1];
    for (int i = 0; i < N; i++) {
      double t = 4 * rnd.nextDouble() - 2;
      x[i] = new double[] {t, 1};
      y[i][0] = label(family, t, rnd);
    }
    MixtureState start = new MixtureState(create(family),
        new HyperModelDirichlet(2));
    return new EmEngine(InMemorySource.of(x, y, null), List.of(), new EmConfig().numInit(1)
        .maxIter(5).seed(2)).fit(start).state();
  }

  private static ObjectNode written(ExpertFamily experts) {
    ObjectNode node = StageWriter.JSON.createObjectNode();
    experts.writeParameters(new JsonParameters(node));
    return node;
  }

  @Test
  void everyRegisteredFamilyWarmStartsAsAWriteReadRoundTrip() {
    List<String> ids = ExpertFamilies.typeIds();
    assertTrue(ids.contains("laplace"), "the test family is registered: " + ids);
    for (String family : ids) {
      MixtureState given = fitted(family);
      ExpertFamily configured = create(family);
      assertNotEquals(written(given.experts()), written(configured), family);
      MixtureState start = Experts.startFrom(new Fitted(given, 1, false, 0), configured,
          given.gate().copy());
      assertEquals(written(given.experts()), written(start.experts()), family);
    }
  }

  @Test
  void anotherFamilyOrSizeIsRefused() {
    Fitted given = new Fitted(fitted("laplace"), 1, false, 0);
    IllegalArgumentException family = assertThrows(IllegalArgumentException.class,
        () -> Experts.startFrom(given, ExpertFamilies.create("gaussian", 2, 2, 1),
            new HyperModelDirichlet(2)));
    assertEquals("initialModel's experts (family 'laplace') are not of this fit's family"
        + " ('gaussian')", family.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> Experts.startFrom(given, ExpertFamilies.create("laplace", 3, 2, 1),
            new HyperModelDirichlet(3)));
    assertTrue(size.getMessage().startsWith("initialModel has 2 components, 2 coefficients"
        + " and 1 outputs; this fit needs 3, 2 and 1"), size.getMessage());
  }
}
