package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.inference.ObservedInformation;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.GlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseModel;
import org.mixturelib.support.SharedCsv;

/**
 * flexmix's own examples of {@code FLXMRglmfix}, run by {@code Rscript} in the test (skipped
 * without R and flexmix), each with flexmix's concomitant model {@code FLXPmultinom(~ w)}:
 *
 * <ul>
 *   <li>NregFix: {@code FLXMRglmfix(~ 1, fixed = ~ x2, nested = list(k = c(2, 1), formula =
 *       c(~ x1, ~ 0)))}, k = 3: x2's effect common to all components, x1's to components 1 and
 *       2, none in component 3; with a variance per component (flexmix's default) and with
 *       {@code varFix = TRUE} (one variance);
 *   <li>BregFix: binomial {@code cbind(yes, no) ~ 1} with {@code nested = list(formula = c(~ x,
 *       ~ 0), k = c(2, 1))}.
 * </ul>
 *
 * <p>For each: our log-likelihood of flexmix's fitted model is flexmix's {@code logLik} (the
 * same model, data and constants); our EM from flexmix's parameters and from our own starts
 * reaches at least flexmix's log-likelihood, to 1e-4 relative of it where flexmix's M-step is
 * exact (binomial; Gaussian with one variance, whose only difference is flexmix's
 * degrees-of-freedom correction of sigma; measured 1.9e-7 and 3.8e-6), above it with a
 * variance per component (flexmix's M-step is not the maximum there; measured 3.3e-5); the
 * shared coefficients agree; and our estimates and standard errors (observed information)
 * agree with flexmix's {@code refit} (optim's maximum and its numerical Hessian): estimates to
 * 2e-3, errors to 1e-3 relative (measured at most 2.1e-4).
 */
class GlmfixFlexmixTest {
  @TempDir
  static Path dir;

  /** What the R script prints. */
  private record Flexmix(double logLik, double[][] experts, double[][] gate, List<String> names,
      double[] refit, double[] refitErrors, SharedCsv data) {}

  private static Flexmix flexmix(String example) throws IOException {
    Path csv = dir.resolve(example + ".csv");
    String out = FlexmixRscriptTest.runScript(dir, "flexmix_glmfix.R", example, csv.toString(),
        "5", "1");
    String[] lines = out.trim().split("\n");
    double[][] experts = new double[3][];
    double[][] gate = new double[3][];
    for (int c = 0; c < 3; c++) {
      experts[c] = numbers(lines[1 + c]);
      gate[c] = numbers(lines[4 + c]);
    }
    List<String> names = new ArrayList<>();
    String[] est = lines[8].trim().split("\\s+");
    String[] err = lines[9].trim().split("\\s+");
    double[] refit = new double[est.length];
    double[] refitErrors = new double[est.length];
    for (int j = 0; j < est.length; j++) {
      int at = est[j].lastIndexOf('=');
      names.add(est[j].substring(0, at));
      refit[j] = Double.parseDouble(est[j].substring(at + 1));
      refitErrors[j] = Double.parseDouble(err[j].substring(err[j].lastIndexOf('=') + 1));
    }
    return new Flexmix(Double.parseDouble(lines[0].trim()), experts, gate, names, refit,
        refitErrors, SharedCsv.read(csv));
  }

