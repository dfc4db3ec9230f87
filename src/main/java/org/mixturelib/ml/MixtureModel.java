package org.mixturelib.ml;

import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.CategoricalExperts;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.Link;
import org.mixturelib.localmodels.PredictiveVariance;
import org.mixturelib.localmodels.SharedCoefficientExperts;

/**
 * A fitted mixture (the common part of {@link MixtureOfRegressionsModel} and {@link
 * MixtureOfExpertsModel}): the experts' parameters, {@code transform}, the training summary,
 * the log-likelihood of new data and persistence.
 *
 * <p>{@code transform} adds, for every non-empty output param: {@code predictionCol} (double, or
 * a vector when the label was a vector: the mixture mean {@code Σ_k pi_k(x) W_kᵀ x}), {@code
 * probabilityCol} (vector of K: {@code pi_k(x)}), {@code componentPredictionsCol} (vector of K M:
 * expert k's output j at {@code k M + j}), {@code predictionStdCol} (double: the predictive
 * standard deviation, averaged over outputs; refused for a family without {@link
 * PredictiveVariance}), and when the input has the label column, {@code
 * responsibilityCol} (vector of K: the posterior given x and y) and {@code logLikelihoodCol}
 * (double: {@code log p(y | x)}). With {@code groupCol} set and present in the input, the rows
 * are shuffled once by group and every row gets its group's posterior and the group's
 * log-likelihood {@code log p(y_g | x_g)} (docs/grouped.md).
 *
 * @param <M> the concrete model type
 */
