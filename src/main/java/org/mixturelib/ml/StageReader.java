package org.mixturelib.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.LinearExperts;

/**
 * Loads a stage saved by {@link StageWriter}. Every problem with the directory (missing,
 * not a saved stage, another class, malformed or corrupted files) is an {@code
 * IllegalArgumentException} that names the path and what is wrong.
 *
 * <p>Nothing read is trusted: the sizes that the metadata's params and {@code data.json} give
 * are checked against each other, against the values actually in the file and against the
 * heap before anything is allocated ({@link #checkSizes}); every decoded parameter must be
 * finite ({@link #requireFinite}); and a saved pipeline's stages must be of the classes the
 * fit job writes, its computed columns plain expressions, before Spark's reader loads any
 * class by name ({@link #checkPipelineClasses}).
 *
 * @param <T> the stage type
 */
public final class StageReader<T> extends MLReader<T> {
  private static final String SQL_TRANSFORMER = "org.apache.spark.ml.feature.SQLTransformer";
  /**
   * The classes of the stages that the fit job writes (and those inside an {@code
   * RFormulaModel}'s own pipeline): the only ones a model folder may name.
   */
  public static final java.util.Set<String> PIPELINE_STAGES = java.util.Set.of(
      "org.apache.spark.ml.PipelineModel", SQL_TRANSFORMER,
      "org.apache.spark.ml.feature.StringIndexerModel",
      "org.apache.spark.ml.feature.RFormulaModel", "org.apache.spark.ml.feature.VectorSlicer",
      "org.apache.spark.ml.feature.VectorAssembler",
      "org.apache.spark.ml.feature.VectorAttributeRewriter",
      "org.apache.spark.ml.feature.ColumnPruner",
      "org.apache.spark.ml.feature.OneHotEncoderModel",
      "org.apache.spark.ml.feature.Interaction", "org.mixturelib.jobs.FormulaFeatures",
      MixtureOfRegressionsModel.class.getName(),
      MixtureOfExpertsModel.class.getName());
  /** The one query shape of a computed column. */
  private static final java.util.regex.Pattern COMPUTED = java.util.regex.Pattern.compile(
      "SELECT \\*, \\((.+)\\) AS `[A-Za-z_][A-Za-z0-9_]*` FROM __THIS__",
      java.util.regex.Pattern.DOTALL);
  private static final String THIS = "__THIS__";
  /** The largest parameter a loaded model may hold ({@link #requireFinite}). */
  static final double MAX_MAGNITUDE = 1e150;
  /** Built-in functions that call Java methods by name. */
  static final String REFLECTION = "reflect, java_method, try_reflect";
  private static final java.util.Set<String> BUILTINS = builtins();
  /** Builds the stage from its directory, once the metadata has been checked. */
  @FunctionalInterface
  interface Factory<T> {
    /** Creates the stage; {@code metadata} holds its params. */
    T create(String uid, JsonNode metadata, FileSystem fs, Path dir) throws IOException;
  }

  private final Class<T> type;
  private final Factory<T> factory;

  StageReader(Class<T> type, Factory<T> factory) {
    this.type = type;
    this.factory = factory;
  }

