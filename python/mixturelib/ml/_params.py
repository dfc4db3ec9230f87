"""The params of the mixture stages, declared as the Java stages declare them.

Names, docs, types and defaults equal those of ``org.mixturelib.ml.MixtureParamSet``;
``tests/test_ml_params.py`` compares them with the Java side's ``ParamCatalog`` so that the two
cannot drift.
"""

from pyspark.ml.param import Param, Params, TypeConverters


class _MixtureParams(Params):
    """The params that the mixture estimators and their models share, with their getters."""

    featuresCol = Param(
        Params._dummy(),
        "featuresCol",
        "features column name (a vector)",
        typeConverter=TypeConverters.toString,
    )
    labelCol = Param(
        Params._dummy(),
        "labelCol",
        "label column name: numeric, or a vector for several outputs",
        typeConverter=TypeConverters.toString,
    )
    weightCol = Param(
        Params._dummy(),
        "weightCol",
        "case weight column name (finite, >= 0, real-valued); empty: every row weighs 1",
        typeConverter=TypeConverters.toString,
    )
    groupCol = Param(
        Params._dummy(),
        "groupCol",
        "group column name (strings or numbers): all rows of a group belong to one component, "
        "flexmix's y ~ x | g; empty: every row on its own",
        typeConverter=TypeConverters.toString,
    )
    predictionCol = Param(
        Params._dummy(),
        "predictionCol",
        "output: the mixture mean (double, or a vector for several outputs); empty: none",
        typeConverter=TypeConverters.toString,
    )
    probabilityCol = Param(
        Params._dummy(),
        "probabilityCol",
        "output: the gate probabilities pi_k(x) (vector of K); empty: none",
        typeConverter=TypeConverters.toString,
    )
    responsibilityCol = Param(
        Params._dummy(),
        "responsibilityCol",
        "output when the label column is present: the posterior of each component given x and y "
        "(vector of K); empty: none",
        typeConverter=TypeConverters.toString,
    )
    componentPredictionsCol = Param(
        Params._dummy(),
        "componentPredictionsCol",
        "output: every expert's prediction (vector of K M, expert k's output j at k M + j); "
        "empty: none",
        typeConverter=TypeConverters.toString,
    )
    predictionStdCol = Param(
        Params._dummy(),
        "predictionStdCol",
        "output: the predictive standard deviation (double; averaged over outputs) from the "
        "mixture, the noise and the experts' posterior covariances; empty: none",
        typeConverter=TypeConverters.toString,
    )
    logLikelihoodCol = Param(
        Params._dummy(),
        "logLikelihoodCol",
        "output when the label column is present: log p(y | x) of the row (double); empty: none",
        typeConverter=TypeConverters.toString,
    )
    fitIntercept = Param(
        Params._dummy(),
        "fitIntercept",
        "whether every expert has an intercept (reported apart from the coefficients)",
        typeConverter=TypeConverters.toBoolean,
    )
    k = Param(
        Params._dummy(),
        "k",
        "number of components (>= 1)",
        typeConverter=TypeConverters.toInt,
    )
    maxIter = Param(
        Params._dummy(),
        "maxIter",
        "maximum number of EM iterations (>= 1)",
        typeConverter=TypeConverters.toInt,
    )
    tol = Param(
        Params._dummy(),
        "tol",
        "convergence tolerance on the change of the bound per unit of case weight (> 0)",
        typeConverter=TypeConverters.toFloat,
    )
    seed = Param(
        Params._dummy(),
        "seed",
        "seed of every random draw",
        typeConverter=TypeConverters.toInt,
    )
    numInit = Param(
        Params._dummy(),
        "numInit",
        "number of starts (>= 1); each runs a short EM and the best continues; below 2,000 rows"
        " ceil(numInit * sqrt(2000 / N)) starts (at most 100) run, each to convergence, and the"
        " best is kept",
        typeConverter=TypeConverters.toInt,
    )
    minPrior = Param(
        Params._dummy(),
        "minPrior",
        "smallest share of the total weight a component may hold, flexmix's minprior (in [0, 1)):"
        " below it a component is re-seeded once, then removed; a fitted model's k is the number "
        "of components it kept and its summary names those removed; 0 keeps every component",
        typeConverter=TypeConverters.toFloat,
    )
    maxVarianceRatio = Param(
        Params._dummy(),
        "maxVarianceRatio",
        "largest ratio of two components' noise variances under perComponent noise (>= 1; "
        "Infinity: none); Hathaway's constraint against spurious maxima where one component "
        "shrinks onto rows a line fits almost exactly",
        typeConverter=TypeConverters.toFloat,
    )
    acceleration = Param(
        Params._dummy(),
        "acceleration",
        "whether EM is accelerated by squared extrapolation (SQUAREM), falling back to the plain "
        "EM step whenever the extrapolated point's bound is lower; fits whose experts or gate "
        "cannot be extrapolated (priors, an MLP or sparse gate, modelType 'sample') run plain EM",
        typeConverter=TypeConverters.toBoolean,
    )
    localRows = Param(
        Params._dummy(),
        "localRows",
        "the fit runs on the driver, on rows collected once, when the data set has at most this "
        "many rows (grouped rows too, in whole groups); 0: always on the executors (>= 0)",
        typeConverter=TypeConverters.toInt,
    )
    initMode = Param(
        Params._dummy(),
        "initMode",
        "'mixed' (the second start from k-means on [x, y], the others random subsets), 'random' "
        "(random subsets only), 'kmeans' (k-means only) or 'given' (start from setInitialModel)",
        typeConverter=TypeConverters.toString,
    )
    noiseModel = Param(
        Params._dummy(),
        "noiseModel",
        "'shared' (one noise variance, 0.4's beta) or 'perComponent' (one per expert, as flexmix)",
        typeConverter=TypeConverters.toString,
    )
    modelType = Param(
        Params._dummy(),
        "modelType",
        "'default' (experts learn from responsibility-weighted rows) or 'sample' (each row goes "
        "to one expert drawn from its responsibilities)",
        typeConverter=TypeConverters.toString,
    )
    priorCovariance = Param(
        Params._dummy(),
        "priorCovariance",
        "variance a of the experts' Gaussian prior N(priorMean, a I) (> 0); Infinity: no prior "
        "(maximum-likelihood experts)",
        typeConverter=TypeConverters.toFloat,
    )
    priorMean = Param(
        Params._dummy(),
        "priorMean",
        "mean of the experts' prior, one value per coefficient (the intercept last) times "
        "outputs, column-major; empty: zeros",
        typeConverter=TypeConverters.toListFloat,
    )
    updatePrior = Param(
        Params._dummy(),
        "updatePrior",
        "whether the evidence updates the prior covariance (type-II maximum likelihood, kept "
        "diagonal); the prior mean stays as given",
        typeConverter=TypeConverters.toBoolean,
    )
    aggregationDepth = Param(
        Params._dummy(),
        "aggregationDepth",
        "depth of treeAggregate (>= 2)",
        typeConverter=TypeConverters.toInt,
    )
    checkpointInterval = Param(
        Params._dummy(),
        "checkpointInterval",
        "checkpoint every this many iterations (>= 1), or -1 to disable",
        typeConverter=TypeConverters.toInt,
    )
    checkpointDir = Param(
        Params._dummy(),
        "checkpointDir",
        "driver-side folder for the EM checkpoints (every checkpointInterval iterations); a fit "
        "with a checkpoint there resumes from it; empty: no checkpoints",
        typeConverter=TypeConverters.toString,
    )
    family = Param(
        Params._dummy(),
        "family",
        "the experts' response distribution: 'gaussian', 'poisson', 'binomial' (label = "
        "successes, trialsCol = trials; Bernoulli without), 'gamma', 'negbin' (negative "
        "binomial, NB2), or the type id of a family registered as an ExpertFamilyProvider "
        "service",
        typeConverter=TypeConverters.toString,
    )
    link = Param(
        Params._dummy(),
        "link",
        "the experts' link: '' for the family's default (gaussian identity, poisson log, "
        "binomial logit, gamma log, negbin log), or one the family takes: gaussian "
        "identity/log; poisson log/identity/sqrt; binomial logit/probit/cloglog/log; "
        "gamma log/inverse/identity; negbin log/sqrt/identity",
        typeConverter=TypeConverters.toString,
    )
    offsetCol = Param(
        Params._dummy(),
        "offsetCol",
        "numeric column added to every expert's linear predictor; '' for none",
        typeConverter=TypeConverters.toString,
    )
    trialsCol = Param(
        Params._dummy(),
        "trialsCol",
        "numeric column of binomial trials (family 'binomial'); '' for Bernoulli labels",
        typeConverter=TypeConverters.toString,
    )
    fixedFeatures = Param(
        Params._dummy(),
        "fixedFeatures",
        "indices (0-based) into the features vector of the features whose coefficients all "
        "components share (flexmix's FLXMRglmfix fixed); empty: none",
        typeConverter=TypeConverters.toListInt,
    )
    nestedFeatures = Param(
        Params._dummy(),
        "nestedFeatures",
        "groups of components sharing the coefficients of some features (flexmix's "
        "FLXMRglmfix nested): 'components:features' groups separated by ';', components "
        "1-based, features 0-based indices into the features vector, e.g. '1,2:0;3:1' "
        "(components 1 and 2 share feature 0's coefficient, component 3 has feature 1's "
        "alone); a nested feature's coefficient is 0 in the components of no group naming it; "
        "empty: none",
        typeConverter=TypeConverters.toString,
    )
    labelLevels = Param(
        Params._dummy(),
        "labelLevels",
        "the label's levels in index order, level 0 the reference (a family with a categorical "
        "label: 'multinomial'); empty: learnt at fit, a string label's distinct values sorted, a "
        "numeric label's indices 0 to its largest",
        typeConverter=TypeConverters.toListString,
    )
    levelProbabilityCol = Param(
        Params._dummy(),
        "levelProbabilityCol",
        "output column of a categorical family's model: the mixture's probability of each level "
        "(a vector in the order of labelLevels); '' for none",
        typeConverter=TypeConverters.toString,
    )
    lower = Param(
        Params._dummy(),
        "lower",
        "family 'tobit': the constant lower censoring limit (a label equal to it is "
        "left-censored); -Infinity: none",
        typeConverter=TypeConverters.toFloat,
    )
    upper = Param(
        Params._dummy(),
        "upper",
        "family 'tobit': the constant upper censoring limit (a label equal to it is "
        "right-censored); Infinity: none",
        typeConverter=TypeConverters.toFloat,
    )
    lowerCol = Param(
        Params._dummy(),
        "lowerCol",
        "family 'tobit': numeric column of per-row lower censoring limits, replacing lower "
        "(null or -Infinity: none); '' for none",
        typeConverter=TypeConverters.toString,
    )
    upperCol = Param(
        Params._dummy(),
        "upperCol",
        "family 'tobit': numeric column of per-row upper censoring limits, replacing upper "
        "(null or Infinity: none); '' for none",
        typeConverter=TypeConverters.toString,
    )
    penalty = Param(
        Params._dummy(),
        "penalty",
        "the elastic net's lambda (flexmix's FLXMRglmnet, glmnet's objective on each "
        "component's weighted rows, standardised features, the intercept free): a number "
        ">= 0, 'auto' to choose it per component by the extended BIC along a path, or '' "
        "for no penalty (maximum likelihood); families gaussian, poisson, binomial, "
        "gamma, negbin",
        typeConverter=TypeConverters.toString,
    )
    alpha = Param(
        Params._dummy(),
        "alpha",
        "the elastic net's mix in [0, 1]: 1 the lasso, 0 ridge (with penalty)",
        typeConverter=TypeConverters.toFloat,
    )
    noiseComponent = Param(
        Params._dummy(),
        "noiseComponent",
        "whether the last of the k components is a background noise component of fixed "
        "density that absorbs gross outliers (flexmix's FLXMRrobglm: a normal at the "
        "answer's mean and sd for 'gaussian', a Poisson at 3 times its mean for count "
        "families); needs k >= 2 and fitIntercept",
        typeConverter=TypeConverters.toBoolean,
    )
    zeroCol = Param(
        Params._dummy(),
        "zeroCol",
        "families 'zipoisson', 'zinegbin', 'hurdlepoisson', 'hurdlenegbin': numeric column of "
        "the zero part's own covariate (beside its intercept); '' for an intercept-only zero "
        "part",
        typeConverter=TypeConverters.toString,
    )
    zeroFeaturesCol = Param(
        Params._dummy(),
        "zeroFeaturesCol",
        "families 'zipoisson', 'zinegbin', 'hurdlepoisson', 'hurdlenegbin': vector column of "
        "the zero part's own covariates (beside its intercept; instead of zeroCol); '' for none",
        typeConverter=TypeConverters.toString,
    )
    zeroFeaturesNames = Param(
        Params._dummy(),
        "zeroFeaturesNames",
        "the names of the entries of zeroFeaturesCol, in order (the summary's terms); empty: "
        "learnt at fit from the column's ML attributes, else 'column[j]'",
        typeConverter=TypeConverters.toListString,
    )

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(
            featuresCol='features',
            labelCol='label',
            weightCol='',
            groupCol='',
            predictionCol='prediction',
            probabilityCol='probability',
            responsibilityCol='responsibility',
            componentPredictionsCol='componentPredictions',
            predictionStdCol='predictionStd',
            logLikelihoodCol='logLikelihood',
            fitIntercept=True,
            k=2,
            maxIter=200,
            tol=1e-06,
            seed=42,
            numInit=10,
            minPrior=0.05,
            maxVarianceRatio=900.0,
            acceleration=True,
            localRows=50000,
            initMode='mixed',
            noiseModel='perComponent',
            modelType='default',
            priorCovariance=float("inf"),
            priorMean=(),
            updatePrior=False,
            aggregationDepth=2,
            checkpointInterval=10,
            checkpointDir='',
            family='gaussian',
            link='',
            offsetCol='',
            trialsCol='',
            fixedFeatures=[],
            nestedFeatures='',
            labelLevels=(),
            levelProbabilityCol='levelProbability',
            lower=float("-inf"),
            upper=float("inf"),
            lowerCol='',
            upperCol='',
            penalty='',
            alpha=1.0,
            noiseComponent=False,
            zeroCol='',
            zeroFeaturesCol='',
            zeroFeaturesNames=(),
        )

    def getFeaturesCol(self):
        """The value of ``featuresCol`` or its default."""
        return self.getOrDefault(self.featuresCol)

    def getLabelCol(self):
        """The value of ``labelCol`` or its default."""
        return self.getOrDefault(self.labelCol)

    def getWeightCol(self):
        """The value of ``weightCol`` or its default."""
        return self.getOrDefault(self.weightCol)

    def getGroupCol(self):
        """The value of ``groupCol`` or its default."""
        return self.getOrDefault(self.groupCol)

    def getPredictionCol(self):
        """The value of ``predictionCol`` or its default."""
        return self.getOrDefault(self.predictionCol)

    def getProbabilityCol(self):
        """The value of ``probabilityCol`` or its default."""
        return self.getOrDefault(self.probabilityCol)

    def getResponsibilityCol(self):
        """The value of ``responsibilityCol`` or its default."""
        return self.getOrDefault(self.responsibilityCol)

    def getComponentPredictionsCol(self):
        """The value of ``componentPredictionsCol`` or its default."""
        return self.getOrDefault(self.componentPredictionsCol)

    def getPredictionStdCol(self):
        """The value of ``predictionStdCol`` or its default."""
        return self.getOrDefault(self.predictionStdCol)

    def getLogLikelihoodCol(self):
        """The value of ``logLikelihoodCol`` or its default."""
        return self.getOrDefault(self.logLikelihoodCol)

    def getFitIntercept(self):
        """The value of ``fitIntercept`` or its default."""
        return self.getOrDefault(self.fitIntercept)

    def getK(self):
        """The value of ``k`` or its default."""
        return self.getOrDefault(self.k)

    def getMaxIter(self):
        """The value of ``maxIter`` or its default."""
        return self.getOrDefault(self.maxIter)

    def getTol(self):
        """The value of ``tol`` or its default."""
        return self.getOrDefault(self.tol)

    def getSeed(self):
        """The value of ``seed`` or its default."""
        return self.getOrDefault(self.seed)

    def getNumInit(self):
        """The value of ``numInit`` or its default."""
        return self.getOrDefault(self.numInit)

    def getMinPrior(self):
        """The value of ``minPrior`` or its default."""
        return self.getOrDefault(self.minPrior)

    def getMaxVarianceRatio(self):
        """The value of ``maxVarianceRatio`` or its default."""
        return self.getOrDefault(self.maxVarianceRatio)

    def getAcceleration(self):
        """The value of ``acceleration`` or its default."""
        return self.getOrDefault(self.acceleration)

    def getLocalRows(self):
        """The value of ``localRows`` or its default."""
        return self.getOrDefault(self.localRows)

    def getInitMode(self):
        """The value of ``initMode`` or its default."""
        return self.getOrDefault(self.initMode)

    def getNoiseModel(self):
        """The value of ``noiseModel`` or its default."""
        return self.getOrDefault(self.noiseModel)

    def getModelType(self):
        """The value of ``modelType`` or its default."""
        return self.getOrDefault(self.modelType)

    def getPriorCovariance(self):
        """The value of ``priorCovariance`` or its default."""
        return self.getOrDefault(self.priorCovariance)

    def getPriorMean(self):
        """The value of ``priorMean`` or its default."""
        return self.getOrDefault(self.priorMean)

    def getUpdatePrior(self):
        """The value of ``updatePrior`` or its default."""
        return self.getOrDefault(self.updatePrior)

    def getAggregationDepth(self):
        """The value of ``aggregationDepth`` or its default."""
        return self.getOrDefault(self.aggregationDepth)

    def getCheckpointInterval(self):
        """The value of ``checkpointInterval`` or its default."""
        return self.getOrDefault(self.checkpointInterval)

    def getCheckpointDir(self):
        """The value of ``checkpointDir`` or its default."""
        return self.getOrDefault(self.checkpointDir)

    def getFamily(self):
        """The value of ``family`` or its default."""
        return self.getOrDefault(self.family)

    def getLink(self):
        """The value of ``link`` or its default."""
        return self.getOrDefault(self.link)

    def getOffsetCol(self):
        """The value of ``offsetCol`` or its default."""
        return self.getOrDefault(self.offsetCol)

    def getTrialsCol(self):
        """The value of ``trialsCol`` or its default."""
        return self.getOrDefault(self.trialsCol)

    def getFixedFeatures(self):
        """The value of ``fixedFeatures`` or its default."""
        return self.getOrDefault(self.fixedFeatures)

    def getNestedFeatures(self):
        """The value of ``nestedFeatures`` or its default."""
        return self.getOrDefault(self.nestedFeatures)
    def getLabelLevels(self):
        """The value of ``labelLevels`` or its default."""
        return self.getOrDefault(self.labelLevels)

    def getLevelProbabilityCol(self):
        """The value of ``levelProbabilityCol`` or its default."""
        return self.getOrDefault(self.levelProbabilityCol)

    def getLower(self):
        """The value of ``lower`` or its default."""
        return self.getOrDefault(self.lower)

    def getUpper(self):
        """The value of ``upper`` or its default."""
        return self.getOrDefault(self.upper)

    def getPenalty(self):
        """The value of ``penalty`` or its default."""
        return self.getOrDefault(self.penalty)

    def getAlpha(self):
        """The value of ``alpha`` or its default."""
        return self.getOrDefault(self.alpha)

    def getLowerCol(self):
        """The value of ``lowerCol`` or its default."""
        return self.getOrDefault(self.lowerCol)

    def getUpperCol(self):
        """The value of ``upperCol`` or its default."""
        return self.getOrDefault(self.upperCol)
    def getNoiseComponent(self):
        """The value of ``noiseComponent`` or its default."""
        return self.getOrDefault(self.noiseComponent)

    def getZeroCol(self):
        """The value of ``zeroCol`` or its default."""
        return self.getOrDefault(self.zeroCol)

    def getZeroFeaturesCol(self):
        """The value of ``zeroFeaturesCol`` or its default."""
        return self.getOrDefault(self.zeroFeaturesCol)

    def getZeroFeaturesNames(self):
        """The value of ``zeroFeaturesNames`` or its default."""
        return self.getOrDefault(self.zeroFeaturesNames)


