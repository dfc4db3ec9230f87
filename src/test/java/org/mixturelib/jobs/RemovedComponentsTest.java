package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.engine.FitResult;
import org.mixturelib.ml.MixtureOfRegressions;
import org.mixturelib.ml.MixtureOfRegressionsModel;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.Spark;

/**
 * Issue 24 item 1 and issue 25's minPrior as a user meets them: a fit that removes components
 * below minPrior names them on stdout and in the summary, and leaves a model whose k, data,
 * summary and scores agree, which saves, loads and predicts (also when it replaced a good model
 * with {@code --overwrite}); {@code --min-prior 0} keeps every component.
 */
class RemovedComponentsTest {
  @TempDir
  static Path dir;

  private static final Path TONE = Fixtures.shared().resolve("data/tonedata.csv");
  private static final Pattern NOTE = Pattern.compile(
      "(\\d+) of 6 components removed below minPrior 0\\.05: (.*)");

  @Test
  void theJobNamesTheRemovedComponentsAndItsModelLoads() {
    Path model = dir.resolve("tone6");
    // a good model first, then replaced with --overwrite by the fit that removes components
    JobsTest.ok("fit", "--input", TONE.toString(), "--formula", "tuned ~ stretchratio",
        "--k", "2", "--num-init", "1", "--output", model.toString());
    JobsTest.Outcome fit = JobsTest.ok("fit", "--input", TONE.toString(), "--formula",
        "tuned ~ stretchratio", "--k", "6", "--output", model.toString(), "--overwrite");
    Matcher m = NOTE.matcher(fit.out());
    assertTrue(m.find(), fit.out());
    int removed = Integer.parseInt(m.group(1));
    assertTrue(removed >= 1 && removed <= 5, fit.out());
    // one "c (weight w, iteration i)" per removed component, numbered 1..6 as the tables are
    Matcher each = Pattern.compile("(\\d) \\(weight [0-9.e-]+, iteration \\d+\\)")
        .matcher(m.group(2));
    int named = 0;
    while (each.find()) {
      int c = Integer.parseInt(each.group(1));
      assertTrue(c >= 1 && c <= 6, m.group(2));
      named++;
    }
    assertEquals(removed, named, m.group(2));
    assertTrue(fit.out().startsWith("Mixture of " + (6 - removed) + " linear regressions"),
        fit.out());
    // the folder loads and scores: one gate and one responsibility column per kept component
    Path pred = dir.resolve("tone6-pred");
    JobsTest.ok("predict", model.toString(), "--input", TONE.toString(), "--output",
        pred.toString());
    Dataset<Row> p = JobsTest.readCsv(pred);
    long gates = java.util.Arrays.stream(p.columns()).filter(c -> c.startsWith("gate_")).count();
    assertEquals(6 - removed, gates, String.join(",", p.columns()));
    assertEquals(150, p.count());
  }

  @Test
  void minPriorZeroKeepsEveryComponentAndBadValuesAreRefused() {
    JobsTest.Outcome fit = JobsTest.ok("fit", "--input", TONE.toString(), "--formula",
        "tuned ~ stretchratio", "--k", "3", "--min-prior", "0", "--num-init", "2",
        "--output", dir.resolve("tone3").toString());
    assertTrue(fit.out().startsWith("Mixture of 3 linear regressions"), fit.out());
    assertFalse(fit.out().contains("removed below minPrior"), fit.out());
    for (String bad : new String[] {"1", "-0.1", "x"}) {
      JobsTest.Outcome o = JobsTest.main("fit", "--input", TONE.toString(), "--formula",
          "tuned ~ stretchratio", "--min-prior", bad, "--output",
          dir.resolve("never").toString());
      assertEquals(2, o.code(), o.err());
      assertTrue(o.err().startsWith("error: fit: --min-prior must be a number in [0, 1)"),
          o.err());
    }
  }

  @Test
  void theEstimatorsModelCountsItsComponentsAndSavesAndLoads() throws IOException {
    Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"stretchratio"})
        .setOutputCol("features").transform(Spark.session().read().option("header", true)
            .option("inferSchema", true).csv(TONE.toString()));
    MixtureOfRegressions e = new MixtureOfRegressions().setLabelCol("tuned").setK(6);
    MixtureOfRegressionsModel m = e.fit(df);
    int kept = m.numComponents();
    assertTrue(kept < 6, "tonedata k = 6 keeps " + kept);
    assertEquals(kept, m.getK());
    assertEquals(6, m.summary().requestedK());
    assertEquals(6 - kept, m.summary().removedComponents().size());
    for (FitResult.Removed r : m.summary().removedComponents()) {
      assertTrue(r.component() >= 1 && r.component() <= 6 && r.weight() < 0.05, r.toString());
    }
    assertEquals(kept, m.mixingWeights().size());
    assertEquals(kept, m.summary().componentWeights().length);
    Path saved = dir.resolve("estimator-model");
    m.write().save(saved.toString());
    MixtureOfRegressionsModel back = MixtureOfRegressionsModel.load(saved.toString());
    assertEquals(kept, back.getK());
    assertEquals(kept, back.numComponents());
    Row a = m.transform(df).select("prediction").head();
    Row b = back.transform(df).select("prediction").head();
    assertEquals(a.getDouble(0), b.getDouble(0), 1e-12);
    // minPrior 0: all six kept
    MixtureOfRegressionsModel all = e.copy(new org.apache.spark.ml.param.ParamMap())
        .setMinPrior(0).setNumInit(2).fit(df);
    assertEquals(6, all.numComponents());
    assertEquals("", all.summary().removedNote());
  }
}
