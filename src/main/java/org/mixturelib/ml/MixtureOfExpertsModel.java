package org.mixturelib.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.hypermodels.SoftmaxGate;
import org.mixturelib.hypermodels.TrainedGate;

/**
 * A fitted {@link MixtureOfExperts}: K linear experts and an input-dependent gate. See {@link
 * MixtureModel} for the columns {@code transform} adds.
 */
public final class MixtureOfExpertsModel extends MixtureModel<MixtureOfExpertsModel>
    implements MixtureOfExpertsParams {
  private static final long serialVersionUID = 1L;

  /**
   * An empty model with a random uid: it holds params but no fit, so it cannot score. It
   * exists for Spark Connect's server, which finds registered transformers by
   * {@link java.util.ServiceLoader} (a public no-argument constructor) and makes them by their
   * uid constructor; fit {@link MixtureOfExperts} or {@link #load(String)} a saved model instead.
   */
  public MixtureOfExpertsModel() {
    this(Identifiable.randomUID("mixExpModel"));
  }

  /**
   * An empty model with the given uid (see {@link #MixtureOfExpertsModel()}).
   *
   * @param uid the model's uid
   */
  public MixtureOfExpertsModel(String uid) {
    this(uid, null);
  }

  MixtureOfExpertsModel(String uid, Fitted content) {
    super(uid, content);
    paramSet().setGateDefaults(this);
  }

  /** Sets the gate's own inputs column to score (the fitted model's has the same length). */
  public MixtureOfExpertsModel setGateFeaturesCol(String value) {
    set(gateFeaturesCol(), value);
    return this;
  }

  @Override
  MixtureOfExpertsModel newModel(String uid, Fitted content) {
    return new MixtureOfExpertsModel(uid, content);
  }

  /**
   * The gate's parameters. For "linear" and "mlp": the network's weights, layer by layer, each
   * an {@code in x out} matrix (column-major) followed by its {@code out} biases, the inputs
   * being the features without the intercept ({@link #gateLayerSizes()}). For "sparse": the
   * mean responsibility of the training objects, which gives new objects their weights. For
   * another registered gate: empty (its parameters are what it writes in the saved model).
   */
  public Vector gateParameters() {
    MixtureState s = fitted().state();
    return Vectors.dense(s.abilities().trainedGate().map(TrainedGate::parameters).orElseGet(
        () -> s.gate() instanceof HyperModelGateSparsed sparse ? sparse.meanResponsibility()
            : new double[0]));
  }

  /** The network's layer widths, inputs first and K last (empty for the "sparse" gate). */
  public int[] gateLayerSizes() {
    Gate g = fitted().state().gate();
    return g instanceof SoftmaxGate nn ? nn.layerSizes() : new int[0];
  }

  static StageReader<MixtureOfExpertsModel> reader() {
    return new StageReader<>(MixtureOfExpertsModel.class, (uid, meta, fs, dir) ->
        MixtureEstimator.readModel(new MixtureOfExperts(uid), meta, fs, dir));
  }

  /** The reader of saved models. */
  public static MLReader<MixtureOfExpertsModel> read() {
    return reader();
  }

  /**
   * Loads a model saved with {@code write().save(path)}, bit-exact.
   *
   * @throws IllegalArgumentException naming the path when the directory is missing or corrupted
   */
  public static MixtureOfExpertsModel load(String path) {
    return read().load(path);
  }
}
