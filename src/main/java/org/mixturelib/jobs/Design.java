package org.mixturelib.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.RFormula;
import org.apache.spark.ml.feature.RFormulaModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.StageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the jobs turn a raw table into the features of a fit, with Spark ML stages so that the
 * saved pipeline takes the raw table: computed columns ({@code --column name=expression}, each
 * a Spark SQL expression in a {@link SQLTransformer}) and an R formula ({@code --formula "y ~ x
 * + f + x:f"}) as one {@link FormulaFeatures} stage. Text columns of a formula are factors: the
 * stage keeps their training levels (so that predict can name a level it has not seen), codes
 * them as R does (the alphabetically first level is the reference, and an interaction drops it
 * when the term without the factor is in the model too) and names the columns as R names them
 * ({@code TreatmentYes}, {@code x:TreatmentYes}). No formula parser of ours: Spark's {@link
 * RFormula} reads the formula's terms; this class reads off the label, the intercept and the
 * columns named, and expands the factors' levels. Folders written before {@link
 * FormulaFeatures} hold Spark's own stages ({@link StringIndexerModel}, {@link RFormulaModel},
 * {@link VectorSlicer}); {@link Saved} reads both.
 */
final class Design {
  /** A column name that a computed column may take. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** A column name that RFormula reads and encoding leaves unchanged. */
  private static final Pattern FORMULA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  /** What separates the names in a formula's terms. */
  private static final Pattern SEPARATORS = Pattern.compile("[\\s+\\-:*^()]+");
  private static final Logger LOG = LoggerFactory.getLogger(Design.class);

  private Design() {}

  // ---------------------------------------------------------------- computed columns

  /**
   * The stage of one {@code --column name=expression}.
   *
   * @param spec the option's value
   * @return a SQL transformer adding the column
   */
  static SQLTransformer computed(String spec) {
    int eq = spec.indexOf('=');
    String name = eq < 0 ? "" : spec.substring(0, eq).trim();
    String expression = eq < 0 ? "" : spec.substring(eq + 1).trim();
    if (!NAME.matcher(name).matches() || expression.isEmpty()) {
      throw new UsageException("fit: --column must look like 'name=expression' (a name of"
          + " letters, digits and _, then a Spark SQL expression), got '" + spec + "'");
    }
    String statement = "SELECT *, (" + expression + ") AS `" + name + "` FROM __THIS__";
    try {
      StageReader.checkComputedColumn(statement);
    } catch (IllegalArgumentException e) {
      throw new UsageException("computed column '" + spec + "': " + e.getMessage());
    }
    return new SQLTransformer().setStatement(statement);
  }

  /**
   * Adds the computed columns to a table, one stage after the other (a later expression may use
   * an earlier column), failing with one line on an expression that does not parse or names a
   * column the table lacks.
   *
   * @param stages the computed columns' stages
   * @param data the table
   * @param input the input's name, for messages
   * @return the table with the computed columns
   */
  static Dataset<Row> addComputed(List<SQLTransformer> stages, Dataset<Row> data,
      String input) {
    Dataset<Row> out = data;
    for (SQLTransformer t : stages) {
      String statement = t.getStatement();
      String column = statement.substring(statement.lastIndexOf(" AS `") + 5,
          statement.lastIndexOf('`'));
      if (Arrays.asList(out.columns()).contains(column)) {
        throw new UsageException("computed column '" + column + "': '" + input
            + "' already has a column of that name");
      }
      try {
        t.transformSchema(out.schema());
      } catch (Exception e) {
        String expression = statement.substring("SELECT *, (".length(),
            statement.lastIndexOf(") AS `"));
        throw userError(e, "computed column '" + column + "=" + expression + "' on '" + input
            + "': ");
      }
      out = t.transform(out);
    }
    return out;
  }

  // ---------------------------------------------------------------- formulas

  /**
   * A formula as written: its label columns (one, or several in {@code cbind(a, b)}) and its
   * right-hand side.
   *
   * @param text the formula
   * @param labels the label columns
   * @param terms the right-hand side
   */
  record Formula(String text, List<String> labels, String terms) {
    /** Whether the terms keep the intercept (R's {@code - 1} and {@code + 0} remove it). */
    boolean intercept() {
      return interceptIn(terms);
    }
  }

