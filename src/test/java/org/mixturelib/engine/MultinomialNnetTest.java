package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.MultinomialExperts;

/**
 * One multinomial-logit component against R's {@code nnet::multinom} on MASS's {@code housing}
 * data ({@code Sat ~ Infl + Type + Cont}, weighted by {@code Freq}: the example of Venables and
 * Ripley), computed in the test with Rscript (skipped when Rscript, MASS or nnet is missing):
 * coefficients to 1e-4, the log-likelihood to 1e-6 and the standard errors (observed
 * information against nnet's Hessian) to 1e-3 relative.
 */
class MultinomialNnetTest {
  @TempDir
  static Path dir;

  @Test
  void housingMatchesNnet() throws IOException {
    assumeTrue(FlexmixRscriptTest.run(List.of("Rscript", "-e", "quit(status = if (all(sapply("
        + "c('MASS', 'nnet'), requireNamespace, quietly = TRUE))) 0 else 1)")) != null,
        "Rscript with MASS and nnet is not installed; skipping");
    FlexmixRscriptTest.runScript(dir, "multinom_housing.R", dir.toString());
    List<String> rows = Files.readAllLines(dir.resolve("housing.csv"));
    int n = rows.size() - 1;
    int d = rows.get(0).split(",").length - 2;
    double[][] x = new double[n][d];
    double[][] y = new double[n][1];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double[] v = numbers(rows.get(i + 1));
      System.arraycopy(v, 0, x[i], 0, d);
      y[i][0] = v[d];
      w[i] = v[d + 1];
    }
    List<String> fit = Files.readAllLines(dir.resolve("fit.csv"));
    double[] coef = numbers(fit.get(0));
    double[] se = numbers(fit.get(1));
    double logLik = Double.parseDouble(fit.get(2).trim());

    InMemorySource data = InMemorySource.of(x, y, w);
    MultinomialExperts experts = new MultinomialExperts(1, d, List.of("Low", "Medium", "High"));
    FitResult ours = Models.fit(data, new MixtureState(experts,
        new HyperModelDirichlet(new double[] {1}, false)), new EmConfig().tol(1e-12));
    MultinomialExperts fitted = (MultinomialExperts) ours.state().experts();
    double[] b = fitted.coefficients(0);
    System.out.println("ours " + Arrays.toString(b) + " at " + ours.logLikelihood()
        + "; nnet " + Arrays.toString(coef) + " at " + logLik);
    assertEquals(logLik, ours.logLikelihood(), 1e-6);
    for (int j = 0; j < coef.length; j++) {
      assertEquals(coef[j], b[j], 1e-4, "coefficient " + j);
    }
    StandardErrors errors = ObservedInformation.compute(data, ours.state());
    for (int j = 0; j < se.length; j++) {
      double ourSe = errors.standardError(errors.layout().expert(0, j));
      assertEquals(se[j], ourSe, 1e-3 * se[j], "standard error " + j);
    }
  }

  private static double[] numbers(String line) {
    return Arrays.stream(line.split(",")).mapToDouble(s -> Double.parseDouble(s.trim()))
        .toArray();
  }
}
