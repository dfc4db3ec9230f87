package org.mixturelib.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.mixturelib.localmodels.ExpertFamilies;
import org.mixturelib.localmodels.RowRule;

/**
 * The params that the mixture estimators and their models share, with Spark-style accessors
 * ({@code k()}) and getters ({@code getK()}). The {@code Param} objects live in the stage's
 * {@link MixtureParamSet}.
 */
public interface MixtureParams extends Params {
  /** The stage's Param objects. */
  MixtureParamSet paramSet();

  /** Features column (a vector); default "features". */
  default Param<String> featuresCol() {
    return paramSet().featuresCol;
  }

  /** Label column (numeric, or a vector for several outputs); default "label". */
  default Param<String> labelCol() {
    return paramSet().labelCol;
  }

  /** Case weight column; default "" (every row weighs 1). */
  default Param<String> weightCol() {
    return paramSet().weightCol;
  }

  /** Group column (rows of a group share their component); default "" (no groups). */
  default Param<String> groupCol() {
    return paramSet().groupCol;
  }

  /** Output: mixture mean; default "prediction". */
  default Param<String> predictionCol() {
    return paramSet().predictionCol;
  }

  /** Output: gate probabilities given x; default "probability". */
  default Param<String> probabilityCol() {
    return paramSet().probabilityCol;
  }

  /** Output (with a label): posterior over components given x and y; default "responsibility". */
  default Param<String> responsibilityCol() {
    return paramSet().responsibilityCol;
  }

  /** Output: every expert's prediction; default "componentPredictions". */
  default Param<String> componentPredictionsCol() {
    return paramSet().componentPredictionsCol;
  }

  /** Output: predictive standard deviation; default "predictionStd". */
  default Param<String> predictionStdCol() {
    return paramSet().predictionStdCol;
  }

  /** Output (with a label): log p(y | x) per row; default "logLikelihood". */
  default Param<String> logLikelihoodCol() {
    return paramSet().logLikelihoodCol;
  }

  /** Whether the experts have intercepts; default true. */
  default BooleanParam fitIntercept() {
    return paramSet().fitIntercept;
  }

  /** Number of components; default 2. */
  default IntParam k() {
    return paramSet().k;
  }

  /** EM iteration limit; default the engine's. */
  default IntParam maxIter() {
    return paramSet().maxIter;
  }

  /** Tolerance on the change of the bound per unit weight; default the engine's. */
  default DoubleParam tol() {
    return paramSet().tol;
  }

  /** Seed; default the engine's. */
  default LongParam seed() {
    return paramSet().seed;
  }

  /** Number of random starts; default the engine's. */
  default IntParam numInit() {
    return paramSet().numInit;
  }

  /**
   * Smallest share of the total weight per component (flexmix's {@code minprior}); default the
   * engine's, 0.05.
   */
  default DoubleParam minPrior() {
    return paramSet().minPrior;
  }

  /** Largest ratio of two components' noise variances; default the engine's. */
  default DoubleParam maxVarianceRatio() {
    return paramSet().maxVarianceRatio;
  }

  /** Whether EM is accelerated (SQUAREM); default the engine's (true). */
  default BooleanParam acceleration() {
    return paramSet().acceleration;
  }

  /** Rows at or below which the fit runs on the driver; default the engine's. */
  default IntParam localRows() {
    return paramSet().localRows;
  }

  /** "mixed" (default), "random", "kmeans" or "given". */
  default Param<String> initMode() {
    return paramSet().initMode;
  }

  /** "shared" or "perComponent"; default "perComponent". */
  default Param<String> noiseModel() {
    return paramSet().noiseModel;
  }

  /** "default" or "sample"; default "default". */
  default Param<String> modelType() {
    return paramSet().modelType;
  }

  /** Variance of the experts' prior; default Infinity (no prior). */
  default DoubleParam priorCovariance() {
    return paramSet().priorCovariance;
  }

  /** Mean of the experts' prior; default empty (zeros). */
  default DoubleArrayParam priorMean() {
    return paramSet().priorMean;
  }

  /** Whether the evidence updates the prior covariance; default false. */
  default BooleanParam updatePrior() {
    return paramSet().updatePrior;
  }

  /** Depth of treeAggregate; default 2. */
  default IntParam aggregationDepth() {
    return paramSet().aggregationDepth;
  }

  /** Checkpoint interval (stored and passed on); default 10. */
  default IntParam checkpointInterval() {
    return paramSet().checkpointInterval;
  }

  /**
   * The experts' family: "gaussian" (default), "poisson", "binomial", "gamma", "negbin", or the
   * type id
   * of a family of one's own registered as an {@code ExpertFamilyProvider} service.
   */
  default Param<String> family() {
    return paramSet().family;
  }