class _MixtureOfExpertsParams(_MixtureParams):
    """The gate params of the mixture of experts and its model, beyond the shared ones."""

    gate = Param(
        Params._dummy(),
        "gate",
        "the gate: 'linear' (softmax of x), 'mlp' (softmax of a network, hiddenLayers and "
        "activation), 'sparse' (per-object Dirichlet weights), or the type id of a gate "
        "registered as a GateProvider service",
        typeConverter=TypeConverters.toString,
    )
    hiddenLayers = Param(
        Params._dummy(),
        "hiddenLayers",
        "widths of the hidden layers of the 'mlp' gate (each >= 1)",
        typeConverter=TypeConverters.toListInt,
    )
    activation = Param(
        Params._dummy(),
        "activation",
        "the nonlinearity of the 'mlp' gate's hidden layers: 'tanh' or 'relu'",
        typeConverter=TypeConverters.toString,
    )
    gateFeaturesCol = Param(
        Params._dummy(),
        "gateFeaturesCol",
        "the gate's own inputs column (a vector, as flexmix's concomitant formula); empty: the "
        "gate reads the features",
        typeConverter=TypeConverters.toString,
    )

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(
            gate='linear',
            hiddenLayers=(10,),
            activation='tanh',
            gateFeaturesCol='',
        )

    def getGate(self):
        """The value of ``gate`` or its default."""
        return self.getOrDefault(self.gate)

    def getHiddenLayers(self):
        """The value of ``hiddenLayers`` or its default."""
        return self.getOrDefault(self.hiddenLayers)

    def getActivation(self):
        """The value of ``activation`` or its default."""
        return self.getOrDefault(self.activation)

    def getGateFeaturesCol(self):
        """The value of ``gateFeaturesCol`` or its default."""
        return self.getOrDefault(self.gateFeaturesCol)
