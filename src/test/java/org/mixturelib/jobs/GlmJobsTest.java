package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.componentRow;
import static org.mixturelib.jobs.JobsTest.figure;
import static org.mixturelib.jobs.JobsTest.main;
import static org.mixturelib.jobs.JobsTest.ok;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.SharedCsv;

/**
 * The fit job's GLM options: {@code --family}, {@code --link}, {@code --offset}, and their bad
 * input.
 */
class GlmJobsTest {
  @TempDir
  static Path dir;

  /** npreg's {@code x, yp} with an offset column {@code off} of the given constant. */
  private static Path npregCounts(String name, double offset, int badRow) throws IOException {
    SharedCsv csv = SharedCsv.data("npreg.csv");
    double[] x = csv.column("x");
    double[] y = csv.column("yp");
    StringBuilder b = new StringBuilder("x,yp,off\n");
    for (int i = 0; i < x.length; i++) {
      b.append(String.format(Locale.ROOT, "%.17g,%d,%.17g%n", x[i],
          i == badRow ? -1 : (int) y[i], offset));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, b.toString());
    return file;
  }

  @Test
  void poissonFitOfNpregReachesFlexmixsLikelihoodWithAnOffsetThatIsNotAFeature()
      throws IOException {
    // a constant offset log 2 shifts each intercept by -log 2 and leaves the likelihood alone
    Path in = npregCounts("npreg-counts.csv", Math.log(2), -1);
    Path report = dir.resolve("report");
    String s = ok("fit", "--input", in.toString(), "--label", "yp", "--family", "poisson",
        "--offset", "off", "--k", "2", "--output", dir.resolve("model").toString(),
        "--report", report.toString()).out();
    assertTrue(s.startsWith("Mixture of 2 Poisson regressions on 200 rows: yp ~ x\n"), s);
    // flexmix 2.3-18, 20 restarts: -440.6408; our maximum -440.6403 (../shared/data/README.md)
    assertEquals(-440.6405, figure(s, "log-likelihood"), 1e-3, s);
    assertTrue(s.contains("component  weight  size  (intercept)        x\n"), s);
    assertTrue(s.contains("family poisson: coefficients on the log link scale, no dispersion\n"),
        s);
    // truth: exp(2 - 0.2 x) and exp(1 + 0.1 x); the offset takes log 2 off each intercept
    double[] a = componentRow(s, 1);
    double[] b = componentRow(s, 2);
    double[] down = a[4] < b[4] ? a : b;
    double[] up = a[4] < b[4] ? b : a;
    assertEquals(2 - Math.log(2), down[3], 0.3, s);
    assertEquals(-0.2, down[4], 0.05, s);
    assertEquals(1 - Math.log(2), up[3], 0.3, s);
    assertEquals(0.1, up[4], 0.05, s);
    assertEquals(200, a[2] + b[2], 0.0, s);
    assertTrue(Files.size(report.resolve("experts.png")) > 1000);
  }

  @Test
  void unknownFamilyAndNegativeCountExitTwoNamingTheOptionOrColumn() throws IOException {
    Path in = npregCounts("npreg-bad.csv", 0, 17);
    JobsTest.Outcome typo = main("fit", "--input", in.toString(), "--label", "yp",
        "--family", "poison", "--output", dir.resolve("typo").toString());
    assertEquals(2, typo.code(), typo.err());
    assertTrue(typo.err().contains("--family must be one of gaussian, poisson, binomial, gamma,"
        + " negbin") && typo.err().contains("got 'poison'"), typo.err());
    JobsTest.Outcome negative = main("fit", "--input", in.toString(), "--label", "yp",
        "--family", "poisson", "--output", dir.resolve("negative").toString());
    assertEquals(2, negative.code(), negative.err());
    assertTrue(negative.err().startsWith("error: column 'yp'"), negative.err());
    assertFalse(negative.err().contains("\n\t"), negative.err());
    assertFalse(Files.exists(dir.resolve("negative")));
  }

  /**
   * {@code --family negbin} on R's biochemists data with one component is MASS::glm.nb's fit
   * (theta 2.26439, log-likelihood -1560.9583; NegativeBinomialTest checks it against R), and
   * the summary asks the experts for their name, link and theta; a link the family does not
   * take is refused naming link and family.
   */
  @Test
  void negbinThroughTheJobIsGlmNbAndARefusedLinkIsNamed() throws IOException {
    Path in = Files.copy(org.mixturelib.support.Fixtures.shared().resolve("data")
        .resolve("biochemists.csv"), dir.resolve("biochemists.csv"));
    String s = ok("fit", "--input", in.toString(), "--formula",
        "art ~ fem + mar + kid5 + phd + ment", "--family", "negbin", "--link", "log", "--k", "1",
        "--tol", "1e-12", "--max-iter", "2000", "--output", dir.resolve("nb").toString()).out();
    assertTrue(s.startsWith("Mixture of 1 negative binomial regressions on 915 rows"), s);
    assertTrue(s.contains("family negbin: coefficients on the log link scale, theta per"
        + " component\n"), s);
    assertEquals(-1560.9583, figure(s, "log-likelihood"), 1e-3, s);
    assertTrue(s.contains("theta"), s);
    assertTrue(componentRow(s, 1)[3] > 2.264 && componentRow(s, 1)[3] < 2.265, s);
    JobsTest.Outcome refused = main("fit", "--input", in.toString(), "--formula",
        "art ~ phd", "--family", "negbin", "--link", "logit", "--output",
        dir.resolve("refused").toString());
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("link 'logit' is not supported with family 'negbin'"),
        refused.err());
  }
}
