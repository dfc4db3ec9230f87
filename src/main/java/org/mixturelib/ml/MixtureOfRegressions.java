package org.mixturelib.ml;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateSpec;
import org.mixturelib.hypermodels.Gates;

/**
 * A mixture of linear regressions with constant mixing weights, flexmix's default model:
 * {@code p(y | x) = Σ_k pi_k N(y | W_kᵀ x, sigma2_k)}, fitted by EM. The weights are the
 * maximum-likelihood ones (a Dirichlet gate in MAP form with {@code mu = 1}), so the reported
 * log-likelihood is flexmix's. Defaults: K = 2, an intercept, per-component noise variances, no
 * prior on the coefficients (maximum-likelihood experts).
 *
 * <pre>{@code
 * MixtureOfRegressionsModel model = new MixtureOfRegressions().setK(2).fit(data);
 * model.coefficients(); model.mixingWeights(); model.summary().bic();
 * model.transform(data).select("prediction", "responsibility").show();
 * }</pre>
 */
public final class MixtureOfRegressions
    extends MixtureEstimator<MixtureOfRegressions, MixtureOfRegressionsModel> {
  private static final long serialVersionUID = 1L;

  /** An estimator with a random uid and the default params. */
  public MixtureOfRegressions() {
    this(Identifiable.randomUID("mixReg"));
  }

  /** An estimator with the given uid and the default params. */
  public MixtureOfRegressions(String uid) {
    super(uid);
  }

  @Override
  MixtureOfRegressions newEstimator(String uid) {
    return new MixtureOfRegressions(uid);
  }

  @Override
  MixtureOfRegressionsModel newModel(String uid, Fitted content) {
    return new MixtureOfRegressionsModel(uid, content);
  }

  @Override
  Gate newGate(int numFeatures, int skipped) {
    return Gates.create("dirichlet", GateSpec.of(getK()));
  }

  /** The reader of saved estimators. */
  public static MLReader<MixtureOfRegressions> read() {
    return new StageReader<>(MixtureOfRegressions.class, (uid, meta, fs, dir) ->
        MixtureEstimator.read(new MixtureOfRegressions(uid), meta, fs, dir,
            MixtureOfRegressionsModel.reader()));
  }

  /** Loads an estimator saved with {@code write().save(path)}. */
  public static MixtureOfRegressions load(String path) {
    return read().load(path);
  }
}