  /**
   * Reads a formula's label and terms.
   *
   * @param text {@code y ~ terms} or {@code cbind(a, b) ~ terms}
   */
  static Formula formula(String text) {
    int tilde = text.indexOf('~');
    if (tilde < 0 || text.indexOf('~', tilde + 1) >= 0 || text.substring(tilde + 1).isBlank()) {
      throw new UsageException("fit: --formula must look like 'y ~ x + f' or 'cbind(a, b) ~ x',"
          + " got '" + text + "'");
    }
    String left = text.substring(0, tilde).trim();
    List<String> labels = new ArrayList<>();
    if (left.startsWith("cbind(") && left.endsWith(")")) {
      for (String s : left.substring(6, left.length() - 1).split(",")) {
        labels.add(s.trim());
      }
    } else {
      labels.add(left);
    }
    for (String l : labels) {
      if (l.isEmpty() || SEPARATORS.matcher(l).find() || l.contains(",")) {
        throw new UsageException("fit: the left of --formula '" + text + "' must be a column"
            + " or cbind(a, b), got '" + left + "'");
      }
    }
    return new Formula(text, List.copyOf(labels), text.substring(tilde + 1).trim());
  }

  /** Whether a right-hand side keeps the intercept: no {@code - 1}, {@code + 0} or {@code 0}. */
  static boolean interceptIn(String terms) {
    for (String t : terms.replaceAll("\\s", "").split("(?=[+-])")) {
      if (t.equals("-1") || t.equals("0") || t.equals("+0")) {
        return false;
      }
    }
    return true;
  }

  /**
   * The terms with a {@code .} term written out as the table's other columns, so that the
   * saved formula names every column it uses.
   *
   * @param terms the right-hand side
   * @param others the columns that {@code .} stands for
   */
  static String expandDot(String terms, List<String> others) {
    StringBuilder out = new StringBuilder();
    for (String t : terms.split("(?=[+-])")) {
      String sign = t.startsWith("+") || t.startsWith("-") ? t.substring(0, 1) : "";
      String body = t.substring(sign.length()).trim();
      if (body.equals(".") && !sign.equals("-")) {
        out.append(t.replace(".", String.join(" + ", others)));
      } else if (body.equals(".") || body.contains(".") && !body.matches("[\\w.]+")) {
        throw new UsageException("--formula: '.' stands for all other columns only as a term of"
            + " its own (not removed, not in an interaction), got '" + t.trim() + "'");
      } else {
        out.append(t);
      }
    }
    return out.toString().trim();
  }

  /**
   * The columns that a right-hand side names, in order of first mention.
   *
   * @param terms the right-hand side, {@code .} written out
   * @param columns the table's columns
   * @param input the input's name, for messages
   * @throws UsageException naming a column that is not in the table
   */
  static List<String> columnsOf(String terms, List<String> columns, String input) {
    Set<String> out = new LinkedHashSet<>();
    for (String token : SEPARATORS.split(terms.trim())) {
      if (token.isEmpty() || token.matches("\\d+")) {
        continue;
      }
      if (!columns.contains(token)) {
        boolean function = Pattern.compile("(^|\\W)" + Pattern.quote(token) + "\\s*\\(")
            .matcher(terms).find();
        throw new UsageException("--formula names " + (function ? "function" : "column") + " '"
            + token + "', which is not in '" + input + "'; its columns are "
            + String.join(", ", columns) + (function ? " (compute a term such as log(x) or"
                + " I(x^2) first: --column \"lx=log(x)\")" : ""));
      }
      out.add(token);
    }
    return List.copyOf(out);
  }

  /**
   * Refuses a column that a formula cannot name: RFormula reads ASCII letters, digits and
   * {@code _} starting with a letter (its dots would be read as struct fields by the stages
   * after it), so a formula's columns are the names that {@link ColumnNames#encode} leaves
   * unchanged.
   *
   * @param column a column the formula names
   * @param input the input's name, for messages
   * @throws UsageException naming the column
   */
  static void requireFormulaName(String column, String input) {
    if (!FORMULA_NAME.matcher(column).matches()) {
      throw new UsageException("column '" + column + "' of '" + input + "' cannot be named in"
          + " --formula: a formula's columns have names of ASCII letters, digits and _,"
          + " starting with a letter; rename it in the input, or use --label and --features,"
          + " which take any name");
    }
  }

