package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.jobs.Main;
import org.mixturelib.support.Spark;

/**
 * flexmix's {@code Mehta} (44 rows in 22 sites, binomial with trials, k = 3) through the fit
 * job as a flexmix user runs it, against flexmix run by Rscript in the test: with the default
 * minPrior the two small components are removed as flexmix removes them, the job's output
 * names them and the log-likelihood is flexmix's; with {@code --min-prior 0} (flexmix's {@code
 * minprior = 0}) three components stay and the fit reaches at least flexmix's optimum. Skips
 * without Rscript and flexmix.
 */
class MehtaJobTest {
  @TempDir
  static Path dir;

  private static String fit(Path csv, String... more) {
    String[] base = {"fit", "--input", csv.toString(), "--formula", "Response ~ Drug",
        "--group", "Site", "--family", "binomial", "--trials", "Total", "--k", "3",
        "--output", dir.resolve("m").toString(), "--overwrite"};
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static double logLikelihood(String summary) {
    Matcher m = Pattern.compile("(?m)^log-likelihood\\s+(\\S+)$").matcher(summary);
    assertTrue(m.find(), summary);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void removedComponentsAreNamedAndMinPriorZeroKeepsThree() throws IOException {
    assumeTrue(FlexmixRscriptTest.hasFlexmix(), "Rscript with flexmix is absent; skipping");
    Spark.session();
    Path csv = dir.resolve("mehta.csv");
    String[] r = FlexmixRscriptTest.runScript(dir, "flexmix_mehta.R", csv.toString()).trim()
        .split("\n");
    String[] removing = r[0].trim().split(" ");
    String[] keeping = r[1].trim().split(" ");

    String s = fit(csv);
    int kept = Integer.parseInt(removing[2]);
    assertTrue(s.startsWith("Mixture of " + kept + " binomial regressions on 44 rows"), s);
    assertTrue(s.contains("note: " + (3 - kept) + " of 3 components removed below minPrior"
        + " 0.05: "), s);
    assertEquals(Double.parseDouble(removing[1]), logLikelihood(s), 1e-3, s);

    String all = fit(csv, "--min-prior", "0");
    assertEquals(3, Integer.parseInt(keeping[2]));
    assertTrue(all.startsWith("Mixture of 3 binomial regressions on 44 rows"), all);
    assertTrue(logLikelihood(all) >= Double.parseDouble(keeping[1]) - 1e-3, all + "\nflexmix "
        + keeping[1]);
  }
}
