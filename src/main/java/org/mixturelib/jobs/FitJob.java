package org.mixturelib.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.engine.MixtureModelSelection;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.FamilyColumns;
import org.mixturelib.localmodels.StandardLink;
import org.mixturelib.ml.MixtureEstimator;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.MixtureOfExperts;
import org.mixturelib.ml.MixtureOfRegressions;
import org.mixturelib.ml.MixtureSummary;
import org.mixturelib.plot.FittedSample;
import org.mixturelib.plot.ScoredSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fit}: reads a table, fits a mixture of regressions or of experts (or selects k), writes
 * the model as a Spark ML {@link PipelineModel} (feature assembler, the gate features'
 * assembler with {@code --gate-features}, then the mixture), prints the summary and, on
 * request, writes a report with figures.
 */
final class FitJob {
  static final String USAGE = String.join("\n",
      "usage: jobs/fit.sh --input data.{csv,parquet} --label y[,y2,...] [--features a,b,...] [--k 2]",
      "                   or --formula \"y ~ x + f + x:f\" [--column \"name=SQL expression\" ...]",
      "                   [--gate none|linear|mlp|sparse] [--hidden 8] [--gate-features a,b]",
      "                   [--num-init 10] [--min-prior 0.05]",
      "                   [--select 1..6 --criterion bic|aic|icl] [--weight w] [--group g]",
      "                   [--max-iter 200] [--tol 1e-6] [--seed 42] [--noise per-component|shared]",
      "                   [--family gaussian|poisson|binomial|gamma|negbin|zipoisson|zinegbin|",
      "                             hurdlepoisson|hurdlenegbin|tobit|multinomial]",
      "                   [--link identity|log|logit|probit|cloglog|sqrt|inverse]",
      "                   [--offset col] [--trials col]",
      "                   [--lower x | --lower-col col] [--upper x | --upper-col col] (tobit)",
      "                   [--penalty lambda|auto] [--alpha 1]",
      "                   [--noise-component] [--zero \"~ z1 + f\"] (zero-inflated, hurdle families)",
      "                   [--fixed \"~ w\"] [--nested \"1,2: ~ x1\" ...] (with --formula)",
      "                   [--no-intercept] [--format csv|parquet] [--bad-rows error|skip]",
      "                   --output model_dir [--report dir] [--overwrite] [--checkpoint dir]",
      "                   [--quiet | --verbose]");
  private static final Set<String> VALUED = Set.of("input", "format", "label", "features",
      "weight", "group", "k", "gate", "hidden", "gate-features", "num-init", "max-iter", "tol",
      "seed", "noise", "select", "criterion", "output", "report", "bad-rows", "checkpoint",
      "min-prior",
      "formula", "column", "family", "link", "offset", "trials", "lower", "upper",
      "lower-col", "upper-col", "fixed", "nested", "zero", "penalty", "alpha");
  private static final Set<String> REPEATABLE = Set.of("column", "nested");
  private static final Set<String> FLAGS = Set.of("no-intercept", "overwrite", "help",
      "noise-component");
  private static final Logger LOG = LoggerFactory.getLogger(FitJob.class);
  /** Rows drawn for the figures of a report. */
  static final int REPORT_ROWS = 2000;
  /** The most components a fit or a selection may ask for ({@code --k}, {@code --select}). */
  static final int MAX_K = 100;
  /** The most starts ({@code --num-init}). */
  static final int MAX_STARTS = 1000;
  /** The most iterations ({@code --max-iter}). */
  static final int MAX_ITER = 100_000;
  /** The widest hidden layer of an MLP gate ({@code --hidden}). */
  static final int MAX_WIDTH = 1024;
  /** The most hidden layers of an MLP gate ({@code --hidden}). */
  static final int MAX_LAYERS = 8;
  /** The assembled column of the gate's own inputs ({@code --gate-features}). */
  private static final String GATE_FEATURES = "mixturelib_gate_features";
  /** The assembled column of the zero part's inputs ({@code --zero}). */
  private static final String ZERO_FEATURES = "mixturelib_zero_features";

