package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixturelib.jobs.JobsTest.ok;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.LogCapture;

/**
 * The jobs' default zero part (an intercept) with {@code --k 2} and constant weights is a model
 * the data do not identify: the summary's notes say so and the log warns once; a zero part
 * with a column of its own, or one component, draws no such note.
 */
class UnidentifiedZeroPartJobTest {
  @TempDir
  static Path dir;

  private static final String NOTE = "not identified: with 2 components of constant weights"
      + " and an intercept-only zero part";

  private static String fit(String name, String... more) {
    String in = Fixtures.shared().resolve("data").resolve("biochemists.csv").toString();
    List<String> args = new java.util.ArrayList<>(List.of("fit", "--input", in, "--formula",
        "art ~ kid5 + ment", "--family", "zipoisson", "--max-iter", "100", "--num-init", "2",
        "--output", dir.resolve(name).toString()));
    args.addAll(List.of(more));
    return ok(args.toArray(new String[0])).out();
  }

  @Test
  void anInterceptOnlyZeroPartWithTwoComponentsIsNoted() {
    String s;
    List<String> warned;
    try (LogCapture log = new LogCapture()) {
      s = fit("two", "--k", "2");
      warned = log.matching(NOTE);
    }
    assertTrue(s.contains(NOTE), s);
    assertEquals(1, s.split(java.util.regex.Pattern.quote(NOTE), -1).length - 1, s);
    assertEquals(1, warned.size(), "log: " + warned);
  }

  @Test
  void aZeroPartWithItsOwnColumnOrOneComponentIsNotNoted() {
    assertFalse(fit("with-zero", "--k", "2", "--zero", "~ ment").contains("not identified"));
    assertFalse(fit("one", "--k", "1").contains("not identified"));
  }
}
