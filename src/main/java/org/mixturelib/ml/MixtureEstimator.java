package org.mixturelib.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.EmListener;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.InitMode;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.ModelType;
import org.mixturelib.localmodels.DescribedExperts;
import org.mixturelib.localmodels.NoiseExperts;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.inference.ObservedInformation;

/**
 * The common part of {@link MixtureOfRegressions} and {@link MixtureOfExperts}: params and
 * setters, schema validation, and the fit, which reads the columns into a {@link SparkSource}
 * (intercept appended as the last feature when {@code fitIntercept}), builds the experts and the
 * gate the params describe and runs the {@link EmEngine}.
 *
 * @param <E> the concrete estimator type
 * @param <M> its model type
 */
public abstract class MixtureEstimator<E extends MixtureEstimator<E, M>,
    M extends MixtureModel<M>> extends Estimator<M> implements MixtureParams, MLWritable {
  private static final long serialVersionUID = 1L;
  static final String INITIAL_MODEL = "initialModel";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(
      MixtureEstimator.class);

  private final String uid;
  private final MixtureParamSet paramSet;
  private M initialModel;
  private transient EmListener listener;

  MixtureEstimator(String uid) {
    this.uid = uid;
    this.paramSet = new MixtureParamSet(this);
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

  /** A new estimator of this type with the given uid and default params. */
  abstract E newEstimator(String uid);

  /** A new model of this estimator's type. */
  abstract M newModel(String uid, Fitted content);

  /**
   * The gate the params describe, for K components reading {@code numFeatures} features, with
   * {@code skipped} intercept columns after them.
   */
  abstract Gate newGate(int numFeatures, int skipped);

  /**
   * Whether the gate reads the features (then every row of a group must have the same ones:
   * the gate sees one row per group).
   */
  boolean gateReadsFeatures() {
    return false;
  }

  /** The state the params describe, for the layout of a saved or fitted model. */
  MixtureState configuredState(int numFeatures, int numOutputs) {
    return configuredState(numFeatures, numOutputs, 0);
  }

  /**
   * The configured state whose gate reads {@code numGateInputs} inputs of its own, or the
   * features when it is 0.
   */
  MixtureState configuredState(int numFeatures, int numOutputs, int numGateInputs) {
    int skipped = getFitIntercept() ? 1 : 0;
    return new MixtureState(Experts.configured(this, numFeatures + skipped, numOutputs),
        numGateInputs > 0 ? newGate(numGateInputs, 0) : newGate(numFeatures, skipped));
  }

  // ---------------------------------------------------------------- setters

  @SuppressWarnings("unchecked")
  E self() {
    return (E) this;
  }

  /** Sets the features column. */
  public E setFeaturesCol(String value) {
    set(featuresCol(), value);
    return self();
  }

  /** Sets the label column. */
  public E setLabelCol(String value) {
    set(labelCol(), value);
    return self();
  }

  /** Sets the case weight column ("" for none). */
  public E setWeightCol(String value) {
    set(weightCol(), value);
    return self();
  }

  /**
   * Sets the group column ("" for none): all rows of a group belong to one component (flexmix's
   * {@code y ~ x | g}); the fit gathers each group into one partition once.
   */
  public E setGroupCol(String value) {
    set(groupCol(), value);
    return self();
  }

  /** Sets the prediction column of the model ("" for none). */
  public E setPredictionCol(String value) {
    set(predictionCol(), value);
    return self();
  }

  /** Sets the gate probability column of the model ("" for none). */
  public E setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return self();
  }

  /** Sets the responsibility column of the model ("" for none). */
  public E setResponsibilityCol(String value) {
    set(responsibilityCol(), value);
    return self();
  }

  /** Sets the per-expert prediction column of the model ("" for none). */
  public E setComponentPredictionsCol(String value) {
    set(componentPredictionsCol(), value);
    return self();
  }

  /** Sets the predictive standard deviation column of the model ("" for none). */
  public E setPredictionStdCol(String value) {
    set(predictionStdCol(), value);
    return self();
  }

  /** Sets the per-row log-likelihood column of the model ("" for none). */
  public E setLogLikelihoodCol(String value) {
    set(logLikelihoodCol(), value);
    return self();
  }

  /** Sets whether the experts have intercepts. */
  public E setFitIntercept(boolean value) {
    set(fitIntercept(), value);
    return self();
  }

  /** Sets the number of components. */
  public E setK(int value) {
    set(k(), value);
    return self();
  }

  /** Sets the EM iteration limit. */
  public E setMaxIter(int value) {
    set(maxIter(), value);
    return self();
  }

  /** Sets the tolerance on the change of the bound per unit weight. */
  public E setTol(double value) {
    set(tol(), value);
    return self();
  }

  /** Sets the seed. */
  public E setSeed(long value) {
    set(seed(), value);
    return self();
  }

  /** Sets the number of random starts. */
  public E setNumInit(int value) {
    set(numInit(), value);
    return self();
  }

  /**
   * Sets the smallest share of the total weight a component may hold (flexmix's {@code
   * minprior}, in [0, 1); 0 keeps every component). A component below it is re-seeded once,
   * then removed: the fitted model's {@code k} is then the number of components it kept, and
   * its summary's {@link MixtureSummary#removedComponents()} names those removed.
   */
  public E setMinPrior(double value) {
    set(minPrior(), value);
    return self();
  }

  /**
   * Sets the number of rows at or below which the fit runs on the driver, on rows collected
   * once (0: always on the executors); see {@code EmConfig.localRows}.
   */
  public E setLocalRows(int value) {
    set(localRows(), value);
    return self();
  }

  /**
   * Sets the largest ratio of two components' noise variances (>= 1; {@code
   * Double.POSITIVE_INFINITY} for none); see {@code EmConfig.maxVarianceRatio}.
   */
  public E setMaxVarianceRatio(double value) {
    set(maxVarianceRatio(), value);
    return self();
  }

  /**
   * Sets whether EM is accelerated by squared extrapolation (default true); see {@code
   * EmConfig.acceleration}.
   */
  public E setAcceleration(boolean value) {
    set(acceleration(), value);
    return self();
  }

  /**
   * Sets how starts are drawn: "mixed" (the default), "random", "kmeans" or "given" (then call
   * {@link #setInitialModel}).
   */
  public E setInitMode(String value) {
    set(initMode(), value);
    return self();
  }

  /** Sets the noise model, "shared" or "perComponent". */
  public E setNoiseModel(String value) {
    set(noiseModel(), value);
    return self();
  }

  /** Sets the model type, "default" or "sample". */
  public E setModelType(String value) {
    set(modelType(), value);
    return self();
  }

  /** Sets the variance of the experts' prior (Infinity for none). */
  public E setPriorCovariance(double value) {
    set(priorCovariance(), value);
    return self();
  }

  /** Sets the mean of the experts' prior (empty for zeros). */
  public E setPriorMean(double[] value) {
    set(priorMean(), value.clone());
    return self();
  }

  /** Sets whether the evidence updates the prior covariance. */
  public E setUpdatePrior(boolean value) {
    set(updatePrior(), value);
    return self();
  }

  /** Sets the treeAggregate depth. */
  public E setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return self();
  }

  /** Sets the experts' family ("gaussian", "poisson", "binomial", "gamma", "negbin", ...). */
  public E setFamily(String value) {
    set(family(), value);
    return self();
  }

  /** Sets the experts' link ("" for the family's default). */
  public E setLink(String value) {
    set(link(), value);
    return self();
  }

  /** Sets the offset column ("" for none). */
  public E setOffsetCol(String value) {
    set(offsetCol(), value);
    return self();
  }

  /** Sets the binomial trials column ("" for Bernoulli labels). */
  public E setTrialsCol(String value) {
    set(trialsCol(), value);
    return self();
  }

  /** Sets the features (0-based indices) whose coefficients all components share. */
  public E setFixedFeatures(int[] value) {
    set(fixedFeatures(), value);
    return self();
  }

  /** Sets the nested groups ({@code "1,2:0;3:1"}; "" for none). */
  public E setNestedFeatures(String value) {
    set(nestedFeatures(), value);
    return self();
  }

  /**
   * Sets the label's levels in index order, level 0 the reference (family 'multinomial'; empty:
   * learnt at fit, a string label's distinct values sorted, a numeric label's indices).
   */
  public E setLabelLevels(String[] value) {
    set(labelLevels(), value.clone());
    return self();
  }

  /** Sets the level probability column of the model ("" for none). */
  public E setLevelProbabilityCol(String value) {
    set(levelProbabilityCol(), value);
    return self();
  }

  /**
   * Sets the elastic net's lambda (flexmix's FLXMRglmnet): a number >= 0, "auto" to choose it
   * per component, or "" for no penalty.
   */
  public E setPenalty(String value) {
    set(penalty(), value);
    return self();
  }

  /** Sets the elastic net's lambda, a number >= 0. */
  public E setPenalty(double value) {
    return setPenalty(Double.toString(value));
  }

  /** Sets the elastic net's mix in [0, 1] (1 the lasso, 0 ridge). */
  public E setAlpha(double value) {
    set(alpha(), value);
    return self();
  }

  /** Sets the constant lower censoring limit (family 'tobit'; -Infinity: none). */
  public E setLower(double value) {
    set(lower(), value);
    return self();
  }

  /** Sets the constant upper censoring limit (family 'tobit'; Infinity: none). */
  public E setUpper(double value) {
    set(upper(), value);
    return self();
  }

  /** Sets the column of per-row lower censoring limits (family 'tobit'; "" for none). */
  public E setLowerCol(String value) {
    set(lowerCol(), value);
    return self();
  }

  /** Sets the column of per-row upper censoring limits (family 'tobit'; "" for none). */
  public E setUpperCol(String value) {
    set(upperCol(), value);
    return self();
  }

  /** Sets the zero part's own covariate column (zero-inflated families; "" for none). */
  public E setZeroCol(String value) {
    set(zeroCol(), value);
    return self();
  }

  /**
   * Sets the zero part's own covariates, a vector column (zero-inflated and hurdle families,
   * instead of zeroCol; "" for none).
   */
  public E setZeroFeaturesCol(String value) {
    set(zeroFeaturesCol(), value);
    return self();
  }

  /** Sets the names of the entries of zeroFeaturesCol (empty: learnt at fit). */
  public E setZeroFeaturesNames(String[] value) {
    set(zeroFeaturesNames(), value.clone());
    return self();
  }

  /** Sets whether the last of the k components is a background noise component. */
  public E setNoiseComponent(boolean value) {
    set(noiseComponent(), value);
    return self();
  }

  /** Sets the checkpoint interval (stored with the params and passed on). */
  public E setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }

  /**
   * Sets the driver-side folder of the EM checkpoints (empty: none). With a folder, the fit
   * writes its state there every {@code checkpointInterval} iterations and, when the folder
   * holds a checkpoint of the same fit (a fit interrupted earlier), resumes from it; a finished
   * fit removes its checkpoint.
   */
  public E setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  /**
   * Sets the model that initMode "given" starts from (its coefficients, covariances, noise
   * variances and gate; this estimator's params give the rest). Null clears it.
   */
  public E setInitialModel(M model) {
    initialModel = model;
    return self();
  }

  /**
   * Sets a listener that sees every EM iteration of every start of {@link #fit} (null: none).
   * Not a Param: it is neither saved nor copied with the estimator.
   */
  public E setListener(EmListener value) {
    listener = value;
    return self();
  }

  /** The initial model, or null. */
  public M getInitialModel() {
    return initialModel;
  }

  // ---------------------------------------------------------------- fit

  @Override
  public StructType transformSchema(StructType schema) {
    StructType out = Schemas.transform(this, schema, true, vectorLabel(schema));
    if (InitMode.parse(getInitMode()) == InitMode.GIVEN && initialModel == null) {
      throw new IllegalArgumentException("initMode: 'given' needs an initial model"
          + " (setInitialModel)");
    }
    return out;
  }

  private boolean vectorLabel(StructType schema) {
    return Schemas.has(schema, getLabelCol())
        && schema.apply(getLabelCol()).dataType() instanceof VectorUDT;
  }

  /** The engine settings the params give. */
  EmConfig engineConfig() {
    return new EmConfig().maxIter(getMaxIter()).tol(getTol()).seed(getSeed())
        .numInit(getNumInit()).minPrior(getMinPrior())
        .initMode(InitMode.parse(getInitMode()))
        .maxVarianceRatio(getMaxVarianceRatio()).localRows(getLocalRows())
        .acceleration(getAcceleration())
        .modelType(ModelType.parse(getModelType()))
        .checkpointInterval(getCheckpointInterval())
        .checkpointDir(getCheckpointDir().isEmpty() ? null : getCheckpointDir())
        .fitSettings(fitSettings());
  }

  /**
   * The params that shape the fitted state, as {@code name = value} (JSON values): every param
   * with a value but those that bound the run, say where it runs or name output columns. A
   * checkpoint records them and resumes only a fit with the same ({@code FitIdentity}).
   */
  String[] fitSettings() {
    java.util.Set<String> ignored = java.util.Set.of(maxIter().name(), tol().name(),
        checkpointDir().name(), checkpointInterval().name(), localRows().name(),
        aggregationDepth().name(), predictionCol().name(), probabilityCol().name(),
        responsibilityCol().name(), componentPredictionsCol().name(),
        predictionStdCol().name(), logLikelihoodCol().name(), levelProbabilityCol().name());
    List<String> out = new java.util.ArrayList<>();
    for (org.apache.spark.ml.param.Param<?> p : params()) {
      if (!ignored.contains(p.name()) && isDefined(p)) {
        @SuppressWarnings("unchecked")
        org.apache.spark.ml.param.Param<Object> q = (org.apache.spark.ml.param.Param<Object>) p;
        out.add(p.name() + " = " + q.jsonEncode(getOrDefault(q)));
      }
    }
    return out.toArray(new String[0]);
  }

  /** Checks that the initial model can start this estimator's fit. */
  void checkInitialModel(M model) {
    if (model.fitted().interceptColumns() != (getFitIntercept() ? 1 : 0)) {
      throw new IllegalArgumentException("initialModel was fitted with fitIntercept = "
          + (model.fitted().interceptColumns() > 0) + " but this estimator has "
          + getFitIntercept());
    }
  }

  /**
   * Refuses, before the state is allocated, settings whose state would take more than half the
   * heap ({@link StateSize}): k components of d coefficients (their covariances grow as k d^2),
   * or an MLP gate's hidden layers.
   *
   * @throws IllegalArgumentException naming k and, for an MLP gate, hiddenLayers
   */
  private void checkStateSize(int d, int m, int gateInputs) {
    double values = StateSize.numbers(this, getK(), d, m, gateInputs);
    if (StateSize.beyondHeap(values)) {
      boolean mlp = this instanceof MixtureOfExpertsParams g && "mlp".equals(g.getGate());
      throw new IllegalArgumentException("k = " + getK() + " components of " + d
          + " coefficients" + (m > 1 ? " and " + m + " outputs" : "") + (mlp
          ? " with hiddenLayers " + java.util.Arrays.toString(
              ((MixtureOfExpertsParams) this).getHiddenLayers()) : "") + " would need "
          + String.format(java.util.Locale.ROOT, "%.3g", values) + " numbers for the model's"
          + " state, more than half this JVM's heap of " + StateSize.heap() + " bytes; lower k"
          + (mlp ? ", hiddenLayers" : "") + " or the number of features");
    }
  }

  @Override
  public M fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    transformSchema(schema);
    if (LabelLevels.applies(this) && getLabelLevels().length == 0) {
      // a categorical label's levels are learnt first: the family is made with them
      E withLevels = copy(ParamMap.empty());
      withLevels.set(labelLevels(), LabelLevels.learn(dataset, getLabelCol()));
      withLevels.setListener(listener);
      return withLevels.fit(dataset).setParent(this);
    }
    List<Param<String>> unnamed = FamilyInputs.vectors(this).stream()
        .filter(v -> getOrDefault(paramSet().entryNames(v)).length == 0).toList();
    if (!unnamed.isEmpty()) {
      // a family vector column's entries are named first: the family is made with them
      E named = copy(ParamMap.empty());
      for (Param<String> v : unnamed) {
        named.set(paramSet().entryNames(v), FamilyInputs.learnNames(this, dataset, v));
      }
      named.setListener(listener);
      return named.fit(dataset).setParent(this);
    }
    FamilyInputs.checkWidths(this, dataset);
    boolean vectorLabel = vectorLabel(schema);
    String weight = getWeightCol();
    try (SparkSource.Loaded loaded = SparkSource.load(
        LabelLevels.indexed(dataset, getLabelCol(), getLabelLevels()),
        new SparkSource.Columns(getFeaturesCol(), getLabelCol(),
            weight.isEmpty() ? null : weight, getFitIntercept(), getOffsetCol(), getTrialsCol())
            .grouped(getGroupCol(), gateReadsFeatures()).withGateFeatures(gateInputsColumn())
            .withFamilyColumns(FamilyInputs.of(this)),
        BlockBuilder.DEFAULT_CAPACITY, getAggregationDepth(), StorageLevel.MEMORY_AND_DISK(),
        getLocalRows())) {
      DataSource source = loaded.rows();
      int numFeatures = source.numFeatures() - (getFitIntercept() ? 1 : 0);
      int gateInputs = loaded.numGateInputs();
      checkStateSize(source.numFeatures(), source.numOutputs(), gateInputs);
      MixtureState initial = configuredState(numFeatures, source.numOutputs(), gateInputs);
      if (initialModel != null && InitMode.parse(getInitMode()) == InitMode.GIVEN) {
        checkInitialModel(initialModel);
        initial = Experts.startFrom(initialModel.fitted(), initial.experts(),
            gateFrom(initialModel.fitted().state().gate(), initial.gate()));
      }
      EmConfig config = engineConfig()
          .featureNames(Schemas.featureNames(schema, getFeaturesCol()))
          .labelNames(vectorLabel ? Schemas.featureNames(schema, getLabelCol())
              : new String[] {getLabelCol()});
      // small data: the fit and the standard errors' pass on one copy in the driver's memory
      DataSource rows = EmEngine.rowsOnDriver(source, config);
      EmEngine engine = new EmEngine(rows, List.of(), config);
      if (listener != null) {
        engine.listener(listener);
      }
      FitResult result = engine.fitOrResume(initial);
      M model = newModel(uid, new Fitted(result.state(), numFeatures, vectorLabel,
          gateInputs));
      copyValues(model, ParamMap.empty());
      // a model's k is its number of components (fewer than asked when minPrior removed some)
      model.set(model.k(), result.state().k());
      if (DescribedExperts.of(result.state().experts()).backgroundComponent() < 0) {
        // minPrior removed the noise component: the model holds the plain experts
        model.set(model.noiseComponent(), false);
      }
      MixtureSummary summary = summary(rows, result, model.fitted(), getK(), getMinPrior());
      for (String note : summary.notes()) {
        LOG.warn(note);
      }
      model.setSummary(summary);
      return model.setParent(this);
    }
  }

  /**
   * The configured gate holding the given gate's parameters: written by the given gate's own
   * writer and read by the configured one ({@link org.mixturelib.persistence.Persistent}, the
   * round trip of a saved model and a checkpoint), so that every registered gate warm-starts.
   *
   * @throws IllegalArgumentException when the given gate is of another type or its parameters
   *     do not fit the configured one
   */
  static Gate gateFrom(Gate given, Gate configured) {
    if (!given.typeId().equals(configured.typeId())) {
      throw new IllegalArgumentException("initialModel's gate ('" + given.typeId()
          + "') is not this fit's gate ('" + configured.typeId() + "')");
    }
    JsonParameters written = new JsonParameters(StageWriter.JSON.createObjectNode());
    given.writeParameters(written);
    try {
      configured.readParameters(written);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("initialModel's gate does not fit this fit's: "
          + e.getMessage(), e);
    }
    return configured;
  }

  /**
   * The training summary, with the standard errors of a maximum-likelihood fit (one more pass
   * over the cached rows).
   */
  private static MixtureSummary summary(DataSource source, FitResult result, Fitted fitted,
      int requestedK, double minPrior) {
    if (!ObservedInformation.supports(result.state())) {
      return new MixtureSummary(result, requestedK, minPrior, null, "they need experts without"
          + " priors and constant weights or a linear gate");
    }
    try {
      return new MixtureSummary(result, requestedK, minPrior, new StandardErrorTable(
          ObservedInformation.compute(source, result.state()), fitted), null);
    } catch (ArithmeticException e) {
      return new MixtureSummary(result, requestedK, minPrior, null, e.getMessage());
    }
  }

  @Override
  public E copy(ParamMap extra) {
    E copy = newEstimator(uid);
    copyValues(copy, extra);
    copy.setInitialModel(initialModel);
    return copy;
  }

  // ---------------------------------------------------------------- persistence

  /**
   * A writer that saves the params (and the initial model, when set, in {@code initialModel/}),
   * atomically.
   */
  @Override
  public MLWriter write() {
    return new StageWriter(this, (fs, dir, meta) -> {
      if (initialModel != null) {
        ((StageWriter) initialModel.write()).write(fs, new Path(dir, INITIAL_MODEL));
      }
    });
  }

  /** Reads an estimator's directory: params, then the initial model when saved. */
  static <E extends MixtureEstimator<E, M>, M extends MixtureModel<M>> E read(E estimator,
      JsonNode metadata, FileSystem fs, Path dir,
      StageReader<M> models) throws IOException {
    StageReader.applyParams(estimator, metadata);
    Path sub = new Path(dir, INITIAL_MODEL);
    if (fs.exists(sub)) {
      try {
        estimator.setInitialModel(models.read(fs, sub));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(INITIAL_MODEL + ": " + e.getMessage(), e);
      }
    }
    return estimator;
  }

  /**
   * Reads a model's directory with the layout an estimator of its params builds. A model
   * saved before session 7 whose noise component minPrior removed kept {@code noiseComponent}
   * true beside plain experts (today it is saved false): read as today's, the plain family.
   */
  static <E extends MixtureEstimator<E, M>, M extends MixtureModel<M>> M readModel(
      E estimator, JsonNode metadata, FileSystem fs, Path dir)
      throws IOException {
    StageReader.applyParams(estimator, metadata);
    StageReader.checkSizes(estimator, fs, dir);
    boolean[] noiseRemoved = {false};
    Fitted content = StateCodec.read(fs, dir, metadata, (d, m, g, saved) -> {
      if (estimator.getNoiseComponent() && !saved.endsWith(NoiseExperts.TYPE_SUFFIX)) {
        noiseRemoved[0] = true;
        estimator.set(estimator.noiseComponent(), false);
      }
      return estimator.configuredState(d, m, g);
    });
    StageReader.requireFinite(content);
    M model = estimator.newModel(estimator.uid(), content);
    StageReader.applyParams(model, metadata);
    if (noiseRemoved[0]) {
      model.set(model.noiseComponent(), false);
    }
    return model;
  }
}
