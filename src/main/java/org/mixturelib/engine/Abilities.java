package org.mixturelib.engine;

import java.io.Serializable;
import java.util.Optional;
import org.mixturelib.hypermodels.CurvatureGate;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateScores;
import org.mixturelib.hypermodels.ResizableGate;
import org.mixturelib.hypermodels.RestartableGate;
import org.mixturelib.hypermodels.RowStateGate;
import org.mixturelib.hypermodels.StandInGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.hypermodels.VectorGate;
import org.mixturelib.localmodels.BayesianExperts;
import org.mixturelib.localmodels.ColumnDependence;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertScores;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.NoiseFloor;
import org.mixturelib.localmodels.NoiseRatio;
import org.mixturelib.localmodels.PredictiveVariance;
import org.mixturelib.localmodels.ScreenedFeatures;
import org.mixturelib.localmodels.SplittableExperts;
import org.mixturelib.localmodels.StepHalving;
import org.mixturelib.localmodels.VectorExperts;

/**
 * The optional abilities of a state's experts and gate, resolved once, when the {@link
 * MixtureState} is made: each is the component seen through the small interface it implements,
 * or empty. The engine, the standard errors, the Spark ML models and the 0.4 front end ask a
 * state's abilities here instead of testing its components' types where they use them; a new
 * ability is a new interface and one line here.
 */
public final class Abilities implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TrainedGate trainedGate;
  private final CurvatureGate curvatureGate;
  private final RowStateGate rowStateGate;
  private final ResizableGate resizableGate;
  private final RestartableGate restartableGate;
  private final StandInGate standInGate;
  private final VectorGate vectorGate;
  private final GateScores gateScores;
  private final BayesianExperts bayesianExperts;
  private final LinearPredictors linearPredictors;
  private final StepHalving stepHalving;
  private final NoiseFloor noiseFloor;
  private final NoiseRatio noiseRatio;
  private final ColumnDependence columnDependence;
  private final SplittableExperts splittableExperts;
  private final VectorExperts vectorExperts;
  private final PredictiveVariance predictiveVariance;
  private final ExpertScores expertScores;
  private final ScreenedFeatures screenedFeatures;

  /** The abilities of these experts and this gate. */
  Abilities(ExpertFamily e, Gate g) {
    trainedGate = g instanceof TrainedGate a ? a : null;
    curvatureGate = g instanceof CurvatureGate a ? a : null;
    rowStateGate = g instanceof RowStateGate a ? a : null;
    resizableGate = g instanceof ResizableGate a ? a : null;
    restartableGate = g instanceof RestartableGate a ? a : null;
    standInGate = g instanceof StandInGate a ? a : null;
    vectorGate = g instanceof VectorGate a ? a : null;
    gateScores = g instanceof GateScores a ? a : null;
    bayesianExperts = e instanceof BayesianExperts a ? a : null;
    linearPredictors = e instanceof LinearPredictors a ? a : null;
    stepHalving = e instanceof StepHalving a ? a : null;
    noiseFloor = e instanceof NoiseFloor a ? a : null;
    noiseRatio = e instanceof NoiseRatio a ? a : null;
    columnDependence = e instanceof ColumnDependence a ? a : null;
    splittableExperts = e instanceof SplittableExperts a ? a : null;
    vectorExperts = e instanceof VectorExperts a ? a : null;
    predictiveVariance = e instanceof PredictiveVariance a ? a : null;
    expertScores = e instanceof ExpertScores a ? a : null;
    screenedFeatures = e instanceof ScreenedFeatures a ? a : null;
  }

  /** The gate as a gradient-trained one. */
  public Optional<TrainedGate> trainedGate() {
    return Optional.ofNullable(trainedGate);
  }

  /** The gate as one whose M-step takes Newton steps. */
  public Optional<CurvatureGate> curvatureGate() {
    return Optional.ofNullable(curvatureGate);
  }

  /** The gate as one that keeps per-row state between passes. */
  public Optional<RowStateGate> rowStateGate() {
    return Optional.ofNullable(rowStateGate);
  }

  /** The gate as one that can drop and re-seed components. */
  public Optional<ResizableGate> resizableGate() {
    return Optional.ofNullable(resizableGate);
  }

  /** The gate as one the engine may restart from uniform weights. */
  public Optional<RestartableGate> restartableGate() {
    return Optional.ofNullable(restartableGate);
  }

  /** The gate as one that has a stand-in for the starts. */
  public Optional<StandInGate> standInGate() {
    return Optional.ofNullable(standInGate);
  }

  /** The gate as a vector SQUAREM can extrapolate. */
  public Optional<VectorGate> vectorGate() {
    return Optional.ofNullable(vectorGate);
  }

  /** The gate as one with maximum-likelihood scores (standard errors). */
  public Optional<GateScores> gateScores() {
    return Optional.ofNullable(gateScores);
  }

  /** The experts as ones with priors (evidence updates, regularizers). */
  public Optional<BayesianExperts> bayesianExperts() {
    return Optional.ofNullable(bayesianExperts);
  }

  /** The experts as linear predictors with dispersions. */
  public Optional<LinearPredictors> linearPredictors() {
    return Optional.ofNullable(linearPredictors);
  }

  /** The experts as ones whose M-step may be halved. */
  public Optional<StepHalving> stepHalving() {
    return Optional.ofNullable(stepHalving);
  }

  /** The experts as ones with a noise variance floor. */
  public Optional<NoiseFloor> noiseFloor() {
    return Optional.ofNullable(noiseFloor);
  }

  /** The experts as ones with a bound on the ratio of their noise variances. */
  public Optional<NoiseRatio> noiseRatio() {
    return Optional.ofNullable(noiseRatio);
  }

  /** The experts as ones that report dependent columns. */
  public Optional<ColumnDependence> columnDependence() {
    return Optional.ofNullable(columnDependence);
  }

  /** The experts as ones that can be split (saddle splits, re-seeds). */
  public Optional<SplittableExperts> splittableExperts() {
    return Optional.ofNullable(splittableExperts);
  }

  /** The experts as a vector SQUAREM can extrapolate. */
  public Optional<VectorExperts> vectorExperts() {
    return Optional.ofNullable(vectorExperts);
  }

  /** The experts as ones with a predictive variance. */
  public Optional<PredictiveVariance> predictiveVariance() {
    return Optional.ofNullable(predictiveVariance);
  }

  /** The experts as ones with maximum-likelihood scores (standard errors). */
  public Optional<ExpertScores> expertScores() {
    return Optional.ofNullable(expertScores);
  }

  /** The experts as ones whose M-step reads a screened set of features. */
  public Optional<ScreenedFeatures> screenedFeatures() {
    return Optional.ofNullable(screenedFeatures);
  }
}
