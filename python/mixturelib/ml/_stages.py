"""The mixture stages in ``pyspark.ml``: estimators, models, their training summary, the evaluator.

Each class wraps the Java class of the same name in ``org.mixturelib.ml`` (where the maths runs)
and declares the same params. Their ``__module__`` is ``org.mixturelib.ml``, the Java package: the
name pyspark derives the Java class from when it loads a saved stage (``JavaMLReader``, and the
Spark Connect reader), and the module it imports when it wraps a Java stage (a ``PipelineModel``
loaded from disk); the ``org.mixturelib.ml`` Python module re-exports these classes.
"""

import numpy as np
from py4j.protocol import Py4JJavaError
from pyspark import keyword_only
from pyspark.ml.evaluation import JavaEvaluator
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel, JavaWrapper
from pyspark.sql.utils import is_remote

from .. import _jvm
from . import _connect
from ._params import _MixtureOfExpertsParams, _MixtureParams
from ._progress import fit_with_progress

#: The Java package of the wrapped classes.
JAVA_PACKAGE = "org.mixturelib.ml"


def _new_java_stage(name, uid):
    """The Java stage ``org.mixturelib.ml.<name>``, after checking that the session has the jar."""
    if not is_remote():
        _jvm.session()
    return JavaWrapper._new_java_obj(f"{JAVA_PACKAGE}.{name}", uid)


def _call(wrapper, name, *args):
    """Calls a Java accessor; the Java side's IllegalStateException becomes a RuntimeError with its message.

    Over Spark Connect, whose server calls no mixturelib method, a model's accessors are read
    through :func:`mixturelib.ml._connect.attribute`.
    """
    if _connect.is_connect():
        return _connect.attribute(wrapper, name)
    try:
        return wrapper._call_java(name, *args)
    except Py4JJavaError as error:
        java = error.java_exception
        if java.getClass().getName() == "java.lang.IllegalStateException":
            raise RuntimeError(java.getMessage()) from None
        raise


def _array(values):
    """A Java double[] (or a list of numbers) as a numpy array."""
    return np.asarray(list(values), dtype=float)


class _ColumnSetters:
    """Setters of the input and output column params, shared by the estimators and the models."""

    def setFeaturesCol(self, value):
        """Sets ``featuresCol``."""
        return self._set(featuresCol=value)

    def setLabelCol(self, value):
        """Sets ``labelCol``."""
        return self._set(labelCol=value)

    def setWeightCol(self, value):
        """Sets ``weightCol``."""
        return self._set(weightCol=value)

    def setGroupCol(self, value):
        """Sets ``groupCol``."""
        return self._set(groupCol=value)

    def setPredictionCol(self, value):
        """Sets ``predictionCol``."""
        return self._set(predictionCol=value)

    def setProbabilityCol(self, value):
        """Sets ``probabilityCol``."""
        return self._set(probabilityCol=value)

    def setResponsibilityCol(self, value):
        """Sets ``responsibilityCol``."""
        return self._set(responsibilityCol=value)

    def setComponentPredictionsCol(self, value):
        """Sets ``componentPredictionsCol``."""
        return self._set(componentPredictionsCol=value)

    def setPredictionStdCol(self, value):
        """Sets ``predictionStdCol``."""
        return self._set(predictionStdCol=value)

    def setLogLikelihoodCol(self, value):
        """Sets ``logLikelihoodCol``."""
        return self._set(logLikelihoodCol=value)

    def setLevelProbabilityCol(self, value):
        """Sets ``levelProbabilityCol`` (a categorical family's level probabilities)."""
        return self._set(levelProbabilityCol=value)



