package org.mixturelib.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.apache.spark.ml.feature.StringIndexer;
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
 * How the jobs turn a raw table into the features of a fit, with Spark ML's own stages so that
 * the saved pipeline takes the raw table: computed columns ({@code --column name=expression},
 * each a Spark SQL expression in a {@link SQLTransformer}) and an R formula ({@code --formula
 * "y ~ x + f + x:f"}) through {@link RFormula}. Text columns of a formula are factors: a {@link
 * StringIndexer} keeps their training levels (so that predict can name a level it has not
 * seen), RFormula makes the indicator columns, and a {@link VectorSlicer} keeps and orders them
 * as R does (the alphabetically first level is the reference, and an interaction drops it when
 * the term without the factor is in the model too), named as R names them ({@code
 * TreatmentYes}, {@code x:TreatmentYes}). No formula parser of ours: the formula's own terms go
 * to RFormula; this class only reads off the label, the intercept and the columns named.
 */
final class Design {
  /** A column name that a computed column may take. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** A column name that RFormula reads and encoding leaves unchanged. */
  private static final Pattern FORMULA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  /** What separates the names in a formula's terms. */
  private static final Pattern SEPARATORS = Pattern.compile("[\\s+\\-:*^()]+");
  /** The prefix of the index columns of the factors' level stage. */
  static final String LEVEL_PREFIX = "mixturelib_level_";

  /**
   * The column of a factor's level indices for the formula into {@code featuresCol} (named
   * after both, so that two formulas, the experts' and the zero part's, may index one factor).
   */
  private static String levelColumn(String featuresCol, String factor) {
    return LEVEL_PREFIX + featuresCol + "_" + factor;
  }
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
   * The fitted feature stages of a formula.
   *
   * @param stages the level stage (when there are factors), RFormula's model and the slicer
   * @param names the coefficient names, in the order of the features vector
   * @param signatures per coefficient, the columns of its term (factors by their column)
   */
  record Fitted(List<Transformer> stages, List<String> names, List<List<String>> signatures) {}

  /**
   * Fits the feature stages of a formula on clean rows.
   *
   * @param terms the right-hand side, {@code .} written out
   * @param factors its text columns
   * @param intercept whether the model has an intercept
   * @param data the rows (computed columns added, bad rows gone)
   * @param featuresCol the column the features vector goes to
   * @param text the formula as written, for messages
   */
  static Fitted fitFormula(String terms, List<String> factors, boolean intercept,
      Dataset<Row> data, String featuresCol, String text) {
    List<Transformer> stages = new ArrayList<>();
    List<String[]> levels = new ArrayList<>();
    if (!factors.isEmpty()) {
      StringIndexerModel indexer = new StringIndexer()
          .setInputCols(factors.toArray(new String[0]))
          .setOutputCols(factors.stream().map(f -> levelColumn(featuresCol, f))
              .toArray(String[]::new))
          .setStringOrderType("alphabetAsc").setHandleInvalid("keep").fit(data);
      stages.add(indexer);
      levels.addAll(Arrays.asList(indexer.labelsArray()));
    }
    String raw = featuresCol + "_terms";
    RFormulaModel formula;
    try {
      formula = new RFormula().setFormula("~ " + terms).setFeaturesCol(raw)
          .setStringIndexerOrderType("alphabetDesc").fit(data);
    } catch (Exception e) {
      throw userError(e, "--formula '" + text + "': ");
    }
    stages.add(formula);
    Attribute[] attrs = AttributeGroup.fromStructField(
        formula.transform(data.limit(0)).schema().apply(raw)).attributes().get();
    List<Term> kept = rTerms(attrs, factors, levels, intercept);
    if (kept.isEmpty()) {
      // intercept only ('y ~ 1'): an empty features vector, which a slicer cannot select
      stages.set(stages.size() - 1, new RFormula().setFormula("~ " + terms)
          .setFeaturesCol(featuresCol).fit(data));
      return new Fitted(stages, List.of(), List.of());
    }
    stages.add(new VectorSlicer().setInputCol(raw).setOutputCol(featuresCol)
        .setIndices(kept.stream().mapToInt(Term::index).toArray()));
    return new Fitted(stages, kept.stream().map(Term::name).toList(),
        kept.stream().map(Term::signature).toList());
  }

