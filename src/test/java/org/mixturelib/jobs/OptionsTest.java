package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Command-line parsing: values, switches, positional arguments, and the messages of mistakes. */
class OptionsTest {
  private static final Set<String> VALUED = Set.of("k", "input", "select", "gate", "tol",
      "features");
  private static final Set<String> FLAGS = Set.of("overwrite");

  private static Options parse(String... args) {
    return Options.parse("fit", args, VALUED, FLAGS);
  }

  private static String error(String... args) {
    return assertThrows(UsageException.class, () -> {
      Options o = parse(args);
      o.integer("k", 2, 1);
      o.range("select");
      o.choice("gate", "none", "none", "linear");
      o.positive("tol", 1e-6);
      o.list("features");
      o.maxPositional(1);
    }).getMessage();
  }

  @Test
  void valuesSwitchesAndPositionals() {
    Options o = parse("model", "--k", "3", "--input=data.csv", "--overwrite", "--features",
        "a, b,,c");
    assertEquals(3, o.integer("k", 2, 1));
    assertEquals("data.csv", o.required("input"));
    assertTrue(o.flag("overwrite"));
    assertEquals(List.of("model"), o.positional());
    assertEquals(List.of("a", "b", "c"), o.list("features"));
    assertEquals("none", o.choice("gate", "none", "none", "linear"));
    assertNull(o.list("nothing"));
    assertFalse(o.has("gate"));
  }

  @Test
  void rangesOfK() {
    assertArrayEquals(new int[] {1, 6}, parse("--select", "1..6").range("select"));
    assertArrayEquals(new int[] {2, 4}, parse("--select", " 2 .. 4 ").range("select"));
    assertArrayEquals(new int[] {1, 5}, parse("--select", "5").range("select"));
    assertNull(parse().range("select"));
  }

  @Test
  void mistakesNameTheOptionAndWhatWasExpected() {
    assertEquals("fit: unknown option --kk; expected one of --features, --gate, --input, --k,"
        + " --overwrite, --select, --tol", error("--kk", "3"));
    assertEquals("fit: --k needs a value", error("--k"));
    assertEquals("fit: --k needs a value", error("--k", "--overwrite"));
    assertEquals("fit: --k must be an integer, got 'three'", error("--k", "three"));
    assertEquals("fit: --k must be >= 1, got 0", error("--k", "0"));
    assertEquals("fit: --k is given twice", error("--k", "2", "--k", "3"));
    assertEquals("fit: --overwrite takes no value", error("--overwrite=yes"));
    assertEquals("fit: --select must be a range like 1..6, got '1-6'", error("--select",
        "1-6"));
    assertEquals("fit: --select must be a range lo..hi with 1 <= lo <= hi, got '4..2'",
        error("--select", "4..2"));
    assertEquals("fit: --gate must be one of none, linear; got 'mlp'", error("--gate", "mlp"));
    assertEquals("fit: --tol must be a finite number > 0, got -1", error("--tol", "-1"));
    assertEquals("fit: --features needs at least one name", error("--features", ","));
    assertEquals("fit: unexpected arguments b c", error("a", "b", "c"));
    assertEquals("fit: --input is required", assertThrows(UsageException.class,
        () -> parse().required("input")).getMessage());
  }

  @Test
  void choicesIgnoreCase() {
    assertEquals("linear", parse("--gate", "LINEAR").choice("gate", "none", "none", "linear"));
  }

  @Test
  void aRepeatableOptionKeepsEveryValueInOrderAndOthersStillRefuseTwo() {
    Options o = Options.parse("fit", new String[] {"--column", "a=x*x", "--k", "2",
        "--column=b=log(a)"}, Set.of("column", "k"), FLAGS, Set.of("column"));
    assertEquals(List.of("a=x*x", "b=log(a)"), o.all("column"));
    assertEquals(List.of(), o.all("k"));
    assertEquals("fit: --k is given twice", assertThrows(UsageException.class,
        () -> Options.parse("fit", new String[] {"--k", "2", "--k", "3"}, Set.of("column", "k"),
            FLAGS, Set.of("column"))).getMessage());
  }
}
