package org.mixturelib.ml;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.hypermodels.Gates;
import org.mixturelib.localmodels.ExpertFamilies;
import scala.Function1;

/**
 * The {@code Param} objects of one estimator or model, declared once here for all of them (Java
 * cannot mix in Spark's Scala {@code Has*} traits). {@link MixtureParams} exposes them; each
 * stage owns one set, created with its uid.
 */
public final class MixtureParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> weightCol;
  final Param<String> groupCol;
  final Param<String> predictionCol;
  final Param<String> probabilityCol;
  final Param<String> responsibilityCol;
  final Param<String> componentPredictionsCol;
  final Param<String> predictionStdCol;
  final Param<String> logLikelihoodCol;
  final BooleanParam fitIntercept;
  final IntParam k;
  final IntParam maxIter;
  final DoubleParam tol;
  final LongParam seed;
  final IntParam numInit;
  final DoubleParam minPrior;
  final DoubleParam maxVarianceRatio;
  final BooleanParam acceleration;
  final IntParam localRows;
  final Param<String> initMode;
  final Param<String> noiseModel;
  final Param<String> modelType;
  final DoubleParam priorCovariance;
  final DoubleArrayParam priorMean;
  final BooleanParam updatePrior;
  final IntParam aggregationDepth;
  final IntParam checkpointInterval;
  final Param<String> checkpointDir;
  final Param<String> gate;
  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final Param<String> family;
  final Param<String> link;
  final Param<String> offsetCol;
  final Param<String> trialsCol;
  final Param<String> gateFeaturesCol;
  final IntArrayParam fixedFeatures;
  final Param<String> nestedFeatures;
  final StringArrayParam labelLevels;
  final Param<String> levelProbabilityCol;
  final DoubleParam lower;
  final Param<String> penalty;
  final DoubleParam alpha;
  final DoubleParam upper;
  final Param<String> lowerCol;
  final Param<String> upperCol;
  final BooleanParam noiseComponent;
  final Param<String> zeroCol;
  final Param<String> zeroFeaturesCol;
  final StringArrayParam zeroFeaturesNames;

  MixtureParamSet(Params owner) {
    featuresCol = new Param<>(owner, "featuresCol", "features column name (a vector)");
    labelCol = new Param<>(owner, "labelCol",
        "label column name: numeric, or a vector for several outputs");
    weightCol = new Param<>(owner, "weightCol",
        "case weight column name (finite, >= 0, real-valued); empty: every row weighs 1");
    groupCol = new Param<>(owner, "groupCol",
        "group column name (strings or numbers): all rows of a group belong to one component,"
            + " flexmix's y ~ x | g; empty: every row on its own");
    predictionCol = new Param<>(owner, "predictionCol",
        "output: the mixture mean (double, or a vector for several outputs); empty: none");
    probabilityCol = new Param<>(owner, "probabilityCol",
        "output: the gate probabilities pi_k(x) (vector of K); empty: none");
    responsibilityCol = new Param<>(owner, "responsibilityCol",
        "output when the label column is present: the posterior of each component given x and"
            + " y (vector of K); empty: none");
    componentPredictionsCol = new Param<>(owner, "componentPredictionsCol",
        "output: every expert's prediction (vector of K M, expert k's output j at k M + j);"
            + " empty: none");
    predictionStdCol = new Param<>(owner, "predictionStdCol",
        "output: the predictive standard deviation (double; averaged over outputs) from the"
            + " mixture, the noise and the experts' posterior covariances; empty: none");
    logLikelihoodCol = new Param<>(owner, "logLikelihoodCol",
        "output when the label column is present: log p(y | x) of the row (double); empty:"
            + " none");
    fitIntercept = new BooleanParam(owner, "fitIntercept",
        "whether every expert has an intercept (reported apart from the coefficients)");
    k = new IntParam(owner, "k", "number of components (>= 1)", ParamValidators.gtEq(1));
    maxIter = new IntParam(owner, "maxIter", "maximum number of EM iterations (>= 1)",
        ParamValidators.gtEq(1));
    tol = new DoubleParam(owner, "tol",
        "convergence tolerance on the change of the bound per unit of case weight (> 0)",
        ParamValidators.gt(0));
    seed = new LongParam(owner, "seed", "seed of every random draw");
    numInit = new IntParam(owner, "numInit",
        "number of starts (>= 1); each runs a short EM and the best continues; below 2,000"
            + " rows ceil(numInit * sqrt(2000 / N)) starts (at most 100) run, each to"
            + " convergence, and the best is kept",
        ParamValidators.gtEq(1));
    minPrior = new DoubleParam(owner, "minPrior",
        "smallest share of the total weight a component may hold, flexmix's minprior (in [0,"
            + " 1)): below it a component is re-seeded once, then removed; a fitted model's k is"
            + " the number of components it kept and its summary names those removed; 0 keeps"
            + " every component",
        (Function1<Object, Object> & Serializable) v -> (Double) v >= 0 && (Double) v < 1);
    maxVarianceRatio = new DoubleParam(owner, "maxVarianceRatio",
        "largest ratio of two components' noise variances under perComponent noise (>= 1;"
            + " Infinity: none); Hathaway's constraint against spurious maxima where one"
            + " component shrinks onto rows a line fits almost exactly",
        ParamValidators.gtEq(1));
    acceleration = new BooleanParam(owner, "acceleration",
        "whether EM is accelerated by squared extrapolation (SQUAREM), falling back to the plain"
            + " EM step whenever the extrapolated point's bound is lower; fits whose experts or"
            + " gate cannot be extrapolated (priors, an MLP or sparse gate, modelType 'sample')"
            + " run plain EM");
    localRows = new IntParam(owner, "localRows",
        "the fit runs on the driver, on rows collected once, when the data set has at most this"
            + " many rows (grouped rows too, in whole groups); 0: always on the executors"
            + " (>= 0)", ParamValidators.gtEq(0));
    initMode = new Param<>(owner, "initMode",
        "'mixed' (the second start from k-means on [x, y], the others random subsets),"
            + " 'random' (random subsets only), 'kmeans' (k-means only) or 'given' (start from"
            + " setInitialModel)",
        ParamValidators.inArray(List.of("mixed", "random", "kmeans", "given")));
    noiseModel = new Param<>(owner, "noiseModel",
        "'shared' (one noise variance, 0.4's beta) or 'perComponent' (one per expert, as"
            + " flexmix)",
        ParamValidators.inArray(List.of("shared", "perComponent")));
    modelType = new Param<>(owner, "modelType",
        "'default' (experts learn from responsibility-weighted rows) or 'sample' (each row goes"
            + " to one expert drawn from its responsibilities)",
        ParamValidators.inArray(List.of("default", "sample")));
    priorCovariance = new DoubleParam(owner, "priorCovariance",
        "variance a of the experts' Gaussian prior N(priorMean, a I) (> 0); Infinity: no prior"
            + " (maximum-likelihood experts)",
        ParamValidators.gt(0));
    priorMean = new DoubleArrayParam(owner, "priorMean",
        "mean of the experts' prior, one value per coefficient (the intercept last) times"
            + " outputs, column-major; empty: zeros");
    updatePrior = new BooleanParam(owner, "updatePrior",
        "whether the evidence updates the prior covariance (type-II maximum likelihood, kept"
            + " diagonal); the prior mean stays as given");
    aggregationDepth = new IntParam(owner, "aggregationDepth",
        "depth of treeAggregate (>= 2)", ParamValidators.gtEq(2));
    checkpointInterval = new IntParam(owner, "checkpointInterval",
        "checkpoint every this many iterations (>= 1), or -1 to disable",
        (Function1<Object, Object> & Serializable) v -> (Integer) v == -1 || (Integer) v >= 1);
    checkpointDir = new Param<>(owner, "checkpointDir",
        "driver-side folder for the EM checkpoints (every checkpointInterval iterations); a fit"
            + " with a checkpoint there resumes from it; empty: no checkpoints");
    gate = new Param<>(owner, "gate",
        "the gate: 'linear' (softmax of x), 'mlp' (softmax of a network, hiddenLayers and"
            + " activation),"
            + " 'sparse' (per-object Dirichlet weights), or the type id of a gate registered"
            + " as a GateProvider service",
        (Function1<String, Object> & Serializable) Gates::isKnown);
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers",
        "widths of the hidden layers of the 'mlp' gate (each >= 1)");
    activation = new Param<>(owner, "activation",
        "the nonlinearity of the 'mlp' gate's hidden layers: 'tanh' or 'relu'",
        ParamValidators.inArray(List.of("tanh", "relu")));
    family = new Param<>(owner, "family",
        "the experts' response distribution: 'gaussian', 'poisson', 'binomial' (label ="
            + " successes, trialsCol = trials; Bernoulli without), 'gamma', 'negbin' (negative"
            + " binomial, NB2), or the type id of a family registered as an ExpertFamilyProvider"
            + " service",
        (Function1<String, Object> & Serializable) ExpertFamilies::isKnown);
    link = new Param<>(owner, "link",
        "the experts' link: '' for the family's default (gaussian identity, poisson log,"
            + " binomial logit, gamma log, negbin log), or one the family takes: gaussian"
            + " identity/log; poisson log/identity/sqrt; binomial logit/probit/cloglog/log;"
            + " gamma log/inverse/identity; negbin log/sqrt/identity",
        ParamValidators.inArray(List.of("", "identity", "log", "logit", "probit", "cloglog",
            "sqrt", "inverse")));
    offsetCol = new Param<>(owner, "offsetCol",
        "numeric column added to every expert's linear predictor; '' for none");
    trialsCol = new Param<>(owner, "trialsCol",
        "numeric column of binomial trials (family 'binomial'); '' for Bernoulli labels");
    fixedFeatures = new IntArrayParam(owner, "fixedFeatures",
        "indices (0-based) into the features vector of the features whose coefficients all"
            + " components share (flexmix's FLXMRglmfix fixed); empty: none");
    nestedFeatures = new Param<>(owner, "nestedFeatures",
        "groups of components sharing the coefficients of some features (flexmix's"
            + " FLXMRglmfix nested): 'components:features' groups separated by ';', components"
            + " 1-based, features 0-based indices into the features vector, e.g. '1,2:0;3:1'"
            + " (components 1 and 2 share feature 0's coefficient, component 3 has feature 1's"
            + " alone); a nested feature's coefficient is 0 in the components of no group"
            + " naming it; empty: none");
    lower = new DoubleParam(owner, "lower",
        "family 'tobit': the constant lower censoring limit (a label equal to it is"
            + " left-censored); -Infinity: none");
    upper = new DoubleParam(owner, "upper",
        "family 'tobit': the constant upper censoring limit (a label equal to it is"
            + " right-censored); Infinity: none");
    penalty = new Param<>(owner, "penalty",
        "the elastic net's lambda (flexmix's FLXMRglmnet, glmnet's objective on each"
            + " component's weighted rows, standardised features, the intercept free): a number"
            + " >= 0, 'auto' to choose it per component by the extended BIC along a path, or ''"
            + " for no penalty (maximum likelihood); families gaussian, poisson, binomial,"
            + " gamma, negbin",
        (Function1<String, Object> & Serializable) MixtureParamSet::validPenalty);
    alpha = new DoubleParam(owner, "alpha",
        "the elastic net's mix in [0, 1]: 1 the lasso, 0 ridge (with penalty)",
        ParamValidators.inRange(0, 1));
    lowerCol = new Param<>(owner, "lowerCol",
        "family 'tobit': numeric column of per-row lower censoring limits, replacing lower"
            + " (null or -Infinity: none); '' for none");
    upperCol = new Param<>(owner, "upperCol",
        "family 'tobit': numeric column of per-row upper censoring limits, replacing upper"
            + " (null or Infinity: none); '' for none");
    gateFeaturesCol = new Param<>(owner, "gateFeaturesCol",
        "the gate's own inputs column (a vector, as flexmix's concomitant formula); empty: the"
            + " gate reads the features");
    noiseComponent = new BooleanParam(owner, "noiseComponent",
        "whether the last of the k components is a background noise component of fixed"
            + " density that absorbs gross outliers (flexmix's FLXMRrobglm: a normal at the"
            + " answer's mean and sd for 'gaussian', a Poisson at 3 times its mean for count"
            + " families); needs k >= 2 and fitIntercept");
    zeroCol = new Param<>(owner, "zeroCol",
        "families 'zipoisson', 'zinegbin', 'hurdlepoisson', 'hurdlenegbin': numeric column of"
            + " the zero part's own covariate (beside its intercept); '' for an intercept-only"
            + " zero part");
    zeroFeaturesCol = new Param<>(owner, "zeroFeaturesCol",
        "families 'zipoisson', 'zinegbin', 'hurdlepoisson', 'hurdlenegbin': vector column of"
            + " the zero part's own covariates (beside its intercept; instead of zeroCol); ''"
            + " for none");
    zeroFeaturesNames = new StringArrayParam(owner, "zeroFeaturesNames",
        "the names of the entries of zeroFeaturesCol, in order (the summary's terms); empty:"
            + " learnt at fit from the column's ML attributes, else 'column[j]'");
    labelLevels = new StringArrayParam(owner, "labelLevels",
        "the label's levels in index order, level 0 the reference (a family with a categorical"
            + " label: 'multinomial'); empty: learnt at fit, a string label's distinct values"
            + " sorted, a numeric label's indices 0 to its largest");
    levelProbabilityCol = new Param<>(owner, "levelProbabilityCol",
        "output column of a categorical family's model: the mixture's probability of each level"
            + " (a vector in the order of labelLevels); '' for none");
  }

  /**
   * Sets the defaults of the shared params on their owner: Spark's column names, an intercept,
   * two components, the engine's iteration, tolerance, seed and restart settings, per-component
   * noise (flexmix's), no prior, Gaussian experts with the identity link, no offsets or trials.
   */
  void setDefaults(Params owner) {
    EmConfig engine = new EmConfig();
    owner.setDefault(featuresCol, "features");
    owner.setDefault(labelCol, "label");
    owner.setDefault(weightCol, "");
    owner.setDefault(groupCol, "");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(responsibilityCol, "responsibility");
    owner.setDefault(componentPredictionsCol, "componentPredictions");
    owner.setDefault(predictionStdCol, "predictionStd");
    owner.setDefault(logLikelihoodCol, "logLikelihood");
    owner.setDefault(fitIntercept, true);
    owner.setDefault(k, 2);
    owner.setDefault(maxIter, engine.maxIter());
    owner.setDefault(tol, engine.tol());
    owner.setDefault(seed, engine.seed());
    owner.setDefault(numInit, engine.numInit());
    owner.setDefault(minPrior, engine.minPrior());
    owner.setDefault(maxVarianceRatio, engine.maxVarianceRatio());
    owner.setDefault(acceleration, engine.acceleration());
    owner.setDefault(localRows, engine.localRows());
    owner.setDefault(initMode, engine.initMode().name().toLowerCase(Locale.ROOT));
    owner.setDefault(noiseModel, "perComponent");
    owner.setDefault(modelType, "default");
    owner.setDefault(priorCovariance, Double.POSITIVE_INFINITY);
    owner.setDefault(priorMean, new double[0]);
    owner.setDefault(updatePrior, false);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(checkpointInterval, 10);
    owner.setDefault(family, "gaussian");
    owner.setDefault(link, "");
    owner.setDefault(offsetCol, "");
    owner.setDefault(trialsCol, "");
    owner.setDefault(labelLevels, new String[0]);
    owner.setDefault(levelProbabilityCol, "levelProbability");
    owner.setDefault(lower, Double.NEGATIVE_INFINITY);
    owner.setDefault(upper, Double.POSITIVE_INFINITY);
    owner.setDefault(lowerCol, "");
    owner.setDefault(penalty, "");
    owner.setDefault(alpha, 1.0);
    owner.setDefault(upperCol, "");
    owner.setDefault(checkpointDir, "");
    owner.setDefault(noiseComponent, false);
    owner.setDefault(zeroCol, "");
    owner.setDefault(zeroFeaturesCol, "");
    owner.setDefault(zeroFeaturesNames, new String[0]);
    owner.setDefault(fixedFeatures, new int[0]);
    owner.setDefault(nestedFeatures, "");
  }

  /**
   * The params that name a family's own per-row columns, each {@code <role>Col} for a role
   * some family reads (see {@code localmodels.FamilyColumns}); default "" (none).
   */
  List<Param<String>> familyColumnParams() {
    return List.of(lowerCol, upperCol, zeroCol);
  }

  /**
   * The params that name a family's own vector column, each {@code <role>Col} for a vector
   * role some family reads (see {@code localmodels.FamilyColumns#vectorRoles}); default ""
   * (none). Each has a names param {@code <role>Names} ({@link #entryNames}).
   */
  List<Param<String>> familyVectorParams() {
    return List.of(zeroFeaturesCol);
  }

  /** The names param of a family's vector column param. */
  StringArrayParam entryNames(Param<String> vectorParam) {
    if (vectorParam == zeroFeaturesCol) {
      return zeroFeaturesNames;
    }
    throw new IllegalArgumentException(vectorParam.name() + " is not a family vector param");
  }

  /**
   * The params that are a family's own settings (named as the settings; see {@code
   * localmodels.FamilySettings}), passed to the family when set.
   */
  List<Param<?>> familySettingParams() {
    return List.of(lower, upper, penalty, alpha);
  }

  /** Whether {@code v} is a penalty: empty, {@code auto}, or a finite number >= 0. */
  static boolean validPenalty(String v) {
    String t = v.trim();
    if (t.isEmpty() || t.equalsIgnoreCase("auto")) {
      return true;
    }
    try {
      double d = Double.parseDouble(t);
      return d >= 0 && d < Double.POSITIVE_INFINITY;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Sets the defaults of the gate params (mixture of experts only): a linear gate. */
  void setGateDefaults(Params owner) {
    owner.setDefault(gate, "linear");
    owner.setDefault(hiddenLayers, new int[] {10});
    owner.setDefault(activation, "tanh");
    owner.setDefault(gateFeaturesCol, "");
  }
}
