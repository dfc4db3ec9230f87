package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.figure;
import static org.mixturelib.jobs.JobsTest.ok;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import org.mixturelib.support.Fixtures;

/** The fit job's {@code --family zipoisson} on bioChemists, as {@code pscl::zeroinfl}. */
class ZeroInflatedJobTest {
  @TempDir
  static Path dir;

  @Test
  void oneComponentReachesPsclsLikelihoodAndReportsTheZeroPart() {
    String in = Fixtures.shared().resolve("data").resolve("biochemists.csv").toString();
    String s = ok("fit", "--input", in, "--formula", "art ~ fem + mar + kid5 + phd + ment",
        "--family", "zipoisson", "--k", "1", "--tol", "1e-12", "--max-iter", "5000",
        "--output", dir.resolve("model").toString()).out();
    // pscl 1.5: zeroinfl(art ~ . | 1, data = bioChemists) has log-likelihood -1620.78396649
    assertEquals(-1620.78397, figure(s, "log-likelihood"), 1e-4, s);
    assertTrue(s.contains("zero part of component 1  (Intercept)"), s);
  }
}