class _MixtureEstimator(_ColumnSetters, JavaEstimator, JavaMLReadable, JavaMLWritable):
    """What the two mixture estimators share: the setters of their common params, progress printing
    and the initial model."""

    _progress = False

    def setProgress(self, value=True):
        """Prints one line per EM iteration of the continuing fit while ``fit`` runs (off by default).

        The starts' short runs are summed up in one line (``10 starts: best bound ...``). The
        lines are printed by the Python process (a notebook cell shows them); the setting is not
        a param (it is neither saved nor sent to the JVM) but is kept by ``copy``, so that
        ``CrossValidator`` and ``Pipeline`` fits print too. Not available over Spark Connect.
        """
        self._progress = bool(value)
        return self

    def getProgress(self):
        """Whether ``fit`` prints its progress."""
        return self._progress

    def setInitialModel(self, model):
        """Sets the model that initMode "given" starts from (None clears it); not a param, but saved."""
        self._java_obj.setInitialModel(None if model is None else model._java_obj)
        return self

    def _fit(self, dataset):
        model = super()._fit(dataset)
        if not is_remote():
            # pyspark copied this estimator's values onto the model; the values the Java fit set
            # on its model win (a param the fit decides, such as k after components were removed)
            model._transfer_params_from_java()
        return model

    def _fit_java(self, dataset):
        if not self._progress:
            return super()._fit_java(dataset)
        self._transfer_params_to_java()
        return fit_with_progress(self._java_obj, dataset._jdf)


    def setFitIntercept(self, value):
        """Sets ``fitIntercept``."""
        return self._set(fitIntercept=value)

    def setK(self, value):
        """Sets ``k``."""
        return self._set(k=value)

    def setMaxIter(self, value):
        """Sets ``maxIter``."""
        return self._set(maxIter=value)

    def setTol(self, value):
        """Sets ``tol``."""
        return self._set(tol=value)

    def setSeed(self, value):
        """Sets ``seed``."""
        return self._set(seed=value)

    def setNumInit(self, value):
        """Sets ``numInit``."""
        return self._set(numInit=value)

    def setMinPrior(self, value):
        """Sets ``minPrior``."""
        return self._set(minPrior=value)

    def setMaxVarianceRatio(self, value):
        """Sets ``maxVarianceRatio``."""
        return self._set(maxVarianceRatio=value)

    def setAcceleration(self, value):
        """Sets ``acceleration``."""
        return self._set(acceleration=value)

    def setLocalRows(self, value):
        """Sets ``localRows``."""
        return self._set(localRows=value)

    def setInitMode(self, value):
        """Sets ``initMode``."""
        return self._set(initMode=value)

    def setNoiseModel(self, value):
        """Sets ``noiseModel``."""
        return self._set(noiseModel=value)

    def setModelType(self, value):
        """Sets ``modelType``."""
        return self._set(modelType=value)

    def setPriorCovariance(self, value):
        """Sets ``priorCovariance``."""
        return self._set(priorCovariance=value)

    def setPriorMean(self, value):
        """Sets ``priorMean``."""
        return self._set(priorMean=value)

    def setUpdatePrior(self, value):
        """Sets ``updatePrior``."""
        return self._set(updatePrior=value)

    def setAggregationDepth(self, value):
        """Sets ``aggregationDepth``."""
        return self._set(aggregationDepth=value)

    def setCheckpointInterval(self, value):
        """Sets ``checkpointInterval``."""
        return self._set(checkpointInterval=value)

    def setCheckpointDir(self, value):
        """Sets ``checkpointDir``."""
        return self._set(checkpointDir=value)

    def setFamily(self, value):
        """Sets ``family``."""
        return self._set(family=value)

    def setLink(self, value):
        """Sets ``link``."""
        return self._set(link=value)

    def setOffsetCol(self, value):
        """Sets ``offsetCol``."""
        return self._set(offsetCol=value)

    def setTrialsCol(self, value):
        """Sets ``trialsCol``."""
        return self._set(trialsCol=value)

    def setFixedFeatures(self, value):
        """Sets ``fixedFeatures``: indices into the features vector shared by all components."""
        return self._set(fixedFeatures=value)

    def setNestedFeatures(self, value):
        """Sets ``nestedFeatures``: groups ``'1,2:0;3:1'`` (components 1-based, features 0-based)."""
        return self._set(nestedFeatures=value)
    def setLabelLevels(self, value):
        """Sets ``labelLevels`` (family 'multinomial'; empty: learnt at fit)."""
        return self._set(labelLevels=value)

    def setLower(self, value):
        """Sets ``lower``."""
        return self._set(lower=value)

    def setUpper(self, value):
        """Sets ``upper``."""
        return self._set(upper=value)

    def setPenalty(self, value):
        """Sets ``penalty``: the elastic net's lambda (a number >= 0, 'auto', or '' for none)."""
        return self._set(penalty=str(value))

    def setAlpha(self, value):
        """Sets ``alpha``: the elastic net's mix in [0, 1] (1 the lasso, 0 ridge)."""
        return self._set(alpha=value)

    def setLowerCol(self, value):
        """Sets ``lowerCol``."""
        return self._set(lowerCol=value)

    def setUpperCol(self, value):
        """Sets ``upperCol``."""
        return self._set(upperCol=value)
    def setNoiseComponent(self, value):
        """Sets ``noiseComponent``."""
        return self._set(noiseComponent=value)

    def setZeroCol(self, value):
        """Sets ``zeroCol``."""
        return self._set(zeroCol=value)

    def setZeroFeaturesCol(self, value):
        """Sets ``zeroFeaturesCol`` (a vector column; instead of ``zeroCol``)."""
        return self._set(zeroFeaturesCol=value)

    def setZeroFeaturesNames(self, value):
        """Sets ``zeroFeaturesNames`` (empty: learnt at fit)."""
        return self._set(zeroFeaturesNames=value)