  private static double[] numbers(String line) {
    String[] v = line.trim().split("\\s+");
    double[] out = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = Double.parseDouble(v[j]);
    }
    return out;
  }

  /** Rows of the given columns with an intercept first, the gate reading w. */
  private static List<Block> blocks(SharedCsv csv, String label, double[] trials,
      String... columns) {
    int n = csv.size();
    double[][] x = new double[n][columns.length + 1];
    double[][] y = new double[n][1];
    double[][] g = new double[n][1];
    double[] w = csv.column("w");
    double[] yy = csv.column(label);
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 0; j < columns.length; j++) {
        x[i][j + 1] = csv.column(columns[j])[i];
      }
      y[i][0] = yy[i];
      g[i][0] = w[i];
    }
    List<Block> blocks = BlockBuilder.fromArrays(x, y, null, g, BlockBuilder.DEFAULT_CAPACITY);
    if (trials == null) {
      return blocks;
    }
    List<Block> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(b.withTrials(java.util.Arrays.copyOfRange(trials, (int) b.firstRow,
          (int) b.firstRow + b.n)));
    }
    return out;
  }

  /** flexmix's concomitant model {@code log(pi_c / pi_1) = a_c + b_c w} as our linear gate. */
  private static LinearGate gate(double[][] flexmix) {
    LinearGate g = new LinearGate(1, 3);
    double[] p = new double[1 * 3 + 3];
    for (int c = 0; c < 3; c++) {
      p[c] = flexmix[c][1];
      p[3 + c] = flexmix[c][0];
    }
    g.setParameters(p);
    return g;
  }

  /** Flexmix's fitted model in ours, scored, refitted from there and from our own starts. */
  private static void compare(String example, Flexmix r, InMemorySource data,
      MixtureState configured, boolean exact, String[] errorPositions) {
    MixtureState theirs = configured.copy();
    ExpertFamily experts = theirs.experts();
    int d = experts.numFeatures();
    for (int c = 0; c < 3; c++) {
      double[] w = java.util.Arrays.copyOf(r.experts()[c], d);
      if (experts instanceof LinearExperts g) {
        g.setCoefficients(c, w);
        double sigma = r.experts()[c][d];
        g.setNoiseVariance(c, sigma * sigma);
      } else {
        ((GlmExperts) experts).setCoefficients(c, w);
      }
    }
    theirs = new MixtureState(experts, gate(r.gate()));
    EmEngine engine = new EmEngine(data, List.of(), new EmConfig());
    double atTheirs = engine.logLikelihood(theirs);
    assertEquals(r.logLik(), atTheirs, 1e-6 * Math.abs(r.logLik()),
        example + ": our log-likelihood of flexmix's model");

    FitResult fromTheirs = Models.fit(data, theirs,
        new EmConfig().initMode(InitMode.GIVEN).tol(1e-12).maxIter(5000).perturbations(0));
    FitResult ours = Models.fit(data, configured.copy(), new EmConfig().tol(1e-10));
    double rel = (fromTheirs.logLikelihood() - r.logLik()) / Math.abs(r.logLik());
    System.out.printf(Locale.ROOT, "%s: flexmix %.6f, ours from flexmix's fit %.6f (+%.2e"
        + " relative), ours from our starts %.6f%n", example, r.logLik(),
        fromTheirs.logLikelihood(), rel, ours.logLikelihood());
    assertTrue(rel >= -1e-9, example + ": EM from flexmix's fit went down");
    if (exact) {
      assertTrue(rel <= 1e-4, example + ": " + rel);
    }
    assertTrue(ours.logLikelihood() >= fromTheirs.logLikelihood()
        - 1e-6 * Math.abs(r.logLik()), example + ": our starts reach " + ours.logLikelihood());
    // the coefficients: flexmix's, one shared value in the components that share it
    LinearPredictors fitted = (LinearPredictors) fromTheirs.state().experts();
    for (int c = 0; c < 3; c++) {
      double[] w = fitted.coefficients(c);
      for (int j = 0; j < d; j++) {
        assertEquals(r.experts()[c][j], w[j], exact ? 2e-3 : 0.05,
            example + ": component " + (c + 1) + " coefficient " + j);
      }
    }
    assertEquals(fitted.coefficients(0)[1], fitted.coefficients(1)[1], 0);
    assertEquals(0, fitted.coefficients(2)[1], 0);

    StandardErrors se = ObservedInformation.compute(data, fromTheirs.state());
    assertTrue(se.warnings().isEmpty(), se.warnings().toString());
    double worst = 0;
    for (int j = 0; j < errorPositions.length; j++) {
      String[] at = errorPositions[j].split(",");
      int c = Integer.parseInt(at[1]);
      int t = Integer.parseInt(at[2]);
      int p = at[0].equals("g") ? se.layout().gate(c, t) : se.layout().expert(c, t);
      double ours2 = se.standardError(p);
      double estimate = se.estimate(p);
      if (at[0].equals("s")) { // flexmix's log sigma: se(log sigma) = se(sigma²) / (2 sigma²)
        ours2 /= 2 * estimate;
        estimate = Math.log(estimate) / 2;
      }
      // refit's optim maximises the likelihood too: the same estimates
      assertEquals(r.refit()[j], estimate, 2e-3, example + ": " + r.names().get(j));
      double diff = Math.abs(ours2 / r.refitErrors()[j] - 1);
      worst = Math.max(worst, diff);
      System.out.printf(Locale.ROOT, "  %-34s ours %.6f refit %.6f (%.1e)%n",
          r.names().get(j), ours2, r.refitErrors()[j], diff);
      assertEquals(r.refitErrors()[j], ours2, 1e-3 * r.refitErrors()[j],
          example + ": standard error of " + r.names().get(j));
    }
    System.out.printf(Locale.ROOT, "  %s: largest relative difference to refit's errors"
        + " %.1e%n", example, worst);
  }

  private static CoefficientStructure nregStructure() {
    return CoefficientStructure.of(3, 3, new int[] {2},
        List.of(new CoefficientStructure.Group(new int[] {0, 1}, new int[] {1})));
  }

  private static MixtureState nreg(NoiseModel noise) {
    LinearExperts e = new LinearExperts(3, 3, 1);
    e.setNoiseModel(noise);
    e.setCoefficientStructure(nregStructure());
    return new MixtureState(e, new LinearGate(1, 3));
  }

  private static final String[] NREG_GATE = {"g,1,0", "g,1,1", "g,2,0", "g,2,1"};

  @Test
  void nregFixWithAVariancePerComponent() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    Flexmix r = flexmix("NregFix");
    InMemorySource data = new InMemorySource(blocks(r.data(), "y", null, "x1", "x2"));
    // flexmix's M-step weights the components alike (lm.wfit) whatever their variances and
    // corrects sigma for degrees of freedom: not the maximum, which ours reaches above it
    compare("NregFix", r, data, nreg(NoiseModel.PER_COMPONENT), false, concat(new String[] {
        "e,0,2", "e,0,1", "e,0,0", "e,1,0", "e,2,0", "s,0,3", "s,1,3", "s,2,3"}, NREG_GATE));
  }

  @Test
  void nregFixWithOneVariance() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    Flexmix r = flexmix("NregFixVarFix");
    InMemorySource data = new InMemorySource(blocks(r.data(), "y", null, "x1", "x2"));
    compare("NregFix varFix", r, data, nreg(NoiseModel.SHARED), true, concat(new String[] {
        "e,0,2", "e,0,1", "e,0,0", "e,1,0", "e,2,0", "s,0,3"}, NREG_GATE));
  }

  @Test
  void bregFixBinomial() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    Flexmix r = flexmix("BregFix");
    double[] yes = r.data().column("yes");
    double[] no = r.data().column("no");
    double[] trials = new double[yes.length];
    for (int i = 0; i < yes.length; i++) {
      trials[i] = yes[i] + no[i];
    }
    InMemorySource data = new InMemorySource(blocks(r.data(), "yes", trials, "x"));
    GlmExperts e = new GlmExperts(GlmFamily.BINOMIAL, 3, 2);
    e.setCoefficientStructure(CoefficientStructure.of(3, 2, new int[0],
        List.of(new CoefficientStructure.Group(new int[] {0, 1}, new int[] {1}))));
    compare("BregFix", r, data, new MixtureState(e, new LinearGate(1, 3)), true,
        concat(new String[] {"e,0,1", "e,0,0", "e,1,0", "e,2,0"}, NREG_GATE));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