  /**
   * The experts' link; default "" (the family's: gaussian identity, poisson log, binomial
   * logit, gamma log, negbin log); the family says which it takes and refuses the others.
   */
  default Param<String> link() {
    return paramSet().link;
  }

  /** Offset column, added to every expert's linear predictor; default "" (none). */
  default Param<String> offsetCol() {
    return paramSet().offsetCol;
  }

  /** Binomial trials column; default "" (Bernoulli labels). */
  default Param<String> trialsCol() {
    return paramSet().trialsCol;
  }

  /**
   * Indices into the features vector of the features whose coefficients all components share
   * (flexmix's {@code FLXMRglmfix(fixed = ...)}); default empty.
   */
  default IntArrayParam fixedFeatures() {
    return paramSet().fixedFeatures;
  }

  /**
   * Groups of components sharing the coefficients of some features (flexmix's {@code
   * FLXMRglmfix(nested = ...)}): {@code "1,2:0;3:1"}, components 1-based, features 0-based;
   * default "" (none).
   */
  default Param<String> nestedFeatures() {
    return paramSet().nestedFeatures;
  }

  /** The fixed features' indices. */
  default int[] getFixedFeatures() {
    return getOrDefault(fixedFeatures());
  }

  /** The nested groups ("" for none). */
  default String getNestedFeatures() {
    return getOrDefault(nestedFeatures());
  }

  /**
   * The label's levels in index order (a family with a categorical label); default empty:
   * learnt from the label at fit (a fitted model holds them).
   */
  default StringArrayParam labelLevels() {
    return paramSet().labelLevels;
  }

  /**
   * Output of a categorical family's model: the mixture's probability of each level; default
   * "levelProbability".
   */
  default Param<String> levelProbabilityCol() {
    return paramSet().levelProbabilityCol;
  }

  /** The label's levels (empty: learnt at fit). */
  default String[] getLabelLevels() {
    return getOrDefault(labelLevels()).clone();
  }

  /** The level probability column ("" for none). */
  default String getLevelProbabilityCol() {
    return getOrDefault(levelProbabilityCol());
  }

  /** Family 'tobit': the constant lower censoring limit; default -Infinity (none). */
  default DoubleParam lower() {
    return paramSet().lower;
  }

  /** Family 'tobit': the constant upper censoring limit; default Infinity (none). */
  default DoubleParam upper() {
    return paramSet().upper;
  }

  /**
   * The elastic net's lambda: a number >= 0, "auto" (chosen per component), or "" (no
   * penalty, the default).
   */
  default Param<String> penalty() {
    return paramSet().penalty;
  }

  /** The elastic net's mix in [0, 1] (1 the lasso, the default; 0 ridge). */
  default DoubleParam alpha() {
    return paramSet().alpha;
  }

  /** The elastic net's lambda ("" for none, "auto" for chosen per component). */
  default String getPenalty() {
    return getOrDefault(penalty());
  }

  /** The elastic net's mix. */
  default double getAlpha() {
    return (Double) getOrDefault(alpha());
  }

  /** Family 'tobit': the column of per-row lower censoring limits; default "" (none). */
  default Param<String> lowerCol() {
    return paramSet().lowerCol;
  }

  /** Family 'tobit': the column of per-row upper censoring limits; default "" (none). */
  default Param<String> upperCol() {
    return paramSet().upperCol;
  }

  /** The constant lower censoring limit (family 'tobit'). */
  default double getLower() {
    return (Double) getOrDefault(lower());
  }

  /** The constant upper censoring limit (family 'tobit'). */
  default double getUpper() {
    return (Double) getOrDefault(upper());
  }

  /** The column of per-row lower censoring limits ("" for none). */
  default String getLowerCol() {
    return getOrDefault(lowerCol());
  }

  /** The column of per-row upper censoring limits ("" for none). */
  default String getUpperCol() {
    return getOrDefault(upperCol());
  }

  /** The experts' family. */
  default String getFamily() {
    return getOrDefault(family());
  }

  /** The experts' link ("" for the family's default). */
  default String getLink() {
    return getOrDefault(link());
  }

  /** The offset column ("" for none). */
  default String getOffsetCol() {
    return getOrDefault(offsetCol());
  }

  /** The trials column ("" for none). */
  default String getTrialsCol() {
    return getOrDefault(trialsCol());
  }

  /** Whether the last component is a background noise component; default false. */
  default BooleanParam noiseComponent() {
    return paramSet().noiseComponent;
  }

  /** The zero part's own covariate column (zero-inflated families); default "" (none). */
  default Param<String> zeroCol() {
    return paramSet().zeroCol;
  }