class MixtureOfRegressions(_MixtureEstimator, _MixtureParams):
    """A mixture of linear regressions with constant mixing weights (flexmix's default model).

    ``p(y | x) = sum_k pi_k N(y | W_k' x, sigma2_k)``, fitted by EM on Spark (the Java
    ``org.mixturelib.ml.MixtureOfRegressions``)::

        model = MixtureOfRegressions(k=2).fit(df)
        model.coefficients, model.mixingWeights, model.summary.bic
        model.transform(df).select("prediction", "responsibility").show()

    Every param is a keyword of the constructor and of ``setParams``, with a setter and a getter.
    """

    @keyword_only
    def __init__(
        self,
        *,
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
        fixedFeatures=(),
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
    ):
        super().__init__()
        self._java_obj = _new_java_stage("MixtureOfRegressions", self.uid)
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
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
        fixedFeatures=(),
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
    ):
        """Sets the params given as keywords."""
        return self._set(**self._input_kwargs)

    def _create_model(self, java_model):
        return MixtureOfRegressionsModel(java_model)


class MixtureOfExperts(_MixtureEstimator, _MixtureOfExpertsParams):
    """A mixture of linear experts with an input-dependent gate, fitted by EM on Spark.

    ``p(y | x) = sum_k pi_k(x) N(y | W_k' x, sigma2_k)``; ``gate`` chooses ``pi``: "linear" (a
    softmax of x, flexmix's concomitant model), "mlp" (a network with ``hiddenLayers`` and
    ``activation``) or "sparse" (per-object Dirichlet weights). The Java
    ``org.mixturelib.ml.MixtureOfExperts``::

        model = MixtureOfExperts(k=2, gate="linear").fit(df)
        model.gateParameters, model.summary.logLikelihood

    Every param is a keyword of the constructor and of ``setParams``, with a setter and a getter.
    """

    @keyword_only
    def __init__(
        self,
        *,
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
        fixedFeatures=(),
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
        gate='linear',
        hiddenLayers=(10,),
        activation='tanh',
        gateFeaturesCol='',
    ):
        super().__init__()
        self._java_obj = _new_java_stage("MixtureOfExperts", self.uid)
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
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
        fixedFeatures=(),
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
        gate='linear',
        hiddenLayers=(10,),
        activation='tanh',
        gateFeaturesCol='',
    ):
        """Sets the params given as keywords."""
        return self._set(**self._input_kwargs)

    def setGate(self, value):
        """Sets ``gate``."""
        return self._set(gate=value)

    def setHiddenLayers(self, value):
        """Sets ``hiddenLayers``."""
        return self._set(hiddenLayers=value)

    def setActivation(self, value):
        """Sets ``activation``."""
        return self._set(activation=value)

    def setGateFeaturesCol(self, value):
        """Sets ``gateFeaturesCol``."""
        return self._set(gateFeaturesCol=value)

    def _create_model(self, java_model):
        return MixtureOfExpertsModel(java_model)