  /** The validated command line. */
  record Settings(String input, String format, String label, List<String> features,
      String weight, String group, int k, String gate, int[] hidden, Integer numInit, Integer maxIter,
      Double tol, Long seed, String noise, boolean intercept, int[] select, String criterion,
      String output, String report, boolean overwrite, String badRows, String commandLine,
      String checkpoint, String formula, List<String> columns, List<String> gateFeatures,
      Glm glm, Double minPrior, boolean noiseComponent, SharedTerms shared, String zero) {

    /**
     * The columns with a role besides label and features whose values must be finite: weight,
     * group, offset, trials (the zero part's are a formula's, {@link #zero}; the censoring
     * limits', {@link Glm#limitColumns}, may be empty or infinite).
     */
    List<String> roleColumns() {
      return Stream.of(weight, group, glm.offset(), glm.trials())
          .filter(java.util.Objects::nonNull).toList();
    }

    /** The role columns, the censoring limits' included: none of them is a feature. */
    List<String> allRoleColumns() {
      List<String> all = new ArrayList<>(roleColumns());
      all.addAll(glm.limitColumns());
      return all;
    }

    /** The role of column {@code c}, one of {@link #allRoleColumns()}, for messages. */
    String roleOf(String c) {
      return c.equals(weight) ? "weight" : c.equals(group) ? "group"
          : c.equals(glm.offset()) ? "offset" : c.equals(glm.trials()) ? "trials"
          : c.equals(glm.lowerCol()) ? "lower limit (--lower-col)" : "upper limit (--upper-col)";
    }
  }

  /**
   * The experts' family, its link (null: the family's default), the offset and trials columns
   * (null: none), tobit's constant censoring limits (null: the params' defaults, none) or
   * per-row limit columns (null: none; Spark ML's {@code lowerCol}, {@code upperCol}: an empty
   * or infinite value is no limit), and the elastic net's penalty ({@code auto} or a number >=
   * 0) and alpha (null: none, 1).
   */
  record Glm(String family, String link, String offset, String trials, Double lower,
      Double upper, String lowerCol, String upperCol, String penalty, Double alpha) {
    /** The per-row censoring limits' columns given. */
    List<String> limitColumns() {
      return Stream.of(lowerCol, upperCol).filter(java.util.Objects::nonNull).toList();
    }
  }

  private FitJob() {}