  /**
   * Loads the stage saved in {@code path}.
   *
   * @throws IllegalArgumentException naming the path and what is wrong with it
   */
  @Override
  public T load(String path) {
    String prefix = "cannot load " + type.getSimpleName() + " from '" + path + "': ";
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(sc().hadoopConfiguration());
      return read(fs, dir);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(prefix + describe(e), e);
    }
  }

  /** Reads the stage saved in {@code dir}. */
  T read(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      throw new IllegalArgumentException("the directory does not exist");
    }
    if (!fs.getFileStatus(dir).isDirectory()) {
      throw new IllegalArgumentException("it is a file, not a saved stage's directory");
    }
    Path metaPath = new Path(dir, StageWriter.METADATA);
    if (!fs.exists(metaPath)) {
      throw new IllegalArgumentException("'metadata' is missing (not a saved stage, or the"
          + " save did not finish)");
    }
    FileStatus status = fs.getFileStatus(metaPath);
    if (status.isDirectory()) {
      throw new IllegalArgumentException("'metadata' is a directory; this stage was not saved"
          + " by mixturelib");
    }
    JsonNode meta;
    try {
      meta = StageWriter.JSON.readTree(new String(readBytes(fs, metaPath),
          StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("'metadata' is not valid JSON ("
          + e.getOriginalMessage() + ")");
    }
    String cls = text(meta, "class", "metadata");
    if (!type.getName().equals(cls)) {
      throw new IllegalArgumentException("it holds a " + cls + ", not a " + type.getName());
    }
    JsonNode version = meta.get("formatVersion");
    if (version == null || !version.canConvertToInt()
        || version.asInt() > StageWriter.FORMAT_VERSION) {
      throw new IllegalArgumentException("'metadata' has format version " + version
          + "; this library reads versions up to " + StageWriter.FORMAT_VERSION);
    }
    return factory.create(text(meta, "uid", "metadata"), meta, fs, dir);
  }

  /** Sets the params recorded in {@code metadata} (defaults, then explicit values) on a stage. */
  static void applyParams(Params stage, JsonNode metadata) {
    apply(stage, object(metadata, "defaultParamMap"), true);
    apply(stage, object(metadata, "paramMap"), false);
  }

  private static void apply(Params stage, JsonNode values, boolean defaults) {
    Iterator<Map.Entry<String, JsonNode>> it = values.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!stage.hasParam(e.getKey())) {
        throw new IllegalArgumentException("'metadata' names a param '" + e.getKey()
            + "' that " + stage.getClass().getSimpleName() + " does not have");
      }
      Param<Object> p = stage.getParam(e.getKey());
      Object v;
      try {
        v = p.jsonDecode(e.getValue().toString());
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("'metadata' has a malformed value for param '"
            + e.getKey() + "': " + e.getValue());
      }
      if (defaults) {
        stage.setDefault(p, v);
      } else {
        stage.set(p, v);
      }
    }
  }

  /** A required text field of a JSON object. */
  static String text(JsonNode node, String field, String file) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + file + "' lacks the text field '" + field + "'");
    }
    return v.asText();
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("'metadata' lacks the object '" + field + "'");
    }
    return v;
  }

  /** Reads a whole file (a checksum error of the file system names the file). */
  static byte[] readBytes(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    } catch (ChecksumException e) {
      throw new IllegalArgumentException("'" + file.getName() + "' does not match the checksum"
          + " the file system recorded for it (the file is corrupted or was edited)");
    }
  }

  /**
   * Checks, before a saved pipeline is loaded, that it and every stage in it (nested pipelines
   * and an {@code RFormulaModel}'s own pipeline included) are of the classes that the fit job
   * writes ({@link #PIPELINE_STAGES}; Spark's reader would otherwise load and initialise any
   * class on the classpath that a tampered metadata file names), and that every {@code
   * SQLTransformer} holds a computed column as the fit job writes it ({@link
   * #checkComputedColumn}): loading a model never runs a query.
   *
   * @param fs the file system
   * @param dir the pipeline's folder
   * @throws IllegalArgumentException naming the stage's folder and the class or statement
   * @throws IOException when the files cannot be read
   */
  public static void checkPipelineClasses(FileSystem fs, Path dir) throws IOException {
    JsonNode meta = sparkMetadata(fs, dir);
    String cls = text(meta, "class", "metadata");
    if (!PIPELINE_STAGES.contains(cls)) {
      throw new IllegalArgumentException("'" + dir + "' names the class " + cls + ", which is"
          + " not a stage that jobs/fit.sh writes; refused");
    }
    if (cls.equals(SQL_TRANSFORMER)) {
      JsonNode params = meta.get("paramMap");
      JsonNode statement = params == null ? null : params.get("statement");
      if (statement == null || !statement.isTextual()) {
        throw new IllegalArgumentException("'" + dir + "' is a SQLTransformer without its"
            + " statement");
      }
      try {
        checkComputedColumn(statement.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + dir + "': " + e.getMessage(), e);
      }
    }
    Path nested = cls.endsWith(".PipelineModel") ? new Path(dir, "stages")
        : cls.endsWith(".RFormulaModel") ? new Path(dir, "pipelineModel") : null;
    if (nested == null) {
      return;
    }
    if (!fs.exists(nested)) {
      throw new IllegalArgumentException("'" + dir + "' lacks its '" + nested.getName()
          + "' folder");
    }
    if (cls.endsWith(".RFormulaModel")) {
      checkPipelineClasses(fs, nested);
      return;
    }
    JsonNode params = meta.get("paramMap");
    Iterator<String> names = params == null ? java.util.Collections.emptyIterator()
        : params.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!"stageUids".equals(name)) {
        throw new IllegalArgumentException("'" + dir + "' is a PipelineModel with the param '"
            + name + "', which a pipeline does not have; refused");
      }
    }
    for (FileStatus st : fs.listStatus(nested)) {
      if (st.isDirectory()) {
        checkPipelineClasses(fs, st.getPath());
      }
    }
  }

  /**
   * Checks a computed column's statement ({@code --column name=expression}): it must be the
   * one query shape the fit job writes, {@code SELECT *, (expression) AS `name` FROM
   * __THIS__}, parsed by Spark's parser to exactly that plan, and its expression may call
   * only Spark's built-in functions, none of those that call Java methods by name ({@value
   * #REFLECTION}), and hold no subquery and no {@code IDENTIFIER(...)} clause.
   *
   * @param statement the {@code SQLTransformer}'s statement
   * @throws IllegalArgumentException saying what is not allowed
   */
  public static void checkComputedColumn(String statement) {
    if (!COMPUTED.matcher(statement).matches()) {
      throw new IllegalArgumentException("the statement '" + statement + "' is not a computed"
          + " column ('SELECT *, (expression) AS `name` FROM __THIS__'); refused");
    }
    LogicalPlan plan;
    try {
      plan = CatalystSqlParser$.MODULE$.parsePlan(statement);
    } catch (Exception e) { // Spark's ParseException, checked in Java's eyes
      throw new IllegalArgumentException("the statement '" + statement + "' does not parse: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    if (!(plan instanceof Project p) || p.projectList().size() != 2
        || !(p.child() instanceof UnresolvedRelation r) || !THIS.equals(r.tableName())
        || !(p.projectList().head() instanceof UnresolvedStar)) {
      throw new IllegalArgumentException("the statement '" + statement + "' is not a computed"
          + " column ('SELECT *, (expression) AS `name` FROM __THIS__'); refused");
    }
    checkExpression((Expression) p.projectList().last(), statement);
  }

  private static void checkExpression(Expression e, String statement) {
    String why = null;
    if (e instanceof SubqueryExpression) {
      why = "a subquery";
    } else if (e.getClass().getSimpleName().contains("UnresolvedIdentifier")) {
      why = "an IDENTIFIER clause";
    } else if (e instanceof UnresolvedFunction f) {
      String name = f.nameParts().last().toLowerCase(java.util.Locale.ROOT);
      if (f.nameParts().size() != 1 || !BUILTINS.contains(name)) {
        why = "the function '" + f.nameParts().mkString(".") + "', which is not one of"
            + " Spark's built-in functions";
      } else if (List.of(REFLECTION.split(", ")).contains(name)) {
        why = "the function '" + name + "', which calls Java methods by name";
      }
    }
    if (why != null) {
      throw new IllegalArgumentException("the computed column '" + statement + "' holds "
          + why + "; refused");
    }
    scala.collection.Iterator<Expression> it = e.children().iterator();
    while (it.hasNext()) {
      checkExpression(it.next(), statement);
    }
  }

  /** The names of Spark's built-in functions, lower case. */
  private static java.util.Set<String> builtins() {
    java.util.Set<String> out = new java.util.HashSet<>();
    scala.collection.Iterator<FunctionIdentifier> it = FunctionRegistry$.MODULE$.functionSet()
        .iterator();
    while (it.hasNext()) {
      out.add(it.next().funcName().toLowerCase(java.util.Locale.ROOT));
    }
    return java.util.Set.copyOf(out);
  }

  /**
   * A stage's metadata: our one file, or Spark's folder of one part file ({@code part-00000}
   * from Spark 3.5, {@code part-00000-<uuid>.txt} from Spark 4).
   */
  private static JsonNode sparkMetadata(FileSystem fs, Path dir) throws IOException {
    Path meta = new Path(dir, StageWriter.METADATA);
    if (!fs.exists(meta)) {
      throw new IllegalArgumentException("'" + dir + "' has no 'metadata' (not a saved stage)");
    }
    if (fs.getFileStatus(meta).isDirectory()) {
      Path folder = meta;
      meta = java.util.Arrays.stream(fs.listStatus(folder)).map(FileStatus::getPath)
          .filter(p -> p.getName().startsWith("part-")).sorted().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("'" + folder + "' holds no part"
              + " file (not a stage's metadata)"));
    }
    try {
      return StageWriter.JSON.readTree(new String(readBytes(fs, meta), StandardCharsets.UTF_8)
          .lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new IllegalArgumentException("'" + meta + "' is not a stage's metadata ("
          + e.getMessage() + ")");
    }
  }

  /**
   * Checks the sizes of a saved model before anything is allocated for it: {@code data.json}'s
   * number of components against the params' k, its coefficient count against the features and
   * the intercept, and the arrays that loading allocates against the heap. (A missing or
   * malformed {@code data.json}, and each component's own arrays, are left to the codec, which
   * names them.)
   *
   * @param params the model's params, applied from its metadata
   * @param fs the file system
   * @param dir the model's folder
   * @throws IllegalArgumentException naming what disagrees
   */
  static void checkSizes(MixtureParams params, FileSystem fs, Path dir) throws IOException {
    Path file = new Path(dir, StateCodec.DATA);
    JsonNode data;
    try {
      data = fs.exists(file) ? StageWriter.JSON.readTree(readBytes(fs, file)) : null;
    } catch (JsonProcessingException e) {
      return;
    }
    if (data == null || !data.isObject()) {
      return;
    }
    long k = params.getK();
    // 0 features with an intercept: an intercept-only model ('y ~ 1')
    long features = size(data, "numFeatures", 0);
    long d = size(data, "numCoefficients");
    long m = size(data, "numOutputs");
    long intercept = params.getFitIntercept() ? 1 : 0;
    long saved = size(data, "numComponents");
    if (saved != k) {
      throw sizes("the params give k = " + k + " components, 'data.json' has " + saved);
    }
    if (d != features + intercept) {
      throw sizes("'data.json' has " + d + " coefficients per output for " + features
          + " features" + (intercept > 0 ? " and an intercept" : ""));
    }
    double values = StateSize.numbers(params, k, d, m, features);
    if (StateSize.beyondHeap(values)) {
      throw sizes("loading it would allocate " + String.format(java.util.Locale.ROOT, "%.0f",
          values) + " numbers (k = " + k + ", " + d + " coefficients, " + m + " outputs), more"
          + " than half this JVM's heap of " + StateSize.heap()
          + " bytes");
    }
  }

  /** A size field: a whole number from 1 to 2^31 - 1. */
  private static long size(JsonNode node, String field) {
    return size(node, field, 1);
  }

  /** A size field: a whole number from {@code min} to 2^31 - 1. */
  private static long size(JsonNode node, String field, int min) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToInt() || v.asInt() < min) {
      throw sizes("'data.json' has no valid '" + field + "' (a whole number >= " + min + "): "
          + v);
    }
    return v.asInt();
  }

  private static IllegalArgumentException sizes(String what) {
    return new IllegalArgumentException("sizes do not agree: " + what
        + " (the files are corrupted or were edited)");
  }

  /**
   * Checks that every decoded parameter is finite (noise variances also positive): a tampered
   * or damaged file must not load a model that fails only while scoring.
   *
   * @throws IllegalArgumentException naming the parameter
   */
  static void requireFinite(Fitted fitted) {
    ExpertFamily family = fitted.state().experts();
    if (!(family instanceof LinearExperts ex)) {
      if (!family.isFinite()) {
        throw new IllegalArgumentException("'data.json': the experts' parameters are not"
            + " finite (or a scale parameter is not positive); every parameter must be finite");
      }
      requireFiniteGate(fitted.state());
      return;
    }
    finite(ex.noiseVariances(), "noise variances");
    for (double v : ex.noiseVariances()) {
      if (!(v > 0)) {
        throw new IllegalArgumentException("'data.json': a noise variance is " + v
            + "; expected > 0");
      }
    }
    for (int e = 0; e < ex.numExperts(); e++) {
      String which = " of expert " + (e + 1);
      finite(ex.coefficients(e), "coefficients" + which);
      bounded(ex.coefficients(e), "coefficients" + which);
      if (ex.covariance(e) != null) {
        finite(ex.covariance(e), "covariance" + which);
        CoefficientStructure shared = ex.coefficientStructure();
        positiveDefinite(shared == null ? ex.covariance(e)
            : shared.freeBlock(e, ex.covariance(e)), "covariance" + which);
      }
      if (ex.hasPrior(e)) {
        finite(ex.priorPrecision(e), "prior precision" + which);
        positiveDefinite(ex.priorPrecision(e), "prior precision" + which);
        finite(ex.priorMean(e), "prior mean" + which);
        bounded(ex.priorMean(e), "prior mean" + which);
      }
    }
    requireFiniteGate(fitted.state());
  }

  private static void requireFiniteGate(MixtureState state) {
    state.abilities().trainedGate().ifPresent(trained -> {
      finite(trained.parameters(), "gate parameters");
      bounded(trained.parameters(), "gate parameters");
    });
    if (!Double.isFinite(state.gate().boundTerm())) {
      throw new IllegalArgumentException("'data.json': the gate's parameters are not finite");
    }
  }

  /**
   * Refuses a parameter beyond {@value #MAX_MAGNITUDE} in size: finite, but its products with
   * the data would overflow while scoring (the engine refuses data beyond about that size).
   */
  private static void bounded(double[] values, String what) {
    for (double v : values) {
      if (Math.abs(v) > MAX_MAGNITUDE) {
        throw new IllegalArgumentException("'data.json': the " + what + " hold " + v
            + ", beyond " + MAX_MAGNITUDE + "; scores would overflow (the file is corrupted or"
            + " was edited)");
      }
    }
  }

  /**
   * Refuses a matrix (square, column-major) that is not symmetric positive definite: a
   * diagonal entry not above 0, entries that differ from their mirror by more than 1e-9 of the
   * diagonal's scale, or a Jacobi-scaled form that LAPACK's Cholesky ({@code dpotrf}) cannot
   * factor.
   */
  private static void positiveDefinite(double[] a, String what) {
    int n = (int) Math.round(Math.sqrt(a.length));
    String prefix = "'data.json': the " + what;
    for (int i = 0; i < n; i++) {
      if (!(a[i * n + i] > 0)) {
        throw new IllegalArgumentException(prefix + " has the diagonal entry " + a[i * n + i]
            + "; it must be positive definite (the file is corrupted or was edited)");
      }
    }
    double[] unit = new double[n * n];
    for (int c = 0; c < n; c++) {
      for (int r = 0; r < n; r++) {
        double scale = Math.sqrt(a[r * n + r] * a[c * n + c]);
        if (Math.abs(a[c * n + r] - a[r * n + c]) > 1e-9 * scale) {
          throw new IllegalArgumentException(prefix + " is not symmetric (the file is"
              + " corrupted or was edited)");
        }
        unit[c * n + r] = a[c * n + r] / scale;
      }
    }
    org.netlib.util.intW info = new org.netlib.util.intW(0);
    dev.ludovic.netlib.lapack.LAPACK.getInstance().dpotrf("L", n, unit, Math.max(1, n), info);
    if (info.val != 0) {
      throw new IllegalArgumentException(prefix + " is not positive definite (the file is"
          + " corrupted or was edited)");
    }
  }

  private static void finite(double[] values, String what) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("'data.json': the " + what + " hold " + v
            + "; every parameter must be finite");
      }
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e instanceof IllegalArgumentException && m != null ? m
        : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