class MixtureSummary(JavaWrapper):
    """The training summary of a mixture fit (the Java ``MixtureSummary``): the log-likelihood and
    criteria, the iterations and the bound per iteration, and, for maximum-likelihood fits, standard
    errors with z statistics, normal p-values and Wald intervals. A parameter without a standard
    error is NaN and ``standardErrorWarnings`` names it; asking for standard errors a fit has none
    of raises a RuntimeError saying why.
    """

    @property
    def logLikelihood(self):
        """Plug-in log-likelihood ``sum_i w_i log p(y_i | x_i)`` at the fitted parameters."""
        return self._call_java("logLikelihood")

    @property
    def aic(self):
        """Akaike's information criterion."""
        return self._call_java("aic")

    @property
    def bic(self):
        """The Bayesian information criterion."""
        return self._call_java("bic")

    @property
    def icl(self):
        """The integrated completed likelihood criterion (BIC plus twice the entropy)."""
        return self._call_java("icl")

    @property
    def numIterations(self):
        """EM iterations of the continuing fit."""
        return self._call_java("numIterations")

    @property
    def converged(self):
        """Whether the fit met its tolerance before maxIter."""
        return self._call_java("converged")

    @property
    def objectiveHistory(self):
        """The bound at every iteration of the continuing fit (numpy)."""
        return _array(self._java_obj.objectiveHistory())

    @property
    def clusterSizes(self):
        """The case weight of the rows each component takes by maximum responsibility (numpy)."""
        return _array(self._java_obj.clusterSizes())

    @property
    def componentWeights(self):
        """The total responsibility of each component (numpy)."""
        return _array(self._java_obj.componentWeights())

    @property
    def numFreeParameters(self):
        """The number of free parameters that AIC and BIC count."""
        return self._call_java("numFreeParameters")

    @property
    def totalWeight(self):
        """The total case weight of the training rows."""
        return self._call_java("totalWeight")

    @property
    def numGroups(self):
        """The number of groups of a fit with a group column, 0 without."""
        return self._call_java("numGroups")

    @property
    def requestedK(self):
        """The number of components asked for (the estimator's ``k``)."""
        return self._call_java("requestedK")

    @property
    def removedComponents(self):
        """The components removed below ``minPrior``, one line each, numbered from 1 among those asked for."""
        return [str(r) for r in self._call_java("removedComponents")]

    @property
    def removedNote(self):
        """One line saying which components were removed below ``minPrior``, or "" when none was."""
        return self._call_java("removedNote")

    @property
    def notes(self):
        """What the fit leaves unidentified, one line each (empty when nothing is known), as the jobs print them."""
        return [str(n) for n in self._call_java("notes")]

    @property
    def hasStandardErrors(self):
        """Whether standard errors are available (maximum-likelihood fits)."""
        return self._call_java("hasStandardErrors")

    @property
    def standardErrorWarnings(self):
        """The warnings of the standard errors, each naming a parameter that has none."""
        return [str(w) for w in _call(self, "standardErrorWarnings")]

    @property
    def coefficientStandardErrors(self):
        """Standard errors of the model's ``coefficients``: a (K M) x D DenseMatrix."""
        return _call(self, "coefficientStandardErrors")

    @property
    def interceptStandardErrors(self):
        """Standard errors of the model's ``intercepts`` (NaN without intercepts)."""
        return _call(self, "interceptStandardErrors")

    @property
    def tValues(self):
        """z statistics of the experts' coefficients, (K M) x (D + 1), the intercept last when fitted."""
        return _call(self, "tValues")

    @property
    def pValues(self):
        """Two-sided normal p-values of ``tValues``."""
        return _call(self, "pValues")

    def coefficientConfidenceIntervals(self, level=0.95):
        """Wald intervals of the experts' coefficients at ``level``: ``(lower, upper)``, each shaped as ``tValues``."""
        return tuple(_call(self, "coefficientConfidenceIntervals", float(level)))

    @property
    def gateCoefficients(self):
        """The gate's log-odds of components 1..K-1 against component 0 (flexmix's concomitant coefficients)."""
        return _call(self, "gateCoefficients")

    @property
    def gateStandardErrors(self):
        """Standard errors of ``gateCoefficients``."""
        return _call(self, "gateStandardErrors")

    @property
    def gateTValues(self):
        """z statistics of ``gateCoefficients``."""
        return _call(self, "gateTValues")

    @property
    def gatePValues(self):
        """Two-sided normal p-values of ``gateCoefficients``."""
        return _call(self, "gatePValues")

    def gateConfidenceIntervals(self, level=0.95):
        """Wald intervals of ``gateCoefficients`` at ``level``: ``(lower, upper)``."""
        return tuple(_call(self, "gateConfidenceIntervals", float(level)))

    @property
    def mixingWeightStandardErrors(self):
        """Standard errors of constant mixing weights (delta method from the log-odds)."""
        return _call(self, "mixingWeightStandardErrors")

    @property
    def mixingWeightTValues(self):
        """z statistics of constant mixing weights."""
        return _call(self, "mixingWeightTValues")

    @property
    def mixingWeightPValues(self):
        """Two-sided normal p-values of ``mixingWeightTValues``."""
        return _call(self, "mixingWeightPValues")

    def mixingWeightConfidenceIntervals(self, level=0.95):
        """Wald intervals of constant mixing weights at ``level``: ``(lower, upper)``."""
        return tuple(_call(self, "mixingWeightConfidenceIntervals", float(level)))


