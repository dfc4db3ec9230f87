package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilySettings;
import org.mixturelib.localmodels.GlmExperts;

/**
 * One penalised component against R's {@code glmnet} at fixed lambdas on planted, weighted data
 * (300 rows, 8 features, one of them on another scale), computed by Rscript in the test: the
 * Gaussian lasso, the Gaussian elastic net (alpha 0.5, on a label of unit sd: glmnet scales a
 * Gaussian label before its ridge part), the binomial lasso and elastic net (alpha 0.3), each
 * coefficient to 1e-6. Skips when Rscript or glmnet is missing.
 */
class ElasticNetGlmnetTest {
  @TempDir
  static Path dir;
  private static double[] r;
  private static double[][] x;
  private static double[] y;
  private static double[] yb;
  private static double[] w;

  @BeforeAll
  static void glmnet() throws IOException {
    assumeTrue(FlexmixRscriptTest.run(List.of("Rscript", "-e",
        "quit(status = if (requireNamespace('glmnet', quietly = TRUE)) 0 else 1)")) != null,
        "Rscript with the glmnet package is not installed; skipping");
    Path csv = dir.resolve("glmnet.csv");
    String[] out = FlexmixRscriptTest.runScript(dir, "glmnet_fixed.R", csv.toString()).trim()
        .split("\\s+");
    r = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      r[i] = Double.parseDouble(out[i]);
    }
    List<String> lines = Files.readAllLines(csv);
    int n = lines.size() - 1;
    x = new double[n][9];
    y = new double[n];
    yb = new double[n];
    w = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      y[i] = Double.parseDouble(f[0]);
      yb[i] = Double.parseDouble(f[1]);
      w[i] = Double.parseDouble(f[2]);
      for (int j = 0; j < 8; j++) {
        x[i][j] = Double.parseDouble(f[3 + j]);
      }
      x[i][8] = 1; // the intercept last, as the front ends put it
    }
  }

  /** Fits one component of the family with the penalty; its coefficients, intercept first. */
  private static double[] fit(String family, double[] label, String penalty, double alpha) {
    double[][] yy = new double[label.length][1];
    for (int i = 0; i < label.length; i++) {
      yy[i][0] = label[i];
    }
    InMemorySource data = InMemorySource.of(x, yy, w);
    FamilySettings s = FamilySettings.NONE.with("penalty", penalty)
        .with("alpha", Double.toString(alpha));
    GlmExperts experts = (GlmExperts) ExpertFamilies.create(family, 1, 9, 1, s);
    MixtureState model = new MixtureState(experts,
        new HyperModelDirichlet(new double[] {1}, false));
    FitResult fit = fitPenalised(data, model, new EmConfig().tol(1e-15).maxIter(500));
    double[] c = ((GlmExperts) fit.state().experts()).coefficients(0);
    double[] out = new double[9];
    out[0] = c[8];
    System.arraycopy(c, 0, out, 1, 8);
    return out;
  }

  /**
   * Fits, checking that the bound never decreased after the first iteration: the start's bound
   * weighs the penalty by the start's few rows, the others' by every row.
   */
  static FitResult fitPenalised(InMemorySource data, MixtureState model, EmConfig config) {
    FitResult fit = new EmEngine(data, List.of(), config).fit(model);
    double[] h = fit.boundHistory();
    for (int i = 2; i < h.length; i++) {
      assertTrue(h[i] >= h[i - 1] - 1e-9 * Math.abs(h[i - 1]), "bound decreased at iteration "
          + i + ": " + h[i - 1] + " -> " + h[i]);
    }
    return fit;
  }

  private static void check(double[] got, int from, String what) {
    double worst = 0;
    for (int j = 0; j < 9; j++) {
      assertEquals(r[from + j], got[j], 1e-8, what + ", coefficient " + j);
      assertEquals(r[from + j] == 0, got[j] == 0, what + ": coefficient " + j + " is "
          + got[j] + ", glmnet's " + r[from + j]);
      worst = Math.max(worst, Math.abs(r[from + j] - got[j]));
    }
    System.out.printf("glmnet %s: largest coefficient difference %.2e%n", what, worst);
  }

  @Test
  void gaussianLassoIsGlmnets() {
    check(fit("gaussian", y, "0.1", 1), 0, "gaussian lasso lambda 0.1");
  }

  @Test
  void gaussianElasticNetIsGlmnets() {
    double sw = 0;
    double swy = 0;
    for (int i = 0; i < y.length; i++) {
      sw += w[i];
      swy += w[i] * y[i];
    }
    double mean = swy / sw;
    double ss = 0;
    for (int i = 0; i < y.length; i++) {
      ss += w[i] * (y[i] - mean) * (y[i] - mean);
    }
    double sd = Math.sqrt(ss / sw);
    double[] ys = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      ys[i] = y[i] / sd;
    }
    check(fit("gaussian", ys, "0.05", 0.5), 9, "gaussian alpha 0.5 lambda 0.05");
  }

  @Test
  void binomialLassoIsGlmnets() {
    check(fit("binomial", yb, "0.02", 1), 18, "binomial lasso lambda 0.02");
  }

  @Test
  void binomialElasticNetIsGlmnets() {
    check(fit("binomial", yb, "0.05", 0.3), 27, "binomial alpha 0.3 lambda 0.05");
  }
}