  /** The zero part's own covariate column ("" for none). */
  default String getZeroCol() {
    return getOrDefault(zeroCol());
  }

  /**
   * The rule the rows of the params' family meet under these params ({@link RowRule}: a count
   * family's integer labels, tobit's limits, a categorical label's levels), asked of the
   * family's provider; null when the family takes every row of finite values.
   *
   * @throws IllegalArgumentException naming a param the family's settings refuse
   */
  default RowRule rowRule() {
    return ExpertFamilies.rowRule(getFamily(), Experts.settings(this));
  }

  /** The zero part's own covariates, a vector column (zero-part families); default "". */
  default Param<String> zeroFeaturesCol() {
    return paramSet().zeroFeaturesCol;
  }

  /** The zero part's vector column of covariates ("" for none). */
  default String getZeroFeaturesCol() {
    return getOrDefault(zeroFeaturesCol());
  }

  /** The names of the entries of zeroFeaturesCol; default empty (learnt at fit). */
  default StringArrayParam zeroFeaturesNames() {
    return paramSet().zeroFeaturesNames;
  }

  /** The names of the entries of zeroFeaturesCol (empty before a fit learns them). */
  default String[] getZeroFeaturesNames() {
    return getOrDefault(zeroFeaturesNames());
  }

  /** Whether the last component is a background noise component. */
  default boolean getNoiseComponent() {
    return (Boolean) getOrDefault(noiseComponent());
  }

  /** Folder of the EM checkpoints; default empty (none). */
  default Param<String> checkpointDir() {
    return paramSet().checkpointDir;
  }

  /** The features column. */
  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  /** The label column. */
  default String getLabelCol() {
    return getOrDefault(labelCol());
  }

  /** The weight column ("" for none). */
  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  /** The group column ("" for none). */
  default String getGroupCol() {
    return getOrDefault(groupCol());
  }

  /** The prediction column. */
  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  /** The probability column. */
  default String getProbabilityCol() {
    return getOrDefault(probabilityCol());
  }

  /** The responsibility column. */
  default String getResponsibilityCol() {
    return getOrDefault(responsibilityCol());
  }

  /** The component predictions column. */
  default String getComponentPredictionsCol() {
    return getOrDefault(componentPredictionsCol());
  }

  /** The predictive standard deviation column. */
  default String getPredictionStdCol() {
    return getOrDefault(predictionStdCol());
  }

  /** The log-likelihood column. */
  default String getLogLikelihoodCol() {
    return getOrDefault(logLikelihoodCol());
  }

  /** Whether the experts have intercepts. */
  default boolean getFitIntercept() {
    return (Boolean) getOrDefault(fitIntercept());
  }

  /** Number of components. */
  default int getK() {
    return (Integer) getOrDefault(k());
  }

  /** EM iteration limit. */
  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  /** Tolerance. */
  default double getTol() {
    return (Double) getOrDefault(tol());
  }

  /** Seed. */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /** Number of random starts. */
  default int getNumInit() {
    return (Integer) getOrDefault(numInit());
  }

  /** Smallest share of the total weight per component. */
  default double getMinPrior() {
    return (Double) getOrDefault(minPrior());
  }

  /** Largest ratio of two components' noise variances. */
  default double getMaxVarianceRatio() {
    return (Double) getOrDefault(maxVarianceRatio());
  }

  /** Whether EM is accelerated. */
  default boolean getAcceleration() {
    return (Boolean) getOrDefault(acceleration());
  }

  /** Rows at or below which the fit runs on the driver. */
  default int getLocalRows() {
    return (Integer) getOrDefault(localRows());
  }

  /** Init mode. */
  default String getInitMode() {
    return getOrDefault(initMode());
  }

  /** Noise model. */
  default String getNoiseModel() {
    return getOrDefault(noiseModel());
  }

  /** Model type. */
  default String getModelType() {
    return getOrDefault(modelType());
  }

  /** Prior variance. */
  default double getPriorCovariance() {
    return (Double) getOrDefault(priorCovariance());
  }

  /** Prior mean (a copy). */
  default double[] getPriorMean() {
    return getOrDefault(priorMean()).clone();
  }

  /** Whether the evidence updates the prior covariance. */
  default boolean getUpdatePrior() {
    return (Boolean) getOrDefault(updatePrior());
  }

  /** treeAggregate depth. */
  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  /** Checkpoint interval. */
  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  /** Folder of the EM checkpoints, or empty. */
  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  /**
   * The column of the gate's own inputs, or "" when the gate reads the features (always "" for
   * a mixture of regressions, whose weights do not depend on x).
   */
  default String gateInputsColumn() {
    return "";
  }
}
