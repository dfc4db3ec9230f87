package org.mixturelib.ml;

import java.util.Arrays;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateSpec;
import org.mixturelib.hypermodels.Gates;

/**
 * A mixture of linear experts with an input-dependent gate, fitted by EM: {@code p(y | x) =
 * Σ_k pi_k(x) N(y | W_kᵀ x, sigma2_k)}. The {@code gate} param chooses {@code pi}: "linear" (a
 * softmax of x, flexmix's multinomial-logit concomitant model), "mlp" (a softmax of a network
 * with {@code hiddenLayers} and {@code activation}, "tanh" or "relu"; 0.4's HyperExpertNN) or
 * "sparse" (per-object Dirichlet weights, 0.4's HyperModelGateSparsed; new objects get the
 * population weights). The gate reads the features without the intercept column (it has its own
 * biases), or its own inputs column, {@code gateFeaturesCol} (flexmix's concomitant variables,
 * often not the regressors). Network gates are trained on the driver from the rows that the
 * E-step pass gathers (a sample of them on large data, each proposal checked against the full
 * data in one pass; see {@code EmConfig.gateSampleRows}), so that an EM iteration costs one or
 * two Spark jobs.
 *
 * <pre>{@code
 * MixtureOfExpertsModel model = new MixtureOfExperts().setK(2).setGate("linear").fit(data);
 * model.gateParameters(); model.summary().logLikelihood();
 * }</pre>
 */
public final class MixtureOfExperts extends MixtureEstimator<MixtureOfExperts,
    MixtureOfExpertsModel> implements MixtureOfExpertsParams {
  private static final long serialVersionUID = 1L;

  /** An estimator with a random uid and the default params. */
  public MixtureOfExperts() {
    this(Identifiable.randomUID("mixExp"));
  }

  /** An estimator with the given uid and the default params. */
  public MixtureOfExperts(String uid) {
    super(uid);
    paramSet().setGateDefaults(this);
  }

  /** Sets the gate: "linear", "mlp" or "sparse". */
  public MixtureOfExperts setGate(String value) {
    set(gate(), value);
    return this;
  }

  /** Sets the hidden layer widths of the "mlp" gate. */
  public MixtureOfExperts setHiddenLayers(int[] value) {
    set(hiddenLayers(), value.clone());
    return this;
  }

  /**
   * Sets the gate's own inputs column (a vector, flexmix's concomitant variables); "" (the
   * default): the gate reads the features.
   */
  public MixtureOfExperts setGateFeaturesCol(String value) {
    set(gateFeaturesCol(), value);
    return this;
  }

  /** Sets the nonlinearity of the "mlp" gate's hidden layers: "tanh" or "relu". */
  public MixtureOfExperts setActivation(String value) {
    set(activation(), value);
    return this;
  }

  @Override
  MixtureOfExperts newEstimator(String uid) {
    return new MixtureOfExperts(uid);
  }

  @Override
  MixtureOfExpertsModel newModel(String uid, Fitted content) {
    return new MixtureOfExpertsModel(uid, content);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    checkHiddenLayers(this);
    if (!getGateFeaturesCol().isEmpty() && !Gates.readsInputs(getGate())) {
      throw new IllegalArgumentException("gateFeaturesCol: the '" + getGate() + "' gate does"
          + " not read inputs; got gateFeaturesCol '" + getGateFeaturesCol() + "' (leave it"
          + " empty)");
    }
    return super.transformSchema(schema);
  }

  /** Checks the hidden layers of an "mlp" gate. */
  static void checkHiddenLayers(MixtureOfExpertsParams p) {
    if (!"mlp".equals(p.getGate())) {
      return;
    }
    int[] hidden = p.getHiddenLayers();
    if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("hiddenLayers: the 'mlp' gate needs at least one"
          + " hidden layer, every width >= 1; got " + Arrays.toString(hidden));
    }
  }

  @Override
  boolean gateReadsFeatures() {
    return Gates.readsInputs(getGate());
  }

  @Override
  Gate newGate(int numFeatures, int skipped) {
    checkHiddenLayers(this);
    return Gates.create(getGate(), new GateSpec(getK(), numFeatures, skipped, getHiddenLayers(),
        getActivation(), getSeed()));
  }

  @Override
  void checkInitialModel(MixtureOfExpertsModel model) {
    super.checkInitialModel(model);
    if (!model.getGate().equals(getGate())
        || "mlp".equals(getGate())
            && (!Arrays.equals(model.getHiddenLayers(), getHiddenLayers())
                || !model.getActivation().equals(getActivation()))) {
      throw new IllegalArgumentException("initialModel has gate '" + model.getGate() + "'"
          + ("mlp".equals(model.getGate())
              ? " with hiddenLayers " + Arrays.toString(model.getHiddenLayers())
                  + " and activation " + model.getActivation() : "")
          + "; this estimator has gate '" + getGate() + "'"
          + ("mlp".equals(getGate()) ? " with hiddenLayers "
              + Arrays.toString(getHiddenLayers()) + " and activation " + getActivation()
              : ""));
    }
  }

  /** The reader of saved estimators. */
  public static MLReader<MixtureOfExperts> read() {
    return new StageReader<>(MixtureOfExperts.class, (uid, meta, fs, dir) ->
        MixtureEstimator.read(new MixtureOfExperts(uid), meta, fs, dir,
            MixtureOfExpertsModel.reader()));
  }

  /** Loads an estimator saved with {@code write().save(path)}. */
  public static MixtureOfExperts load(String path) {
    return read().load(path);
  }
}