  /** Parses and checks the arguments; touches no data. Returns null for --help. */
  static Settings parse(String[] args) {
    Options o = Options.parse("fit", args, VALUED, FLAGS, REPEATABLE);
    if (o.flag("help")) {
      return null;
    }
    o.maxPositional(0);
    int[] select = o.range("select");
    if (select != null && select[1] > MAX_K) {
      throw new UsageException("fit: --select must end at k <= " + MAX_K + ", got '"
          + o.get("select", "") + "' (see docs/jobs.md#limits)");
    }
    if (select != null && o.has("k")) {
      throw new UsageException("fit: give either --k or --select, not both");
    }
    if (o.has("criterion") && select == null) {
      throw new UsageException("fit: --criterion needs --select");
    }
    String gate = o.choice("gate", "none", "none", "linear", "mlp", "sparse");
    if (o.has("hidden") && !"mlp".equals(gate)) {
      throw new UsageException("fit: --hidden applies to --gate mlp only");
    }
    int[] hidden = {8};
    if (o.has("hidden")) {
      hidden = o.list("hidden").stream().mapToInt(s -> {
        try {
          int w = Integer.parseInt(s);
          if (w >= 1 && w <= MAX_WIDTH) {
            return w;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new UsageException("fit: --hidden must list layer widths from 1 to " + MAX_WIDTH
            + ", like 8 or 16,8; got '" + o.get("hidden", "") + "' (see docs/jobs.md#limits)");
      }).toArray();
      if (hidden.length > MAX_LAYERS) {
        throw new UsageException("fit: --hidden lists " + hidden.length + " layers; at most "
            + MAX_LAYERS + " (see docs/jobs.md#limits)");
      }
    }
    String weight = o.get("weight", null);
    String formula = formulaOption(o);
    if (o.has("gate-features") && !"linear".equals(gate) && !"mlp".equals(gate)) {
      throw new UsageException("fit: --gate-features applies to --gate linear or mlp only");
    }
    if (o.has("report") && ExpertFamilies.takesLevels(o.get("family", "gaussian"))) {
      throw new UsageException("fit: --report is not available with --family "
          + o.get("family", "") + " (its figures draw a numeric answer); leave it out");
    }
    return new Settings(o.required("input"), o.choice("format", null, "csv", "parquet"),
        formula != null ? null : o.required("label"), o.list("features"), weight,
        o.get("group", null), o.integer("k", 2, 1, MAX_K), gate, hidden,
        o.has("num-init") ? o.integer("num-init", 5, 1, MAX_STARTS) : null,
        o.has("max-iter") ? o.integer("max-iter", 200, 1, MAX_ITER) : null,
        o.has("tol") ? o.positive("tol", 1e-6) : null,
        o.has("seed") ? (long) o.integer("seed", 42, Integer.MIN_VALUE) : null,
        o.choice("noise", "per-component", "per-component", "shared"),
        !o.flag("no-intercept"), select, o.choice("criterion", "bic", "bic", "aic", "icl"),
        o.required("output"), o.get("report", null), o.flag("overwrite"),
        o.choice("bad-rows", "error", "error", "skip"), "jobs/fit.sh " + String.join(" ", args),
        o.get("checkpoint", null), formula, o.all("column"),
        o.has("gate-features") ? o.list("gate-features") : null,
        new Glm(o.choice("family", "gaussian", ExpertFamilies.typeIds().toArray(String[]::new)),
            o.choice("link", null, linkIds()), o.get("offset", null),
            o.get("trials", null), limit(o, "lower"), limit(o, "upper"),
            limitColumn(o, "lower"), limitColumn(o, "upper"), penalty(o), alpha(o)), minPrior(o),
        o.flag("noise-component"),
        SharedTerms.parse(o.get("fixed", null), o.all("nested"), formula != null,
            select != null ? select[0] : o.integer("k", 2, 1, MAX_K)), zeroOption(o));
  }

  /**
   * --zero: the zero part's right-hand side {@code "~ terms"} (a formula over the input's
   * columns, factors allowed), or null when absent or {@code "~ 1"} (an intercept only); the
   * family must read a zero part (a vector column of its own).
   */
  private static String zeroOption(Options o) {
    if (!o.has("zero")) {
      return null;
    }
    String family = o.get("family", "gaussian");
    FamilyColumns reads = ExpertFamilies.columns(family);
    if (reads == null || reads.vectorRoles().isEmpty()) {
      List<String> takers = ExpertFamilies.typeIds().stream().filter(id -> {
        FamilyColumns c = ExpertFamilies.columns(id);
        return c != null && !c.vectorRoles().isEmpty();
      }).toList();
      throw new UsageException("fit: --zero applies to a family with a zero part ("
          + String.join(", ", takers) + "), got --family " + family);
    }
    String text = o.get("zero", "").trim();
    String terms = text.startsWith("~") ? text.substring(1).trim() : "";
    if (terms.isEmpty() || terms.contains("~") || terms.contains(".")) {
      throw new UsageException("fit: --zero must be a right-hand side such as '~ z' or"
          + " '~ z + f' (the zero part always has its intercept; '~ 1' for it alone), got '"
          + text + "'");
    }
    return terms.equals("1") ? null : terms;
  }

  /**
   * --lower, --upper: a constant censoring limit of family tobit (a number, or -Infinity /
   * Infinity for none), or null when absent.
   */
  private static Double limit(Options o, String name) {
    if (!o.has(name)) {
      return null;
    }
    String v = o.get(name, "");
    try {
      double x = Double.parseDouble(v.trim());
      if (!Double.isNaN(x)) {
        return x;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageException("fit: --" + name + " must be a number (-Infinity or Infinity for"
        + " no limit), got '" + v + "'");
  }

  /**
   * --lower-col, --upper-col: the column of a per-row censoring limit (Spark ML's {@code
   * lowerCol}, {@code upperCol}), or null when absent; refused beside the constant of the same
   * side and for a family that reads no such column.
   */
  private static String limitColumn(Options o, String side) {
    String flag = side + "-col";
    if (!o.has(flag)) {
      return null;
    }
    if (o.has(side)) {
      throw new UsageException("fit: give either --" + side + " (a constant limit) or --"
          + flag + " (a limit per row), not both");
    }
    String family = o.get("family", "gaussian");
    FamilyColumns reads = ExpertFamilies.columns(family);
    if (reads == null || !reads.columnRoles().contains(side)) {
      List<String> takers = ExpertFamilies.typeIds().stream().filter(id -> {
        FamilyColumns c = ExpertFamilies.columns(id);
        return c != null && c.columnRoles().contains(side);
      }).toList();
      throw new UsageException("fit: --" + flag + " applies to --family "
          + String.join(", ", takers) + ", got --family " + family);
    }
    String column = o.get(flag, "").trim();
    if (column.isEmpty()) {
      throw new UsageException("fit: --" + flag + " needs a column name");
    }
    return column;
  }

  /** --penalty: the elastic net's lambda, {@code auto} or a number >= 0; null when absent. */
  private static String penalty(Options o) {
    if (!o.has("penalty")) {
      return null;
    }
    String v = o.get("penalty", "").trim();
    if (v.equalsIgnoreCase("auto")) {
      return "auto";
    }
    try {
      double x = Double.parseDouble(v);
      if (x >= 0 && x < Double.POSITIVE_INFINITY) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageException("fit: --penalty must be a number >= 0 or 'auto', got '" + v + "'");
  }

  /** --alpha: the elastic net's mix in [0, 1], with --penalty; null when absent. */
  private static Double alpha(Options o) {
    if (!o.has("alpha")) {
      return null;
    }
    if (!o.has("penalty")) {
      throw new UsageException("fit: --alpha needs --penalty (a lambda >= 0 or 'auto')");
    }
    String v = o.get("alpha", "");
    try {
      double x = Double.parseDouble(v.trim());
      if (x >= 0 && x <= 1) {
        return x;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageException("fit: --alpha must be a number in [0, 1], got '" + v + "'");
  }

  /** The ids --link takes: the library's links (the family says which of them it takes). */
  private static String[] linkIds() {
    StandardLink[] links = StandardLink.values();
    String[] ids = new String[links.length];
    for (int i = 0; i < links.length; i++) {
      ids[i] = links[i].id();
    }
    return ids;
  }

  /** --min-prior: a share of the total weight in [0, 1), or null when absent. */
  private static Double minPrior(Options o) {
    if (!o.has("min-prior")) {
      return null;
    }
    String v = o.get("min-prior", "");
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      x = Double.NaN;
    }
    if (!(x >= 0 && x < 1)) {
      throw new UsageException("fit: --min-prior must be a number in [0, 1) (0 keeps every"
          + " component), got '" + v + "'");
    }
    return x;
  }

  /** The --formula option, checked against the options it replaces. */
  private static String formulaOption(Options o) {
    if (!o.has("formula")) {
      if (o.has("label") && o.list("label").size() > 1 && o.has("report")) {
        throw new UsageException("fit: --report draws one output; give one --label");
      }
      return null;
    }
    for (String other : List.of("label", "features", "no-intercept")) {
      if (o.has(other)) {
        throw new UsageException("fit: give --formula or --" + other + ", not both (the"
            + " formula names the label and features; write '- 1' in it for no intercept)");
      }
    }
    if (o.has("report") && Design.formula(o.required("formula")).labels().size() > 1) {
      throw new UsageException("fit: --report draws one output; give one label");
    }
    return o.required("formula");
  }

  /**
   * Runs the fit, once every output is checked and staged; puts the model and the report into
   * place together, then prints the summary on {@code out}.
   */
  static void run(SparkSession spark, Settings s, PrintStream out) {
    FitSummary[] summary = new FitSummary[1];
    try (OutputSet outputs = outputs(spark, s)) {
      InputTable.withReadSettings(spark, () -> summary[0] = fitAndWrite(spark, s, outputs));
      outputs.commit();
    }
    out.print(summary[0].text());
    out.flush();
  }

  /** The paths the fit reads and writes, checked against each other and staged. */
  private static OutputSet outputs(SparkSession spark, Settings s) {
    List<OutputSet.Target> writes = new ArrayList<>();
    writes.add(OutputSet.Target.output("--output", s.output()));
    if (s.report() != null) {
      writes.add(new OutputSet.Target("--report", s.report(), true, true));
    }
    if (s.checkpoint() != null) {
      writes.add(new OutputSet.Target("--checkpoint", s.checkpoint(), false, true));
    }
    return OutputSet.prepare(spark.sparkContext().hadoopConfiguration(), s.overwrite(),
        List.of(OutputSet.Target.input("--input", s.input())), writes);
  }

  /**
   * Fits and writes the model and the report into their staging folders. The pipeline reads
   * the table with its columns renamed by {@link ColumnNames#encode} (computed columns are
   * added to that table); the checks and messages use the table's own names.
   */
  private static FitSummary fitAndWrite(SparkSession spark, Settings s, OutputSet outputs) {
    InputTable raw = InputTable.read(spark, s.input(), s.format());
    Dataset<Row> encoded = ColumnNames.encoded(raw.data());
    List<SQLTransformer> computed = s.columns().stream().map(Design::computed).toList();
    InputTable in = raw.with(ColumnNames.decoded(
        Design.addComputed(computed, encoded, s.input())));
    Columns c = columns(s, in);
    List<String> used = new ArrayList<>(c.features());
    used.addAll(c.labels());
    if (s.gateFeatures() != null) {
      for (String f : s.gateFeatures()) {
        in.requireNumeric(f, "gate feature");
        if (!used.contains(f)) {
          used.add(f);
        }
      }
    }
    used.addAll(s.roleColumns());
    List<String> zeroColumns = s.zero() == null ? List.of()
        : Design.columnsOf(s.zero(), Arrays.asList(in.data().columns()), s.input());
    for (String z : zeroColumns) {
      Design.requireFormulaName(z, s.input());
      if (!used.contains(z)) {
        used.add(z);
      }
    }
    long rows;
    long dropped = 0;
    InputTable.LabelRule rule = InputTable.LabelRule.of(family(new MixtureOfRegressions(), s),
        c.labels().get(0), s.glm().trials());
    if ("skip".equals(s.badRows())) {
      InputTable.Cleaned clean = in.withoutBadRows(used, s.weight(), rule);
      in = clean.table();
      rows = clean.rows();
      dropped = clean.dropped();
      if (dropped > 0) {
        LOG.warn("dropped {} of {} rows of '{}': malformed, or an empty, NaN or infinite value"
            + " in {}{}{} (--bad-rows skip)", dropped, rows + dropped, s.input(),
            String.join(", ", used), s.weight() != null ? ", or a negative weight" : "",
            rule == null ? "" : ", or a label the " + rule.family() + " family cannot take"
            + " (it needs " + rule.rule().describe() + ")");
      }
      if (rows == 0 && dropped > 0) {
        throw new UsageException("every one of the " + dropped + " rows of '" + s.input()
            + "' is bad (an empty, NaN or infinite value, or a negative weight); nothing to fit");
      }
    } else {
      rows = in.countAndCheck(used);
    }
    if (rows == 0) {
      throw new UsageException("input '" + s.input() + "' has no rows; nothing to fit");
    }
    int kMax = s.select() != null ? s.select()[1] : s.k();
    if (kMax > rows) {
      throw new UsageException((s.select() != null ? "--select up to k = " : "--k ") + kMax
          + " asks for more components than the " + rows + " rows of '" + s.input()
          + "'; need at least as many rows as components");
    }
    Dataset<Row> table = ColumnNames.encoded(in.data());
    Stages st = stages(s, c, in, table, computed);
    Dataset<Row> data = table;
    for (Transformer t : st.stages().subList(computed.size(), st.stages().size())) {
      data = t.transform(data);
    }
    if (c.formula() == null) {
      data = namedFeatures(data, st.featuresCol(), c.features());
    }
    VectorAssembler gateAssembler = s.gateFeatures() == null ? null : new VectorAssembler()
        .setInputCols(s.gateFeatures().stream().map(ColumnNames::encode).toArray(String[]::new))
        .setOutputCol(GATE_FEATURES);
    if (gateAssembler != null) {
      data = gateAssembler.transform(data);
    }
    Fit fit;
    if (s.select() == null) {
      fit = new Fit(fitted(s, s.k(), st, data), List.of());
    } else {
      data = data.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        fit = select(s, st, data);
      } finally {
        data.unpersist();
      }
    }
    MixtureModel<?> model = fit.model();
    List<PipelineStage> all = new ArrayList<>(st.stages());
    if (gateAssembler != null) {
      all.add(gateAssembler);
    }
    all.add(model);
    PipelineModel pipeline = new Pipeline().setStages(all.toArray(new PipelineStage[0]))
        .fit(encoded.limit(0));
    FitSummary summary = summary(s, st.equation(), st.names(), c.labels(), rows, dropped, fit);
    String tmp = outputs.folder("--output");
    try {
      PipelineSaver.save(pipeline, tmp, spark.sparkContext());
      Path file = new Path(tmp, "summary.txt");
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(file, false)) {
        os.write(summary.text().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write --output '" + s.output() + "'", e);
    }
    if (s.report() != null) {
      FittedSample sample = ScoredSample.of(model, data, st.names(), REPORT_ROWS, 7);
      Report.write(outputs.localFolder("--report"), new Report.Content(s.commandLine(),
          s.input(), summary, sample, rows, model.summary().objectiveHistory(),
          !"none".equals(s.gate())));
    }
    return summary;
  }

  /**
   * The assembled features with the table's own column names in their ML attributes (the
   * assembler records the encoded ones), so that the engine's warnings name the columns.
   */
  private static Dataset<Row> namedFeatures(Dataset<Row> data, String featuresCol,
      List<String> features) {
    Attribute[] attrs = features.stream().map(f -> NumericAttribute.defaultAttr().withName(f))
        .toArray(Attribute[]::new);
    return data.withMetadata(featuresCol, new AttributeGroup(featuresCol, attrs).toMetadata());
  }

  /**
   * The columns a fit reads: the labels, the formula (or null) with its terms ({@code .}
   * written out), the feature columns (a formula's named columns) and the factors among them.
   */
  private record Columns(List<String> labels, Design.Formula formula, String terms,
      List<String> features, List<String> factors) {}

  /** Reads the labels and features off the options and checks them against the table. */
  private static Columns columns(Settings s, InputTable in) {
    Design.Formula formula = s.formula() != null ? Design.formula(s.formula()) : null;
    List<String> labels = formula != null ? formula.labels() : Arrays.asList(
        s.label().split("\\s*,\\s*"));
    for (String l : labels) {
      if (!ExpertFamilies.takesLevels(s.glm().family())) { // levels may be text
        in.requireNumeric(l, "label");
      }
    }
    if (s.weight() != null) {
      in.requireNumeric(s.weight(), "weight");
    }
    if (s.glm().offset() != null) {
      in.requireNumeric(s.glm().offset(), "offset");
    }
    if (s.glm().trials() != null) {
      in.requireNumeric(s.glm().trials(), "trials");
    }
    for (String limit : s.glm().limitColumns()) {
      in.requireNumeric(limit, limit.equals(s.glm().lowerCol()) ? "--lower-col" : "--upper-col");
      if (labels.contains(limit)) {
        throw new UsageException("column '" + limit + "' cannot be both the label and its"
            + " censoring limit");
      }
    }
    if (s.group() != null && !Arrays.asList(in.data().columns()).contains(s.group())) {
      throw new UsageException("--group: column '" + s.group() + "' does not exist in '"
          + s.input() + "'; columns: " + String.join(", ", in.data().columns()));
    }
    String terms = null;
    List<String> features;
    if (formula != null) {
      List<String> columns = Arrays.asList(in.data().columns());
      List<String> others = new ArrayList<>(columns);
      others.removeAll(labels);
      others.removeAll(s.allRoleColumns());
      if (s.shared() != null) { // '.' stands for the columns the shared terms do not name
        others.removeAll(Design.columnsOf(s.shared().extraTerms(), columns, s.input()));
      }
      terms = Design.expandDot(formula.terms(), others);
      if (s.shared() != null) {
        s.shared().check(terms);
        String extra = s.shared().extraTerms();
        terms = extra.isEmpty() ? terms : terms + " + " + extra;
      }
      features = Design.columnsOf(terms, columns, s.input());
      for (String f : features) {
        Design.requireFormulaName(f, s.input());
      }
    } else {
      features = s.features() != null ? s.features() : in.otherColumns(
          Stream.concat(labels.stream(), s.allRoleColumns().stream()).toArray(String[]::new));
    }
    if (features.isEmpty() && formula != null && !formula.intercept()) {
      throw new UsageException("--formula '" + formula.text() + "' has neither a column nor"
          + " the intercept; an intercept-only model is written 'y ~ 1'");
    }
    if (features.isEmpty() && formula == null) {
      throw new UsageException("'" + s.input() + "' has no column besides the label '"
          + String.join(", ", labels) + "' to use as a feature; pass --features");
    }
    List<String> factors = formula != null ? Design.factors(in.data().schema(), features)
        : List.of();
    for (String f : features) {
      if (labels.contains(f) || s.allRoleColumns().contains(f)) {
        throw new UsageException("column '" + f + "' cannot be both a feature and the "
            + (labels.contains(f) ? "label" : s.roleOf(f)));
      }
      if (!factors.contains(f)) {
        in.requireNumeric(f, "feature");
      }
    }
    return new Columns(labels, formula, terms, features, factors);
  }

  /**
   * The stages from the raw table to the mixture's input, the coefficient names, what the
   * experts regress, the features column and the equation for the summary's title.
   */
  private record Stages(List<Transformer> stages, List<String> names, Design.Target target,
      String featuresCol, String equation, List<List<String>> signatures,
      List<String> zeroNames) {}

  /**
   * Fits the feature stages (a formula's on the clean rows) and the labels' assembler on the
   * encoded table (a formula's columns have names that encoding leaves as they are).
   */
  private static Stages stages(Settings s, Columns c, InputTable in, Dataset<Row> table,
      List<SQLTransformer> computed) {
    List<String> columns = Arrays.asList(table.columns());
    String featuresCol = columns.contains("features") ? "mixturelib_features" : "features";
    List<Transformer> stages = new ArrayList<>(computed);
    List<String> names;
    List<List<String>> signatures = List.of();
    if (c.formula() != null) {
      Design.Fitted design = Design.fitFormula(c.terms(), c.factors(),
          in.levels(c.factors()), c.formula().intercept(), table, featuresCol,
          c.formula().text());
      stages.addAll(design.stages());
      names = design.names();
      signatures = design.signatures();
    } else {
      stages.add(new VectorAssembler().setInputCols(c.features().stream()
          .map(ColumnNames::encode).toArray(String[]::new)).setOutputCol(featuresCol));
      names = c.features();
    }
    String labelCol = ColumnNames.encode(c.labels().get(0));
    if (c.labels().size() > 1) {
      labelCol = columns.contains("label") ? "mixturelib_label" : "label";
      stages.add(new VectorAssembler().setInputCols(c.labels().stream()
          .map(ColumnNames::encode).toArray(String[]::new)).setOutputCol(labelCol));
    }
    boolean intercept = c.formula() != null ? c.formula().intercept() : s.intercept();
    Design.Target target = new Design.Target(c.labels(), labelCol, intercept);
    String equation = c.formula() != null ? c.formula().text() : (c.labels().size() == 1
        ? c.labels().get(0) : "cbind(" + String.join(", ", c.labels()) + ")") + " ~ "
        + String.join(" + ", c.features());
    if (s.shared() != null) {
      equation += s.shared().describe();
    }
    List<String> zeroNames = null;
    if (s.zero() != null) { // the zero part's inputs through the same formula machinery
      List<String> zeroColumns = Design.columnsOf(s.zero(), columns, s.input());
      List<String> zeroFactors = Design.factors(table.schema(), zeroColumns);
      Design.Fitted zero = Design.fitFormula(s.zero(), zeroFactors, in.levels(zeroFactors),
          true, table, ZERO_FEATURES, "--zero '~ " + s.zero() + "'");
      stages.addAll(zero.stages());
      zeroNames = zero.names();
      equation += " | " + s.zero();
    }
    return new Stages(stages, names, target, featuresCol, equation, signatures, zeroNames);
  }

  /**
   * The estimator with the experts' family and its settings set from the flags ({@code
   * --family}, {@code --link}, {@code --lower}, {@code --upper}, {@code --lower-col}, {@code
   * --upper-col}, {@code --penalty}, {@code --alpha}): what the fit and the rows' rule ({@link
   * InputTable.LabelRule}) both read.
   */
  private static <E extends MixtureEstimator<?, ?>> E family(E e, Settings s) {
    e.setFamily(s.glm().family());
    if (s.glm().link() != null) {
      e.setLink(s.glm().link());
    }
    if (s.glm().lower() != null) {
      e.setLower(s.glm().lower());
    }
    if (s.glm().upper() != null) {
      e.setUpper(s.glm().upper());
    }
    if (s.glm().lowerCol() != null) {
      e.setLowerCol(ColumnNames.encode(s.glm().lowerCol()));
    }
    if (s.glm().upperCol() != null) {
      e.setUpperCol(ColumnNames.encode(s.glm().upperCol()));
    }
    if (s.glm().penalty() != null) {
      e.setPenalty(s.glm().penalty());
    }
    if (s.glm().alpha() != null) {
      e.setAlpha(s.glm().alpha());
    }
    return e;
  }

  /** The chosen model and, after a selection, every candidate's figures. */
  private record Fit(MixtureModel<?> model, List<FitSummary.Candidate> candidates) {}

  /** Fits {@code k} components to {@code data}, showing the job's progress display. */
  private static MixtureModel<?> fitted(Settings s, int k, Stages st, Dataset<Row> data) {
    try (Progress progress = Progress.of("k = " + k)) {
      return estimator(s, k, st).setListener(progress).fit(data);
    }
  }

  private static MixtureEstimator<?, ?> estimator(Settings s, int k, Stages st) {
    String featuresCol = st.featuresCol();
    Design.Target target = st.target();
    MixtureEstimator<?, ?> e;
    if ("none".equals(s.gate())) {
      e = new MixtureOfRegressions();
    } else {
      MixtureOfExperts moe = new MixtureOfExperts().setGate(s.gate())
          .setHiddenLayers(s.hidden());
      if (s.gateFeatures() != null) {
        moe.setGateFeaturesCol(GATE_FEATURES);
      }
      e = moe;
    }
    family(e, s).setK(k).setFeaturesCol(featuresCol).setLabelCol(target.column())
        .setFitIntercept(target.intercept())
        .setNoiseModel("shared".equals(s.noise()) ? "shared" : "perComponent")
        .setNoiseComponent(s.noiseComponent());
    if (s.glm().offset() != null) {
      e.setOffsetCol(s.glm().offset());
    }
    if (s.glm().trials() != null) {
      e.setTrialsCol(s.glm().trials());
    }
    if (s.weight() != null) {
      e.setWeightCol(ColumnNames.encode(s.weight()));
    }
    if (s.group() != null) {
      e.setGroupCol(ColumnNames.encode(s.group()));
    }
    if (s.numInit() != null) {
      e.setNumInit(s.numInit());
    }
    if (s.minPrior() != null) {
      e.setMinPrior(s.minPrior());
    }
    if (s.maxIter() != null) {
      e.setMaxIter(s.maxIter());
    }
    if (s.tol() != null) {
      e.setTol(s.tol());
    }
    if (s.seed() != null) {
      e.setSeed(s.seed());
    }
    if (s.checkpoint() != null) {
      e.setCheckpointDir(Paths.get(s.checkpoint(), "k" + k).toString());
    }
    if (s.shared() != null) {
      e.setFixedFeatures(s.shared().fixedFeatures(st.signatures()))
          .setNestedFeatures(s.shared().nestedFeatures(st.signatures()));
    }
    if (st.zeroNames() != null) {
      e.setZeroFeaturesCol(ZERO_FEATURES)
          .setZeroFeaturesNames(st.zeroNames().toArray(new String[0]));
    }
    return e;
  }

  /**
   * Fits every k of the range with the same settings (each with its restarts) and keeps the
   * model with the smallest criterion, the smaller k on a tie (flexmix's {@code stepFlexmix}:
   * {@link MixtureModelSelection#choose}, the one selection rule).
   */
  private static Fit select(Settings s, Stages st, Dataset<Row> data) {
    MixtureModelSelection.Criterion criterion =
        MixtureModelSelection.Criterion.valueOf(s.criterion().toUpperCase(Locale.ROOT));
    ToDoubleFunction<MixtureModel<?>> value = m -> criterion.pick(m.summary().aic(),
        m.summary().bic(), m.summary().icl());
    MixtureModelSelection.Choice<MixtureModel<?>> choice = MixtureModelSelection.choose(
        s.select()[0], s.select()[1], k -> {
          MixtureModel<?> m = fitted(s, k, st, data);
          LOG.info("k = {}: log-likelihood {}, {} = {}", k, m.summary().logLikelihood(),
              s.criterion(), value.applyAsDouble(m));
          return m;
        }, value);
    List<FitSummary.Candidate> table = new ArrayList<>();
    for (int i = 0; i < choice.fits().size(); i++) {
      MixtureSummary ms = choice.fits().get(i).summary();
      table.add(new FitSummary.Candidate(s.select()[0] + i, ms.logLikelihood(),
          ms.numFreeParameters(), ms.aic(), ms.bic(), ms.icl(), ms.converged()));
    }
    return new Fit(choice.chosen(), table);
  }

  private static FitSummary summary(Settings s, String equation, List<String> names,
      List<String> labels, long rows, long dropped, Fit fit) {
    int k = fit.model().numComponents();
    String family = FitSummary.Family.of(fit.model()).name();
    String what = "none".equals(s.gate())
        ? "Mixture of " + k + " " + family + " regressions"
        : "Mixture of " + k + " " + family + " experts (" + s.gate() + " gate)";
    String groups = s.group() == null ? ""
        : String.format(Locale.ROOT, " | %s (%d groups; sizes count groups)", s.group(),
            fit.model().summary().numGroups());
    String title = String.format(Locale.ROOT, "%s on %d rows%s: %s%s%s", what, rows,
        dropped > 0 ? " (" + dropped + " bad rows dropped)" : "", equation, groups,
        s.weight() != null ? " (weights " + s.weight() + ")" : "");
    List<String> gateInputs = s.gateFeatures() != null ? s.gateFeatures() : names;
    return FitSummary.of(fit.model(), title, names, gateInputs, labels, fit.candidates(),
        s.criterion()).starts(fit.model().getNumInit(), fit.model().summary().requestedK(), rows);
  }
}