class _MixtureModel(_ColumnSetters, JavaModel, JavaMLReadable, JavaMLWritable):
    """What the two mixture models share: the experts' parameters, the summary, the log-likelihood."""

    @property
    def numComponents(self):
        """Number of components K."""
        return _call(self, "numComponents")

    @property
    def numFeatures(self):
        """Length of the features vector (without the intercept)."""
        return _call(self, "numFeatures")

    @property
    def numOutputs(self):
        """Number of outputs M."""
        return _call(self, "numOutputs")

    @property
    def coefficients(self):
        """The experts' coefficients without intercepts: a (K M) x D DenseMatrix, row ``k M + j`` for expert k's output j."""
        return _call(self, "coefficients")

    @property
    def intercepts(self):
        """The experts' intercepts, entry ``k M + j`` for expert k's output j (0 without)."""
        return _call(self, "intercepts")

    @property
    def noiseVariances(self):
        """The experts' noise variances, one per component (their dispersions)."""
        return _call(self, "noiseVariances")

    @property
    def dispersions(self):
        """Each expert's dispersion: noise variance, 1 / shape (Gamma), 1 / theta (negbin), else 1."""
        return _call(self, "dispersions")

    @property
    def levels(self):
        """A categorical label's levels in index order (family 'multinomial'); empty otherwise."""
        return [str(v) for v in _call(self, "levels")]

    @property
    def expertLink(self):
        """The experts' link: "identity", "log", "logit", "probit", "cloglog", "sqrt", "inverse"."""
        return str(_call(self, "expertLink")).lower()

    @property
    def posteriorCovariances(self):
        """Each expert's posterior (or sampling) covariance of its coefficients, D' x D' with the intercept last."""
        return list(_call(self, "posteriorCovariances"))

    @property
    def hasSummary(self):
        """Whether a training summary is available (not after a load)."""
        return _call(self, "hasSummary")

    @property
    def summary(self):
        """The training summary (:class:`MixtureSummary`); RuntimeError when the model has none."""
        return MixtureSummary(_call(self, "summary"))

    def logLikelihood(self, dataset):
        """The plug-in log-likelihood ``sum_i w_i log p(y_i | x_i)`` of a DataFrame with the features and label."""
        return _call(self, "logLikelihood", dataset)


