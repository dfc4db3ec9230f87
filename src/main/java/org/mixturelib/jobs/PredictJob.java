package org.mixturelib.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.element_at;
import static org.mixturelib.data.SparkSource.column;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilyColumns;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.StageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code predict}: scores a table with a model written by {@code fit}, keeping the input columns
 * and adding the mixture mean, the predictive standard deviation, the most likely component, the
 * gate probabilities and, when the label column is present, the responsibilities.
 */
final class PredictJob {
  static final String USAGE = String.join("\n",
      "usage: jobs/predict.sh model_dir --input data.{csv,parquet} --output predictions",
      "                       [--format csv|parquet] [--output-format csv|parquet] [--overwrite]",
      "                       [--bad-rows error|skip] [--quiet | --verbose]");
  private static final Set<String> VALUED = Set.of("input", "format", "output",
      "output-format", "bad-rows");
  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
  private static final Set<String> FLAGS = Set.of("overwrite", "help");

  /** The validated command line. */
  record Settings(String model, String input, String format, String output,
      String outputFormat, boolean overwrite, String badRows) {}

  private PredictJob() {}

  /** Parses and checks the arguments; touches no data. Returns null for --help. */
  static Settings parse(String[] args) {
    Options o = Options.parse("predict", args, VALUED, FLAGS);
    if (o.flag("help")) {
      return null;
    }
    if (o.positional().isEmpty()) {
      throw new UsageException("predict: the model folder is required: jobs/predict.sh"
          + " model_dir --input data --output predictions");
    }
    o.maxPositional(1);
    return new Settings(o.positional().get(0), o.required("input"),
        o.choice("format", null, "csv", "parquet"), o.required("output"),
        o.choice("output-format", null, "csv", "parquet"), o.flag("overwrite"),
        o.choice("bad-rows", "error", "error", "skip"));
  }

  /**
   * Scores the table and writes the predictions, once the output is checked against the model
   * and the input and staged.
   */
  static void run(SparkSession spark, Settings s, PrintStream out) {
    try (OutputSet outputs = OutputSet.prepare(spark.sparkContext().hadoopConfiguration(),
        s.overwrite(), List.of(OutputSet.Target.input("the model folder", s.model()),
            OutputSet.Target.input("--input", s.input())),
        List.of(OutputSet.Target.output("--output", s.output())))) {
      List<String> written = new ArrayList<>();
      InputTable.withReadSettings(spark,
          () -> written.addAll(score(spark, s, outputs.folder("--output"))));
      outputs.commit();
      out.println("predictions written to " + s.output() + ": " + String.join(", ", written));
    }
  }

  /**
   * The roles of the per-row columns of its own the model's family reads and the model names
   * (its params {@code <role>Col}, e.g. tobit's limits from {@code --lower-col}).
   */
  private static List<String> familyColumnRoles(MixtureModel<?> model) {
    FamilyColumns reads = ExpertFamilies.columns(model.getFamily());
    if (reads == null) {
      return List.of();
    }
    return reads.columnRoles().stream().filter(r -> model.hasParam(r + "Col")
        && !((String) model.getOrDefault(model.getParam(r + "Col"))).isEmpty()).toList();
  }

