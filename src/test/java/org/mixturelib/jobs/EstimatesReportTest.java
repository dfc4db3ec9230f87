package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fit job's table of estimates with standard errors, z and p, and the report's figure of
 * the intervals, on two planted lines (y = 1 + 2x and y = 8 - x, sd 0.5, weights 0.6 / 0.4).
 */
class EstimatesReportTest {
  @TempDir
  static Path dir;

  @Test
  void theSummaryTablesTheErrorsAndTheReportDrawsTheIntervals() throws IOException {
    Path csv = JobsTest.writeLinesCsv(dir.resolve("lines.csv"), 300, 11);
    Path report = dir.resolve("report");
    String s = JobsTest.ok("fit", "--input", csv.toString(), "--label", "y", "--features",
        "x", "--k", "2", "--num-init", "2", "--output", dir.resolve("model").toString(),
        "--report", report.toString()).out();
    assertTrue(s.contains("Estimates (observed information)"), s);
    List<String[]> slopes = s.lines().map(l -> l.trim().split("\\s+"))
        .filter(f -> f.length >= 5 && f[f.length - 5].equals("x")).toList();
    assertEquals(2, slopes.size(), s);
    for (int c = 0; c < 2; c++) {
      String[] f = slopes.get(c);
      int at = f.length - 4;
      double estimate = Double.parseDouble(f[at]);
      double se = Double.parseDouble(f[at + 1]);
      double z = Double.parseDouble(f[at + 2]);
      // the table rounds the error to four decimals
      assertEquals(estimate / se, z, Math.abs(z) * 0.6e-4 / se, s);
      // least squares on the component's rows: sd / sqrt(n_k var(x)), x uniform on [0, 10]
      double size = JobsTest.componentRow(s, c + 1)[2];
      double expected = 0.5 / Math.sqrt(size * 100.0 / 12);
      assertEquals(expected, se, 0.2 * expected, s);
    }
    assertTrue(s.contains("mixing weights"), s);
    assertTrue(Files.size(report.resolve("intervals.png")) > 1000);
    String md = Files.readString(report.resolve("report.md"));
    assertTrue(md.contains("![confidence intervals](intervals.png)"), md);
    assertTrue(md.contains("| std. error |"), md);
    // every row of a table has its header's cells: Pr(>|z|)'s bars escaped, not cell breaks
    assertTrue(md.contains("| Pr(>\\|z\\|) |"), md);
    int cells = -1;
    for (String line : md.lines().toList()) {
      if (!line.startsWith("|")) {
        cells = -1;
        continue;
      }
      int n = line.replace("\\|", "").split("\\|", -1).length;
      if (cells < 0) {
        cells = n;
      }
      assertEquals(cells, n, "a table row with another number of cells: " + line + "\n" + md);
    }
  }
}