  /** The text columns among those named: the factors. */
  static List<String> factors(StructType schema, List<String> named) {
    List<String> out = new ArrayList<>();
    for (String c : named) {
      if (schema.apply(c).dataType() instanceof StringType) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The fitted feature stage of a formula.
   *
   * @param stages the formula's stage ({@link FormulaFeatures})
   * @param names the coefficient names, in the order of the features vector
   * @param signatures per coefficient, the columns of its term (factors by their column)
   */
  record Fitted(List<Transformer> stages, List<String> names, List<List<String>> signatures) {}

  /**
   * Fits the feature stage of a formula: Spark's {@link RFormula} reads the terms (on no rows,
   * each factor standing in as a number column, so that no Spark job runs), and each term's
   * factors are then expanded into their levels as R codes them: a factor alone drops its
   * reference level (the alphabetically first) when the model has an intercept, and without
   * one the first factor alone keeps every level (RFormula's rule, R's too); in an interaction
   * a factor drops its reference level when the term without that factor is in the model (R's
   * contrasts). Terms come in RFormula's order, the levels within a term in R's order.
   *
   * @param terms the right-hand side, {@code .} written out
   * @param factors its text columns
   * @param levels each factor's levels, sorted ({@link InputTable#levels})
   * @param intercept whether the model has an intercept
   * @param data the rows (computed columns added, bad rows gone); only its schema is read
   * @param featuresCol the column the features vector goes to
   * @param text the formula as written, for messages
   */
  static Fitted fitFormula(String terms, List<String> factors, List<String[]> levels,
      boolean intercept, Dataset<Row> data, String featuresCol, String text) {
    Dataset<Row> stub = data.limit(0);
    for (String f : factors) {
      stub = stub.withColumn(f, lit(0.0));
    }
    String raw = featuresCol + "_terms";
    Attribute[] attrs;
    try {
      RFormulaModel formula = new RFormula().setFormula("~ " + terms).setFeaturesCol(raw)
          .fit(stub);
      scala.Option<Attribute[]> found = AttributeGroup.fromStructField(
          formula.transform(stub).schema().apply(raw)).attributes();
      attrs = found.isDefined() ? found.get() : new Attribute[0];
    } catch (Exception e) {
      throw userError(e, "--formula '" + text + "': ");
    }
    List<List<String>> signatures = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (Attribute a : attrs) {
      List<String> sig = List.of(a.name().get().split(":"));
      signatures.add(sig);
      for (String c : sig) {
        if (!inputs.contains(c)) {
          inputs.add(c);
        }
      }
    }
    Set<List<String>> present = new HashSet<>(signatures);
    if (intercept) {
      present.add(List.of());
    }
    List<int[]> columns = new ArrayList<>();
    List<List<String>> kept = new ArrayList<>();
    boolean fullyCoded = false;
    for (List<String> sig : signatures) {
      boolean keepAll = false;
      if (!intercept && !fullyCoded && sig.size() == 1 && factors.contains(sig.get(0))) {
        keepAll = true;
        fullyCoded = true;
      }
      for (int[] combo : combinations(sig, factors, levels)) {
        if (!dropped(sig, combo, keepAll, present)) {
          int[] parts = new int[2 * sig.size()];
          for (int p = 0; p < sig.size(); p++) {
            parts[2 * p] = inputs.indexOf(sig.get(p));
            parts[2 * p + 1] = combo[p];
          }
          columns.add(parts);
          kept.add(sig);
        }
      }
    }
    String[][] inputLevels = inputs.stream().map(c -> factors.contains(c)
        ? levels.get(factors.indexOf(c)) : new String[0]).toArray(String[][]::new);
    FormulaFeatures stage = new FormulaFeatures().design(featuresCol, terms,
        inputs.toArray(new String[0]), inputLevels, columns.toArray(new int[0][]));
    return new Fitted(List.of(stage), stage.names(), kept);
  }

  /**
   * A term's columns of levels: per part, the factor's level index, or -1 for a number column;
   * the first part varies slowest.
   */
  private static List<int[]> combinations(List<String> sig, List<String> factors,
      List<String[]> levels) {
    List<int[]> out = new ArrayList<>();
    out.add(new int[0]);
    for (String part : sig) {
      int n = factors.contains(part) ? levels.get(factors.indexOf(part)).length : 0;
      List<int[]> next = new ArrayList<>();
      for (int[] prefix : out) {
        for (int l = n == 0 ? -1 : 0; l < Math.max(n, 0); l++) {
          int[] c = Arrays.copyOf(prefix, prefix.length + 1);
          c[prefix.length] = l;
          next.add(c);
        }
      }
      out = next;
    }
    return out;
  }

  /** Whether R's coding leaves out a term's column of levels (see {@link #fitFormula}). */
  private static boolean dropped(List<String> sig, int[] combo, boolean keepAll,
      Set<List<String>> present) {
    for (int p = 0; p < sig.size(); p++) {
      if (combo[p] == 0) {
        if (sig.size() == 1) {
          return !keepAll;
        }
        List<String> rest = new ArrayList<>(sig);
        rest.remove(p);
        if (present.contains(rest)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What a fit's experts regress on what.
   *
   * @param labels the label columns
   * @param column the model's label column (a vector of the labels when there are several)
   * @param intercept whether the experts have an intercept
   */
  record Target(List<String> labels, String column, boolean intercept) {}

  /**
   * A pipeline written by the fit job, taken apart: its computed columns, the factors' level
   * stage of a folder written before {@link FormulaFeatures} (or null), the stages that make the
   * features vector (the formula's {@link FormulaFeatures}; in such an older folder RFormula's
   * model and the slicer; or one assembler), the labels' assembler (or null for one label) and
   * the mixture.
   *
   * @param computed the computed columns' stages
   * @param levels the factors' level stage of an older folder, or null
   * @param features the stages that make the features vector
   * @param labelStage the assembler of several labels, or null
   * @param gateStage the assembler of the gate's own inputs ({@code --gate-features}), or null
   * @param model the mixture
   */
  record Saved(List<SQLTransformer> computed, StringIndexerModel levels,
      List<Transformer> features, VectorAssembler labelStage, VectorAssembler gateStage,
      MixtureModel<?> model) {

    /**
     * Takes a pipeline apart.
     *
     * @param p the loaded pipeline
     * @param dir its folder, for messages
     * @throws UsageException when the pipeline is not one the fit job writes
     */
    static Saved of(PipelineModel p, String dir) {
      List<Transformer> stages = Arrays.asList(p.stages());
      int at = 0;
      List<SQLTransformer> computed = new ArrayList<>();
      while (at < stages.size() && stages.get(at) instanceof SQLTransformer t) {
        computed.add(t);
        at++;
      }
      StringIndexerModel levels = null;
      if (at < stages.size() && stages.get(at) instanceof StringIndexerModel l) {
        levels = l;
        at++;
      }
      List<Transformer> features = new ArrayList<>();
      if (levels == null && at < stages.size() && stages.get(at) instanceof FormulaFeatures f) {
        try {
          f.requireConsistent();
        } catch (IllegalArgumentException e) {
          throw new UsageException("'" + dir + "' is not a model written by jobs/fit.sh ("
              + e.getMessage() + ")");
        }
        features.add(stages.get(at++));
      } else if (at + 1 < stages.size() && stages.get(at) instanceof RFormulaModel
          && stages.get(at + 1) instanceof VectorSlicer) {
        features.addAll(stages.subList(at, at + 2));
        at += 2;
      } else if (at < stages.size() && stages.get(at) instanceof RFormulaModel) {
        // an intercept-only formula ('y ~ 1'): its empty vector is the features
        features.add(stages.get(at++));
      } else if (levels == null && at < stages.size()
          && stages.get(at) instanceof VectorAssembler) {
        features.add(stages.get(at++));
      }
      String gateCol = stages.isEmpty() || !(stages.get(stages.size() - 1)
          instanceof MixtureModel<?> last) ? "" : last.gateInputsColumn();
      VectorAssembler labelStage = null;
      VectorAssembler gateStage = null;
      while (at + 1 < stages.size() && stages.get(at) instanceof VectorAssembler a) {
        if (gateStage == null && !gateCol.isEmpty() && a.getOutputCol().equals(gateCol)) {
          gateStage = a;
        } else if (labelStage == null) {
          labelStage = a;
        } else {
          break;
        }
        at++;
      }
      if (features.isEmpty() || at != stages.size() - 1
          || !(stages.get(at) instanceof MixtureModel<?> model)) {
        throw new UsageException("'" + dir + "' is a Spark ML pipeline but not one written by"
            + " jobs/fit.sh (computed columns, the features' stages, then a mixture model)");
      }
      return new Saved(computed, levels, features, labelStage, gateStage, model);
    }

    /** The factors (text columns) of the formula; empty without one. */
    List<String> factors() {
      return levels != null ? Arrays.asList(levels.getInputCols())
          : features.get(0) instanceof FormulaFeatures f ? f.factors() : List.of();
    }

    /** The training levels of each of {@link #factors()}. */
    private String[][] factorLevels() {
      return levels != null ? levels.labelsArray()
          : features.get(0) instanceof FormulaFeatures f ? f.factorLevels() : new String[0][];
    }

    /**
     * The columns the features are made from (computed columns included).
     *
     * @param columns the table's columns, computed ones added
     * @param input the input's name, for messages
     */
    List<String> features(List<String> columns, String input) {
      List<String> out = new ArrayList<>();
      if (features.get(0) instanceof VectorAssembler a) {
        out.addAll(Arrays.asList(a.getInputCols()));
      } else if (features.get(0) instanceof FormulaFeatures f) {
        out.addAll(Arrays.asList(f.getInputCols()));
      } else {
        String formula = ((RFormulaModel) features.get(0)).getFormula();
        out.addAll(columnsOf(formula.substring(formula.indexOf('~') + 1), columns, input));
      }
      if (gateStage != null) {
        for (String g : gateStage.getInputCols()) {
          if (!out.contains(g)) {
            out.add(g);
          }
        }
      }
      return out;
    }

    /** The label columns. */
    List<String> labels() {
      return labelStage != null ? Arrays.asList(labelStage.getInputCols())
          : List.of(model.getLabelCol());
    }

    /** The columns the pipeline makes on its way, which the input must not hold. */
    List<String> internalColumns() {
      List<String> out = new ArrayList<>(List.of(model.getFeaturesCol(),
          model.getPredictionCol(), model.getPredictionStdCol(), model.getProbabilityCol(),
          model.getResponsibilityCol(), model.getComponentPredictionsCol(),
          model.getLogLikelihoodCol()));
      if (labelStage != null) {
        out.add(labelStage.getOutputCol());
      }
      if (gateStage != null) {
        out.add(gateStage.getOutputCol());
      }
      if (levels != null) {
        out.addAll(Arrays.asList(levels.getOutputCols()));
      }
      if (features.get(0) instanceof RFormulaModel f) {
        out.add(f.getFeaturesCol());
      }
      return out;
    }

    /**
     * Scores clean rows (computed columns added): checks the factors' levels against the
     * training levels, then runs the feature stages, the labels' assembler when the rows are
     * labelled, and the mixture.
     *
     * @param rows the rows
     * @param labelled whether they have every label column
     * @param skip drop rows with a level the training data did not have, instead of failing
     * @param input the input's name, for messages
     */
    Dataset<Row> score(Dataset<Row> rows, boolean labelled, boolean skip, String input) {
      Dataset<Row> d = levels != null ? levels.transform(rows) : rows;
      if (!factors().isEmpty()) {
        d = knownLevels(d, skip, input);
      }
      for (Transformer t : features) {
        d = t.transform(d);
      }
      if (gateStage != null) {
        d = gateStage.transform(d);
      }
      if (labelled && labelStage != null) {
        d = labelStage.transform(d);
      }
      return model.transform(d);
    }

    /** The rows whose factors' levels the training data had; fails on others unless skip. */
    private Dataset<Row> knownLevels(Dataset<Row> d, boolean skip, String input) {
      String[] in = factors().toArray(new String[0]);
      String[][] known = factorLevels();
      List<Column> aggs = new ArrayList<>();
      Column ok = lit(true);
      for (int f = 0; f < in.length; f++) {
        Column unseen = not(col(in[f]).isin((Object[]) known[f]));
        aggs.add(sum(when(unseen, 1).otherwise(0)));
        aggs.add(first(when(unseen, col(in[f])), true));
        ok = ok.and(not(unseen));
      }
      aggs.add(sum(when(ok, 0).otherwise(1)));
      Row r = d.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
      for (int f = 0; f < in.length; f++) {
        long n = r.isNullAt(2 * f) ? 0 : r.getLong(2 * f);
        if (n > 0 && !skip) {
          throw new UsageException("factor column '" + in[f] + "' of '" + input + "' has the"
              + " level '" + r.get(2 * f + 1) + "'" + (n > 1 ? " (" + n + " rows)" : "")
              + ", which the training data did not have (its levels: "
              + String.join(", ", known[f]) + "); pass --bad-rows skip to drop those rows");
        }
      }
      long dropped = r.isNullAt(2 * in.length) ? 0 : r.getLong(2 * in.length);
      if (dropped == 0) {
        return d;
      }
      LOG.warn("dropped {} rows of '{}' with a factor level the training data did not have"
          + " (--bad-rows skip); they are not in the predictions", dropped, input);
      return d.filter(ok);
    }
  }

  /**
   * A Spark stage's complaint about the user's input (an analysis or parse error, an illegal
   * argument) as one line after {@code context}; anything else unchanged.
   */
  private static RuntimeException userError(Exception e, String context) {
    if (e instanceof AnalysisException || e instanceof IllegalArgumentException) {
      return new UsageException(context + firstLine(e));
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The first line of an exception's message (Spark's carry a plan or a stack below). */
  static String firstLine(Throwable e) {
    String msg = String.valueOf(e.getMessage()).strip();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl).strip();
  }
}
