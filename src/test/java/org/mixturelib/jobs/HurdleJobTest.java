package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.figure;
import static org.mixturelib.jobs.JobsTest.ok;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;

/**
 * The fit job's hurdle families and {@code --zero} on bioChemists, as {@code pscl::hurdle}: the
 * zero part's formula with a factor, its terms named as R names them.
 */
class HurdleJobTest {
  @TempDir
  static Path dir;

  /**
   * pscl 1.5: {@code hurdle(art ~ fem + mar + kid5 + phd + ment | fem + ment, dist = "negbin")}
   * has log-likelihood -1556.229245 and hurdle coefficients 0.3455674764 (intercept),
   * -0.1944469022 (femWomen), 0.08034491184 (ment).
   */
  @Test
  void zeroFormulaWithAFactorReachesPsclsHurdle() {
    String in = Fixtures.shared().resolve("data").resolve("biochemists.csv").toString();
    String s = ok("fit", "--input", in, "--formula", "art ~ fem + mar + kid5 + phd + ment",
        "--family", "hurdlenegbin", "--zero", "~ fem + ment", "--k", "1", "--tol", "1e-12",
        "--max-iter", "5000", "--output", dir.resolve("model").toString()).out();
    assertEquals(-1556.229245, figure(s, "log-likelihood"), 1e-4, s);
    assertTrue(s.contains("hurdle of component 1  (Intercept)"), s);
    assertTrue(s.matches("(?s).*\\n\\s+femWomen\\s+-0\\.194\\d*\\s.*"), s);
    assertTrue(s.matches("(?s).*\\n\\s+ment\\s+0\\.0803\\d*\\s.*"), s);
    assertTrue(s.contains("| fem + ment"), s);
  }

  @Test
  void zeroNeedsAFamilyWithAZeroPart() {
    String in = Fixtures.shared().resolve("data").resolve("biochemists.csv").toString();
    JobsTest.Outcome o = JobsTest.main("fit", "--input", in, "--formula", "art ~ ment",
        "--family", "poisson", "--zero", "~ ment", "--output", dir.resolve("m2").toString());
    assertTrue(o.code() != 0);
    String err = o.err();
    assertTrue(err.contains("--zero applies to a family with a zero part") && err.contains(
        "hurdlepoisson"), err);
  }
}
