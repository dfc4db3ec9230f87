package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.localmodels.TobitExperts;

/**
 * One censored normal component against R's {@code AER::tobit} on AER's {@code Affairs} data
 * (601 rows, 451 left-censored at 0), computed by Rscript in the test: coefficients, {@code
 * log(scale)}, log-likelihood and standard errors. Skips when Rscript or AER is missing.
 */
class TobitAerTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void needsAer() {
    assumeTrue(FlexmixRscriptTest.run(List.of("Rscript", "-e",
        "quit(status = if (requireNamespace('AER', quietly = TRUE)) 0 else 1)")) != null,
        "Rscript with the AER package is not installed; skipping");
  }

  @Test
  void oneComponentIsAerTobit() throws IOException {
    Path csv = dir.resolve("affairs.csv");
    String[] out = FlexmixRscriptTest.runScript(dir, "tobit_affairs.R", csv.toString()).trim()
        .split("\\s+");
    double[] r = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      r[i] = Double.parseDouble(out[i]);
    }
    List<String> lines = Files.readAllLines(csv);
    int n = lines.size() - 1;
    double[][] x = new double[n][6];
    double[][] y = new double[n][1];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      y[i][0] = Double.parseDouble(f[0]);
      x[i][0] = 1;
      for (int j = 1; j < 6; j++) {
        x[i][j] = Double.parseDouble(f[j]);
      }
    }
    InMemorySource data = InMemorySource.of(x, y, null);
    MixtureState model = new MixtureState(new TobitExperts(1, 6, 0, Double.POSITIVE_INFINITY,
        NoiseModel.PER_COMPONENT), new HyperModelDirichlet(new double[] {1}, false));
    FitResult fit = Models.fit(data, model, new EmConfig().tol(1e-14).maxIter(200));
    TobitExperts t = (TobitExperts) fit.state().experts();
    double[] w = t.coefficients(0);
    for (int j = 0; j < 6; j++) {
      assertEquals(r[j], w[j], 1e-5, "coefficient " + j);
    }
    assertEquals(r[6], Math.log(t.sigmas()[0]), 1e-5, "log sigma");
    assertEquals(r[7], fit.logLikelihood(), 1e-6, "log-likelihood");
    StandardErrors se = ObservedInformation.compute(data, fit.state());
    for (int j = 0; j < 7; j++) {
      int at = se.layout().expert(0, j);
      assertEquals(r[8 + j], se.standardError(at), 1e-4 * r[8 + j], "standard error " + j);
    }
    System.out.printf("AER::tobit on Affairs: %d iterations, log-likelihood %.8f (R %.8f)%n",
        fit.iterations(), fit.logLikelihood(), r[7]);
  }
}
