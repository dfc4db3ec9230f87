package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the jobs read off a formula themselves (the label side, the intercept, the column names,
 * a {@code .} written out) and the form of a computed column; the terms are RFormula's.
 */
class DesignTest {
  @Test
  void theLabelSideIsAColumnOrCbind() {
    Design.Formula f = Design.formula("y ~ x + f + x:f");
    assertEquals(List.of("y"), f.labels());
    assertEquals("x + f + x:f", f.terms());
    assertEquals(List.of("a", "b"), Design.formula("cbind(a, b) ~ x").labels());
    for (String bad : List.of("y x", "~ x", "y ~", "a + b ~ x", "y ~ x ~ z")) {
      assertThrows(UsageException.class, () -> Design.formula(bad), bad);
    }
  }

  @Test
  void minusOneAndPlusZeroDropTheInterceptAsInR() {
    assertTrue(Design.interceptIn("x + f"));
    assertTrue(Design.interceptIn("x + 1"));
    assertTrue(Design.interceptIn("x - 10"));
    assertFalse(Design.interceptIn("x - 1"));
    assertFalse(Design.interceptIn("x + 0"));
    assertFalse(Design.interceptIn("0 + x"));
    assertFalse(Design.interceptIn("x -1 + f"));
  }

  @Test
  void theColumnsNamedAndTheDotWrittenOut() {
    List<String> columns = List.of("y", "x", "f", "w");
    assertEquals("x + f", Design.expandDot(".", List.of("x", "f")));
    assertEquals("x + f - f", Design.expandDot(". - f", List.of("x", "f")));
    assertThrows(UsageException.class, () -> Design.expandDot("x - .", List.of("x")));
    assertEquals(List.of("x", "f"), Design.columnsOf("x * f + x:f - 1", columns, "t.csv"));
    String msg = assertThrows(UsageException.class,
        () -> Design.columnsOf("x + g", columns, "t.csv")).getMessage();
    assertEquals("--formula names column 'g', which is not in 't.csv'; its columns are y, x, f,"
        + " w", msg);
    assertThrows(UsageException.class, () -> Design.expandDot("x:.", List.of("x")));
    assertTrue(assertThrows(UsageException.class, () -> Design.columnsOf("x + I(x^2)", columns,
        "t.csv")).getMessage().contains("names function 'I'"));
  }

  @Test
  void aComputedColumnIsOneSqlExpressionUnderAName() {
    assertEquals("SELECT *, (log(Day)) AS `log_day` FROM __THIS__",
        Design.computed("log_day=log(Day)").getStatement());
    assertEquals("SELECT *, (a = b) AS `eq` FROM __THIS__",
        Design.computed("eq = a = b").getStatement());
    for (String bad : List.of("log(Day)", "2x=x*2", "x=", "my col=x")) {
      assertThrows(UsageException.class, () -> Design.computed(bad), bad);
    }
  }
}