public abstract class MixtureModel<M extends MixtureModel<M>> extends Model<M>
    implements MixtureParams, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final MixtureParamSet paramSet;
  private final Fitted fitted;
  private MixtureSummary summary;

  MixtureModel(String uid, Fitted fitted) {
    this.uid = uid;
    this.paramSet = new MixtureParamSet(this);
    this.fitted = fitted;
    paramSet.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public MixtureParamSet paramSet() {
    return paramSet;
  }

  /**
   * What the model holds besides its params.
   *
   * @throws IllegalStateException for an empty model (made by the uid constructor, as Spark
   *     Connect's server makes registered transformers): it has nothing to score with
   */
  Fitted fitted() {
    if (fitted == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " '" + uid + "' is empty"
          + " (made by its uid constructor): fit an estimator or load a saved model");
    }
    return fitted;
  }

  /** A new model of this type with the same uid and content, no params set. */
  abstract M newModel(String uid, Fitted content);

  // ---------------------------------------------------------------- output column setters

  @SuppressWarnings("unchecked")
  private M self() {
    return (M) this;
  }

  /** Sets the features column. */
  public M setFeaturesCol(String value) {
    set(featuresCol(), value);
    return self();
  }

  /** Sets the label column (read when present, for responsibilities and log-likelihoods). */
  public M setLabelCol(String value) {
    set(labelCol(), value);
    return self();
  }

  /** Sets the weight column used by {@link #logLikelihood(Dataset)} ("" for none). */
  public M setWeightCol(String value) {
    set(weightCol(), value);
    return self();
  }

  /**
   * Sets the group column ("" for none): when it and the label are present, every row gets
   * its group's responsibilities.
   */
  public M setGroupCol(String value) {
    set(groupCol(), value);
    return self();
  }

  /** Sets the prediction column ("" for none). */
  public M setPredictionCol(String value) {
    set(predictionCol(), value);
    return self();
  }

  /** Sets the gate probability column ("" for none). */
  public M setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return self();
  }

  /** Sets the responsibility column ("" for none). */
  public M setResponsibilityCol(String value) {
    set(responsibilityCol(), value);
    return self();
  }

  /** Sets the per-expert prediction column ("" for none). */
  public M setComponentPredictionsCol(String value) {
    set(componentPredictionsCol(), value);
    return self();
  }

  /** Sets the predictive standard deviation column ("" for none). */
  public M setPredictionStdCol(String value) {
    set(predictionStdCol(), value);
    return self();
  }

  /** Sets the level probability column of a categorical family ("" for none). */
  public M setLevelProbabilityCol(String value) {
    set(levelProbabilityCol(), value);
    return self();
  }

  /** Sets the per-row log-likelihood column ("" for none). */
  public M setLogLikelihoodCol(String value) {
    set(logLikelihoodCol(), value);
    return self();
  }

  // ---------------------------------------------------------------- parameters

  /** Number of components K. */
  public int numComponents() {
    return fitted().state().k();
  }

  /** Length of the features vector (without the intercept). */
  public int numFeatures() {
    return fitted().numFeatures();
  }

  /** Number of outputs M. */
  public int numOutputs() {
    return fitted().state().experts().numOutputs();
  }

  /**
   * The levels of a categorical label (family 'multinomial') in index order, level 0 the
   * reference; empty for other families.
   */
  public String[] levels() {
    return fitted().state().experts() instanceof CategoricalExperts c
        ? c.levels().toArray(new String[0]) : new String[0];
  }

  /**
   * The experts' coefficients without intercepts: a (K M) x D matrix whose row {@code k M + j}
   * is expert k's coefficients for output j (for family 'multinomial', M is L - 1 and row
   * {@code k (L-1) + l - 1} holds level l's log-odds against level 0).
   */
  public Matrix coefficients() {
    LinearPredictors ex = linearPredictors();
    int k = ex.numExperts();
    int m = ex.coefficientColumns();
    int d = ex.numFeatures();
    int p = fitted().numFeatures();
    double[] values = new double[k * m * p];
    for (int e = 0; e < k; e++) {
      double[] w = ex.coefficients(e);
      for (int j = 0; j < m; j++) {
        for (int c = 0; c < p; c++) {
          values[c * k * m + e * m + j] = w[j * d + c];
        }
      }
    }
    return new DenseMatrix(k * m, p, values);
  }

  /**
   * The experts' intercepts, entry {@code k M + j} for expert k's output j (0 without; M as in
   * {@link #coefficients()}).
   */
  public Vector intercepts() {
    LinearPredictors ex = linearPredictors();
    int m = ex.coefficientColumns();
    int d = ex.numFeatures();
    double[] values = new double[ex.numExperts() * m];
    if (fitted().interceptColumns() > 0) {
      for (int e = 0; e < ex.numExperts(); e++) {
        double[] w = ex.coefficients(e);
        for (int j = 0; j < m; j++) {
          values[e * m + j] = w[j * d + d - 1];
        }
      }
    }
    return Vectors.dense(values);
  }

  /**
   * Which coefficients the components share (the params fixedFeatures and nestedFeatures), or
   * null when each has its own: its columns are the features vector's, then the intercept
   * when fitted.
   */
  public CoefficientStructure coefficientStructure() {
    return fitted().state().experts() instanceof SharedCoefficientExperts s
        ? s.coefficientStructure() : null;
  }

  /** The experts' noise variances, one per component (their dispersions). */
  public Vector noiseVariances() {
    return dispersions();
  }

  /**
   * The fitted experts' link (identity for Gaussian experts; a registered family's own): what
   * the experts report, so that every family, the library's or one registered by a provider,
   * answers.
   */
  public Link expertLink() {
    return linearPredictors().link();
  }

  /**
   * Each expert's dispersion: the noise variance of Gaussian experts, {@code 1 / shape} of
   * Gamma experts, {@code 1 / theta} of negative binomial experts, 1 for Poisson and binomial
   * experts.
   */
  public Vector dispersions() {
    return Vectors.dense(linearPredictors().dispersions());
  }

  /**
   * Each expert's posterior (or, without a prior, sampling) covariance of its coefficients,
   * D' x D' with the intercept last when fitted (for family 'multinomial', D'(L-1) square over
   * its coefficients column by column: level 1's, then level 2's, ...).
   */
  public Matrix[] posteriorCovariances() {
    LinearPredictors ex = linearPredictors();
    int d = ex.numFeatures() * (ex.coefficientColumns() > ex.numOutputs()
        ? ex.coefficientColumns() : 1);
    Matrix[] out = new Matrix[ex.numExperts()];
    for (int e = 0; e < out.length; e++) {
      double[] cov = ex.covariance(e);
      out[e] = cov == null ? null : new DenseMatrix(d, d, cov);
    }
    return out;
  }

  /** The experts as linear predictors (what the coefficient accessors read). */
  private LinearPredictors linearPredictors() {
    return fitted().state().abilities().linearPredictors().orElseThrow(() ->
        new IllegalStateException("the model's experts ("
            + fitted().state().experts().getClass().getSimpleName() + ") have no coefficients"));
  }

  /**
   * A copy of the fitted parameters for the in-memory API ({@code MixturePrediction}, {@code
   * MixturePosterior}); the intercept, when fitted, is the last feature.
   */
  public MixtureState mixtureState() {
    return fitted().state().copy();
  }

  // ---------------------------------------------------------------- summary

  /** Whether a training summary is available (not after a load). */
  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The training summary. A saved model keeps its parameters, not its summary: after {@code
   * load} there is none ({@link #hasSummary()} is false), as for Spark's own models; {@code
   * jobs/fit.sh} writes the summary's text as {@code summary.txt} beside the model.
   */
  public MixtureSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("no training summary is available for this "
          + getClass().getSimpleName() + " (it was loaded or copied without one: a saved"
          + " model keeps its parameters, not its summary)");
    }
    return summary;
  }

  void setSummary(MixtureSummary s) {
    summary = s;
  }

  /**
   * The plug-in log-likelihood {@code Σ_i w_i log p(y_i | x_i)} of a dataset with the features
   * and label columns (and the weight column when {@code weightCol} is set), in one pass
   * through the engine. With the sparse gate, rows get the population weights. With {@code
   * groupCol} set, the grouped log-likelihood (a sum over groups; the column is required).
   */
  public double logLikelihood(Dataset<?> data) {
    StructType schema = data.schema();
    Schemas.transform(this, schema, true, fitted().vectorLabel());
    checkLabel(schema);
    String weight = getWeightCol();
    try (SparkSource source = SparkSource.fromDataset(
        LabelLevels.indexed(data, getLabelCol(), getLabelLevels()),
        new SparkSource.Columns(getFeaturesCol(), getLabelCol(),
            weight.isEmpty() ? null : weight, fitted().interceptColumns() > 0, getOffsetCol(),
            getTrialsCol()).grouped(getGroupCol(), false).withGateFeatures(gateInputsColumn())
            .withFamilyColumns(FamilyInputs.of(this)),
        BlockBuilder.DEFAULT_CAPACITY, getAggregationDepth(), StorageLevel.MEMORY_AND_DISK())) {
      if (source.numFeatures() != fitted().state().experts().numFeatures()) {
        throw new IllegalArgumentException("featuresCol: column '" + getFeaturesCol()
            + "' has " + (source.numFeatures() - fitted().interceptColumns())
            + " features; the model was fitted on " + fitted().numFeatures());
      }
      checkGateInputs(source.numGateInputs());
      return new EmEngine(source, List.of(), new EmConfig()).logLikelihood(fitted().state());
    }
  }

  /**
   * Checks that the gate inputs column this model reads matches the one it was fitted with
   * ({@code found}: their number in the data, 0 when the gate reads the features).
   */
  private void checkGateInputs(int found) {
    if ((found > 0) != (fitted().numGateInputs() > 0)) {
      throw new IllegalArgumentException("gateFeaturesCol: the model's gate was fitted on "
          + (fitted().numGateInputs() > 0 ? fitted().numGateInputs() + " gate inputs of its own"
              : "the features") + " but gateFeaturesCol is '" + gateInputsColumn() + "'");
    }
    if (found > 0 && found != fitted().numGateInputs()) {
      throw new IllegalArgumentException("gateFeaturesCol: column '" + gateInputsColumn()
          + "' has " + found + " gate inputs; the model was fitted on "
          + fitted().numGateInputs());
    }
  }

  // ---------------------------------------------------------------- transform

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = Schemas.transform(this, schema, false, fitted().vectorLabel());
    checkLabel(schema);
    return out;
  }

  private void checkLabel(StructType schema) {
    if (!getOffsetCol().isEmpty() && !Schemas.has(schema, getOffsetCol())) {
      throw new IllegalArgumentException("offsetCol: column '" + getOffsetCol() + "' does not"
          + " exist; the model was fitted with that offset and needs it to score");
    }
    if (!Schemas.has(schema, getLabelCol())) {
      return;
    }
    if (!getTrialsCol().isEmpty() && !Schemas.has(schema, getTrialsCol())) {
      throw new IllegalArgumentException("trialsCol: column '" + getTrialsCol() + "' does not"
          + " exist; the model was fitted with trials, and scoring the labels (its"
          + " responsibilities and log-likelihoods) needs them");
    }
    DataType t = schema.apply(getLabelCol()).dataType();
    if ((t instanceof VectorUDT) != fitted().vectorLabel()) {
      throw new IllegalArgumentException("labelCol: column '" + getLabelCol() + "' is "
          + (fitted().vectorLabel() ? "numeric but the model was fitted on a vector label"
              : "a vector but the model was fitted on a numeric label"));
    }
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    boolean labelled = Schemas.has(in, getLabelCol());
    boolean posterior = labelled
        && (!getResponsibilityCol().isEmpty() || !getLogLikelihoodCol().isEmpty());
    boolean categorical = fitted().state().experts() instanceof CategoricalExperts;
    // the group's posterior needs the whole group in one partition: one shuffle by group key
    String group = getGroupCol();
    boolean grouped = posterior && !group.isEmpty() && Schemas.has(in, group);
    Dataset<Row> rows = dataset.toDF();
    // a string label is read as its level's index, from a column of its own dropped at the end
    String levelIndex = null;
    if (labelled && LabelLevels.isString(in, getLabelCol())) {
      levelIndex = "__level_index_of_" + getLabelCol();
      rows = rows.withColumn(levelIndex, LabelLevels.index(getLabelCol(), getLabelLevels()));
    }
    StructType read = rows.schema();
    Scorer.Outputs outputs = new Scorer.Outputs(!getPredictionCol().isEmpty(),
        !getProbabilityCol().isEmpty(), !getComponentPredictionsCol().isEmpty(),
        !getPredictionStdCol().isEmpty() && !categorical,
        categorical && !getLevelProbabilityCol().isEmpty(),
        labelled && !getResponsibilityCol().isEmpty(),
        labelled && !getLogLikelihoodCol().isEmpty(), fitted().vectorLabel(),
        read.fieldIndex(getFeaturesCol()),
        labelled ? read.fieldIndex(levelIndex == null ? getLabelCol() : levelIndex) : -1,
        grouped ? read.fieldIndex(group) : -1,
        gateInputsColumn().isEmpty() ? -1 : read.fieldIndex(gateInputsColumn()),
        fitted().numGateInputs());
    SparkSource.Columns columns = new SparkSource.Columns(getFeaturesCol(), getLabelCol(), null,
        fitted().interceptColumns() > 0, getOffsetCol(), getTrialsCol())
        .grouped(grouped ? group : null, false).withGateFeatures(gateInputsColumn())
        .withFamilyColumns(FamilyInputs.of(this));
    checkGateInputs(gateInputsColumn().isEmpty() ? 0 : fitted().numGateInputs());
    if (outputs.std() && fitted().state().abilities().predictiveVariance().isEmpty()) {
      throw new IllegalArgumentException("predictionStdCol: the experts of family '"
          + getFamily() + "' give no predictive variance; set predictionStdCol to \"\"");
    }
    Scorer scorer = new Scorer(fitted().state(), fitted().numFeatures(), columns, outputs);
    if (grouped) {
      rows = rows.repartition(rows.col(group)).sortWithinPartitions(rows.col(group));
    }
    Dataset<Row> scored;
    if (levelIndex == null) {
      scored = rows.mapPartitions(scorer, Encoders.row(out));
    } else {
      List<StructField> fields = new java.util.ArrayList<>(List.of(read.fields()));
      fields.addAll(List.of(out.fields()).subList(in.length(), out.length()));
      scored = rows.mapPartitions(scorer, Encoders.row(new StructType(fields.toArray(
          new StructField[0])))).drop(levelIndex);
    }
    if (categorical && !getPredictionCol().isEmpty()) {
      // the levels as the prediction's nominal attribute (mapPartitions drops the metadata)
      String p = getPredictionCol();
      scored = scored.withColumn(p, SparkSource.column(p).as(p, out.apply(p).metadata()));
    }
    return scored;
  }

  @Override
  public M copy(ParamMap extra) {
    M copy = newModel(uid, fitted);
    copyValues(copy, extra);
    copy.setSummary(summary);
    return copy.setParent(parent());
  }

  // ---------------------------------------------------------------- persistence

  /**
   * A writer that saves the params as Spark-style JSON metadata and the fitted parameters
   * bit-exact in {@code data.json}, atomically (an interrupted save leaves nothing at the path).
   * The training summary is not saved.
   */
  @Override
  public MLWriter write() {
    return new StageWriter(this, (fs, dir, meta) -> StateCodec.write(fitted(), fs, dir, meta));
  }
}
