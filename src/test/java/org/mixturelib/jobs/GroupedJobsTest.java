package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;

/** {@code fit --group}: the summary counts groups, predict gives each row its group's posterior. */
class GroupedJobsTest {
  @TempDir
  static Path dir;

  @Test
  void fitWithAGroupAndPredictPerGroup() {
    Path npreg = Fixtures.shared().resolve("data/npreg.csv");
    Path model = dir.resolve("npreg-model");
    JobsTest.Outcome fit = JobsTest.ok("fit", "--input", npreg.toString(), "--label", "yn",
        "--features", "x", "--group", "id2", "--num-init", "3", "--output", model.toString());
    String s = fit.out();
    assertTrue(s.startsWith("Mixture of 2 linear regressions on 200 rows: yn ~ x | id2 (50"
        + " groups; sizes count groups)\n"), s);
    assertEquals(50, JobsTest.componentRow(s, 1)[2] + JobsTest.componentRow(s, 2)[2], 0, s);
    Path pred = dir.resolve("npreg-pred");
    JobsTest.ok("predict", model.toString(), "--input", npreg.toString(), "--output",
        pred.toString());
    List<Row> rows = JobsTest.readCsv(pred).select("id2", "resp_1", "component")
        .collectAsList();
    assertEquals(200, rows.size());
    Map<Object, Double> first = new HashMap<>();
    for (Row r : rows) {
      Double before = first.putIfAbsent(r.get(0), r.getDouble(1));
      if (before != null) {
        assertEquals(before, r.getDouble(1), 1e-12, "group " + r.get(0));
      }
    }
    assertEquals(50, first.size());
  }
}