  /**
   * Scores the table into the staging folder. The pipeline reads the table with its columns
   * renamed by {@link ColumnNames#encode}, as the fit wrote it; checks, messages and the
   * output use the table's own names.
   *
   * @return the columns it adds to the input's, in order
   */
  private static List<String> score(SparkSession spark, Settings s, String folder) {
    Design.Saved saved = Design.Saved.of(load(spark, s.model()), s.model());
    MixtureModel<?> model = saved.model();
    InputTable raw = InputTable.read(spark, s.input(), s.format());
    List<String> columns = Arrays.asList(raw.data().columns());
    InputTable in = raw.with(ColumnNames.decoded(Design.addComputed(saved.computed(),
        ColumnNames.encoded(raw.data()), s.input())));
    List<String> features = saved.features(Arrays.asList(in.data().columns()), s.input())
        .stream().map(ColumnNames::decode).toList();
    for (String f : features) {
      if (saved.factors().contains(f)) {
        in.requireText(f, "factor");
      } else {
        in.requireNumeric(f, "feature");
      }
    }
    List<String> labels = saved.labels().stream().map(ColumnNames::decode).toList();
    List<String> present = Arrays.asList(in.data().columns());
    boolean labelled = present.containsAll(labels);
    List<String> checked = new ArrayList<>(features);
    if (labelled) {
      for (String l : labels) {
        if (model.levels().length == 0) { // a categorical label's levels may be text
          in.requireNumeric(l, "label");
        }
      }
      checked.addAll(labels);
    }
    String group = ColumnNames.decode(model.getGroupCol());
    if (labelled && !group.isEmpty() && !columns.contains(group)) {
      throw new UsageException("the model was fitted with --group " + group + ", so its"
          + " responsibilities are per group, but input '" + s.input() + "' has no column '"
          + group + "'");
    }
    for (String role : familyColumnRoles(model)) {
      String c = ColumnNames.decode((String) model.getOrDefault(model.getParam(role + "Col")));
      if (!columns.contains(c)) {
        throw new UsageException("the model was fitted with --" + role + "-col " + c
            + " (a value per row), but input '" + s.input() + "' has no column '" + c + "'");
      }
      in.requireNumeric(c, "--" + role + "-col");
    }
    int k = model.numComponents();
    List<String> predictions = labels.size() == 1 ? List.of("prediction")
        : labels.stream().map(l -> "prediction_" + l).toList();
    List<String> added = new ArrayList<>(predictions);
    added.addAll(List.of("prediction_std", "component"));
    for (int c = 1; c <= k; c++) {
      added.add("gate_" + c);
      if (labelled) {
        added.add("resp_" + c);
      }
    }
    for (String a : added) {
      if (columns.contains(a)) {
        throw new UsageException("input '" + s.input() + "' already has a column '" + a
            + "', which predict writes; rename it first");
      }
    }
    for (String internal : saved.internalColumns()) {
      if (!internal.isEmpty() && columns.contains(internal)) {
        throw new UsageException("input '" + s.input() + "' already has a column '" + internal
            + "', which the model uses inside; rename it first");
      }
    }
    if ("skip".equals(s.badRows())) {
      String trials = ColumnNames.decode(model.getTrialsCol());
      InputTable.LabelRule rule = labelled && labels.size() == 1 ? InputTable.LabelRule.of(
          model, labels.get(0), present.contains(trials) ? trials : null) : null;
      InputTable.Cleaned clean = in.withoutBadRows(checked, null, rule);
      in = clean.table();
      if (clean.dropped() > 0) {
        LOG.warn("dropped {} of {} rows of '{}': malformed, or an empty, NaN or infinite value"
            + " in {}{} (--bad-rows skip); they are not in the predictions", clean.dropped(),
            clean.rows() + clean.dropped(), s.input(), String.join(", ", checked),
            rule == null ? "" : ", or a label the " + rule.family() + " family cannot take"
            + " (it needs " + rule.rule().describe() + ")");
      }
    } else {
      in.countAndCheck(checked);
    }
    Dataset<Row> scored = saved.score(ColumnNames.encoded(in.data()), labelled,
        "skip".equals(s.badRows()), s.input());
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      out.add(column(ColumnNames.encode(c)).as(c));
    }
    String[] levels = model.levels();
    if (levels.length > 0) {
      // a categorical label: the most probable level's name and each level's probability
      Column names = array(Arrays.stream(levels).map(functions::lit).toArray(Column[]::new));
      out.add(element_at(names, column(model.getPredictionCol()).cast("int").plus(1))
          .as("prediction"));
    } else if (labels.size() == 1) {
      out.add(column(model.getPredictionCol()).as("prediction"));
    } else {
      Column p = org.apache.spark.ml.functions.vector_to_array(column(model.getPredictionCol()),
          "float64");
      for (int j = 0; j < labels.size(); j++) {
        out.add(element_at(p, j + 1).as(predictions.get(j)));
      }
    }
    if (levels.length > 0) {
      Column p = org.apache.spark.ml.functions.vector_to_array(
          column(model.getLevelProbabilityCol()), "float64");
      for (int l = 0; l < levels.length; l++) {
        out.add(element_at(p, l + 1).as("probability_" + levels[l]));
      }
    } else {
      out.add(column(model.getPredictionStdCol()).as("prediction_std"));
    }
    Column gate = org.apache.spark.ml.functions.vector_to_array(column(model.getProbabilityCol()),
        "float64");
    Column resp = labelled ? org.apache.spark.ml.functions.vector_to_array(
        column(model.getResponsibilityCol()), "float64") : null;
    Column basis = labelled ? resp : gate;
    out.add(array_position(basis, array_max(basis)).cast("int").as("component"));
    for (int c = 1; c <= k; c++) {
      out.add(element_at(gate, c).as("gate_" + c));
    }
    if (labelled) {
      for (int c = 1; c <= k; c++) {
        out.add(element_at(resp, c).as("resp_" + c));
      }
    }
    Dataset<Row> result = scored.select(out.toArray(new Column[0]));
    String format = s.outputFormat() != null ? s.outputFormat()
        : s.format() != null ? s.format() : in.format();
    if ("csv".equals(format)) {
      result.write().option("header", "true").csv(folder);
    } else {
      result.write().parquet(folder);
    }
    return List.of(result.columns()).subList(columns.size(), result.columns().length);
  }

  private static PipelineModel load(SparkSession spark, String dir) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new UsageException("model folder '" + dir + "' does not exist");
      }
      StageReader.checkPipelineClasses(fs, p);
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UsageException("'" + dir + "' is not a model written by jobs/fit.sh ("
          + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("could not look up model folder '" + dir + "'", e);
    }
    try {
      return PipelineModel.load(dir);
    } catch (Exception e) {
      String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new UsageException("'" + dir + "' is not a model written by jobs/fit.sh (" + msg
          + ")");
    }
  }
}
