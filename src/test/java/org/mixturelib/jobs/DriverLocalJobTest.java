package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.Spark;

/**
 * The fit job's driver-local path for small CSV files ({@link InputTable#LOCAL_BYTES}) against
 * the Spark path forced with {@code -Dmixturelib.jobs.localBytes=0}: the same printed output
 * (summary, standard errors, bad-row counts, errors), the same saved parameters, and the saved
 * folder loads with Spark ML's {@code PipelineModel.load} and predicts the same; the local path
 * runs no Spark job over the rows between the read and the save.
 */
class DriverLocalJobTest {
  @TempDir
  static Path dir;

  /** One run of the job: what it printed, the stages' names of the Spark jobs it ran. */
  private record Run(JobsTest.Outcome outcome, List<String> jobs) {}

  private static Run run(boolean onSpark, String... args) {
    List<String> jobs = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        jobs.add(e.stageInfos().head().name());
      }
    };
    Spark.session().sparkContext().addSparkListener(listener);
    String old = System.getProperty(InputTable.LOCAL_BYTES);
    try {
      if (onSpark) {
        System.setProperty(InputTable.LOCAL_BYTES, "0");
      } else {
        System.clearProperty(InputTable.LOCAL_BYTES);
      }
      JobsTest.Outcome o = JobsTest.main(args);
      Spark.session().sparkContext().listenerBus().waitUntilEmpty();
      return new Run(o, List.copyOf(jobs));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    } finally {
      Spark.session().sparkContext().removeSparkListener(listener);
      if (old == null) {
        System.clearProperty(InputTable.LOCAL_BYTES);
      } else {
        System.setProperty(InputTable.LOCAL_BYTES, old);
      }
    }
  }

  /**
   * Fits on both paths into {@code name-spark} and {@code name-local}; checks the printed output
   * and the saved models; returns the local run.
   */
  private static Run both(String name, Path input, String... more) {
    List<String> outputs = new ArrayList<>();
    Run[] runs = new Run[2];
    for (int p = 0; p < 2; p++) {
      Path out = dir.resolve(name + (p == 0 ? "-spark" : "-local"));
      outputs.add(out.toString());
      List<String> args = new ArrayList<>(List.of("fit", "--input", input.toString(),
          "--output", out.toString(), "--overwrite"));
      args.addAll(List.of(more));
      runs[p] = run(p == 0, args.toArray(new String[0]));
    }
    JobsTest.Outcome spark = runs[0].outcome();
    JobsTest.Outcome local = runs[1].outcome();
    assertEquals(spark.code(), local.code(), local.err());
    assertEquals(spark.out(), local.out());
    assertEquals(lastLine(spark.err()), lastLine(local.err()));
    if (spark.code() == 0) {
      MixtureModel<?> a = mixture(outputs.get(0));
      MixtureModel<?> b = mixture(outputs.get(1));
      assertEquals(a.numComponents(), b.numComponents());
      assertMatrixEquals(a.coefficients(), b.coefficients());
      assertArrayEquals(a.intercepts().toArray(), b.intercepts().toArray());
      assertArrayEquals(a.noiseVariances().toArray(), b.noiseVariances().toArray());
      if (!List.of(more).contains("--bad-rows")) {
        Dataset<Row> rows = JobsTest.readCsv(input);
        List<Row> pa = PipelineModel.load(outputs.get(0)).transform(rows)
            .select("prediction").collectAsList();
        List<Row> pb = PipelineModel.load(outputs.get(1)).transform(rows)
            .select("prediction").collectAsList();
        assertEquals(pa, pb);
      }
      assertTrue(runs[1].jobs().size() < runs[0].jobs().size(), runs[1].jobs() + " vs "
          + runs[0].jobs());
      for (String job : runs[1].jobs()) {
        assertFalse(job.contains("SparkSource") || job.contains("treeAggregate"),
            "the local path ran " + runs[1].jobs());
      }
    }
    return runs[1];
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static MixtureModel<?> mixture(String folder) {
    org.apache.spark.ml.Transformer[] stages = PipelineModel.load(folder).stages();
    return (MixtureModel<?>) stages[stages.length - 1];
  }

  private static void assertMatrixEquals(Matrix a, Matrix b) {
    assertArrayEquals(a.toArray(), b.toArray());
  }

  @Test
  void tonedataWithTheDefaults() {
    String out = both("tone", Fixtures.shared().resolve("data/tonedata.csv"), "--label",
        "tuned", "--k", "2").outcome().out();
    assertTrue(out.contains("Estimates (observed information)"), out);
  }

  @Test
  void aFormulaWithAComputedColumnAndAFactor() {
    both("bio", Fixtures.shared().resolve("data/biochemists.csv"), "--formula",
        "art ~ fem + ment + l", "--column", "l=log(1 + phd)", "--family", "poisson", "--k",
        "2", "--num-init", "3");
  }

  @Test
  void groupedRows() {
    both("grouped", Fixtures.shared().resolve("data/npreg.csv"), "--label", "yn",
        "--features", "x", "--group", "id2", "--num-init", "3");
  }

  @Test
  void badRowsSkippedOrRefusedAlike() throws IOException {
    // a malformed row (a decimal comma), an empty count, a negative count, a NaN feature
    StringBuilder b = new StringBuilder("x,y\n");
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 120; i++) {
      double x = r.nextDouble();
      long y = Math.round(Math.exp(i % 2 == 0 ? 1 + x : 3 - x) + r.nextGaussian());
      b.append(x).append(',').append(Math.max(0, y)).append('\n');
      if (i == 10) {
        b.append("0,5,7\n");
      } else if (i == 20) {
        b.append("0.5,\n");
      } else if (i == 30) {
        b.append("0.5,-2\n");
      } else if (i == 40) {
        b.append("NaN,3\n");
      }
    }
    Path csv = Files.writeString(dir.resolve("bad.csv"), b.toString());
    String skipped = both("bad-skip", csv, "--formula", "y ~ x", "--family", "poisson",
        "--bad-rows", "skip", "--num-init", "3").outcome().out();
    assertTrue(skipped.contains("(4 bad rows dropped)"), skipped);
    JobsTest.Outcome refused = both("bad-error", csv, "--formula", "y ~ x", "--family",
        "poisson").outcome();
    assertTrue(refused.code() != 0 && refused.err().contains("malformed row"), refused.err());
  }
}