  /**
   * One column of RFormula's output as R would name and order it.
   *
   * @param index its position in RFormula's vector
   * @param name R's name
   * @param signature the columns of its term, in order
   * @param levelRanks the factors' level positions, for R's order within a term
   */
  private record Term(int index, String name, List<String> signature, int[] levelRanks) {}

  /**
   * RFormula's columns as R keeps them: an interaction's factor drops its reference level when
   * the term without that factor is in the model (R's contrasts; RFormula codes interactions in
   * full), terms in RFormula's order, levels within a term in R's (alphabetical) order.
   */
  private static List<Term> rTerms(Attribute[] attrs, List<String> factors,
      List<String[]> levels, boolean intercept) {
    List<Term> all = new ArrayList<>();
    for (int i = 0; i < attrs.length; i++) {
      String[] parts = attrs[i].name().get().split(":");
      List<String> signature = new ArrayList<>();
      List<String> name = new ArrayList<>();
      int[] ranks = new int[parts.length];
      for (int p = 0; p < parts.length; p++) {
        ranks[p] = -1;
        String column = parts[p];
        for (int f = 0; f < factors.size(); f++) {
          String prefix = factors.get(f) + "_";
          if (parts[p].startsWith(prefix)) {
            int rank = Arrays.asList(levels.get(f)).indexOf(parts[p].substring(prefix.length()));
            if (rank >= 0 && (ranks[p] < 0 || factors.get(f).length() > column.length())) {
              column = factors.get(f);
              ranks[p] = rank;
            }
          }
        }
        signature.add(column);
        name.add(ranks[p] < 0 ? column : column + parts[p].substring(column.length() + 1));
      }
      all.add(new Term(i, String.join(":", name), signature, ranks));
    }
    Set<List<String>> present = new HashSet<>();
    for (Term t : all) {
      present.add(t.signature());
    }
    if (intercept) {
      present.add(List.of());
    }
    List<Term> kept = new ArrayList<>();
    for (Term t : all) {
      boolean drop = false;
      for (int p = 0; p < t.signature().size(); p++) {
        if (t.levelRanks()[p] == 0) {
          List<String> rest = new ArrayList<>(t.signature());
          rest.remove(p);
          drop |= present.contains(rest);
        }
      }
      if (!drop) {
        kept.add(t);
      }
    }
    List<List<String>> order = new ArrayList<>();
    for (Term t : kept) {
      if (!order.contains(t.signature())) {
        order.add(t.signature());
      }
    }
    kept.sort(Comparator.<Term>comparingInt(t -> order.indexOf(t.signature()))
        .thenComparing(Term::levelRanks, Arrays::compare));
    return kept;
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
   * A pipeline written by the fit job, taken apart: its computed columns, the factors' levels
   * (or null), the stages that make the features vector (RFormula's model and the slicer, or
   * one assembler), the labels' assembler (or null for one label) and the mixture.
   *
   * @param computed the computed columns' stages
   * @param levels the factors' level stage, or null
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
      if (at + 1 < stages.size() && stages.get(at) instanceof RFormulaModel
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
      return levels == null ? List.of() : Arrays.asList(levels.getInputCols());
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
      Dataset<Row> d = rows;
      if (levels != null) {
        d = knownLevels(levels.transform(d), skip, input);
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
      String[] in = levels.getInputCols();
      String[] out = levels.getOutputCols();
      String[][] known = levels.labelsArray();
      List<Column> aggs = new ArrayList<>();
      Column ok = lit(true);
      for (int f = 0; f < in.length; f++) {
        Column unseen = col(out[f]).geq(known[f].length);
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