class MixtureOfRegressionsModel(_MixtureModel, _MixtureParams):
    """A fitted :class:`MixtureOfRegressions`: K linear experts and constant mixing weights.

    ``transform`` adds the prediction, probability, responsibility (with a label),
    componentPredictions, predictionStd and logLikelihood (with a label) columns.
    """

    @property
    def mixingWeights(self):
        """The mixing weights pi, one per component (a DenseVector)."""
        return _call(self, "mixingWeights")


class MixtureOfExpertsModel(_MixtureModel, _MixtureOfExpertsParams):
    """A fitted :class:`MixtureOfExperts`: K linear experts and an input-dependent gate."""

    def setGateFeaturesCol(self, value):
        """Sets ``gateFeaturesCol``, the gate's own inputs column to score."""
        return self._set(gateFeaturesCol=value)

    @property
    def gateParameters(self):
        """The gate's parameters (a DenseVector): for "linear" and "mlp" the network's weights layer by layer,
        each an in x out matrix (column-major) then its out biases; for "sparse" the training objects' mean
        responsibility."""
        return _call(self, "gateParameters")

    @property
    def gateLayerSizes(self):
        """The network's layer widths, inputs first and K last (empty for the "sparse" gate)."""
        return [int(n) for n in _call(self, "gateLayerSizes")]


class MixtureLikelihoodEvaluator(JavaEvaluator, JavaMLReadable, JavaMLWritable):
    """Scores a mixture model on held-out rows by their weighted mean log-likelihood (larger is better).

    Reads the ``logLikelihoodCol`` that a mixture model's ``transform`` adds when the label is
    present, so that ``CrossValidator`` and ``TrainValidationSplit`` choose by held-out likelihood.
    """

    logLikelihoodCol = Param(
        Params._dummy(),
        "logLikelihoodCol",
        "per-row log-likelihood column written by a mixture model's transform",
        typeConverter=TypeConverters.toString,
    )
    weightCol = Param(
        Params._dummy(),
        "weightCol",
        "case weight column; empty: every row weighs 1",
        typeConverter=TypeConverters.toString,
    )

    @keyword_only
    def __init__(self, *, logLikelihoodCol="logLikelihood", weightCol=""):
        super().__init__()
        self._java_obj = _new_java_stage("MixtureLikelihoodEvaluator", self.uid)
        self._setDefault(logLikelihoodCol="logLikelihood", weightCol="")
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, logLikelihoodCol="logLikelihood", weightCol=""):
        """Sets the params given as keywords."""
        return self._set(**self._input_kwargs)

    def setLogLikelihoodCol(self, value):
        """Sets ``logLikelihoodCol``."""
        return self._set(logLikelihoodCol=value)

    def getLogLikelihoodCol(self):
        """The value of ``logLikelihoodCol`` or its default."""
        return self.getOrDefault(self.logLikelihoodCol)

    def setWeightCol(self, value):
        """Sets ``weightCol``."""
        return self._set(weightCol=value)

    def getWeightCol(self):
        """The value of ``weightCol`` or its default."""
        return self.getOrDefault(self.weightCol)

    def isLargerBetter(self):
        """True: a larger held-out log-likelihood is better (answered here, so that it works over Spark Connect)."""
        return True


for _stage in (
    MixtureOfRegressions,
    MixtureOfExperts,
    MixtureOfRegressionsModel,
    MixtureOfExpertsModel,
    MixtureLikelihoodEvaluator,
    MixtureSummary,
):
    _stage.__module__ = JAVA_PACKAGE
