package org.mixturelib.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.mixturelib.hypermodels.HyperModelDirichlet;

/**
 * A fitted {@link MixtureOfRegressions}: K linear experts and constant mixing weights. See
 * {@link MixtureModel} for the columns {@code transform} adds.
 */
public final class MixtureOfRegressionsModel extends MixtureModel<MixtureOfRegressionsModel> {
  private static final long serialVersionUID = 1L;

  /**
   * An empty model with a random uid: it holds params but no fit, so it cannot score. It
   * exists for Spark Connect's server, which finds registered transformers by
   * {@link java.util.ServiceLoader} (a public no-argument constructor) and makes them by their
   * uid constructor; fit {@link MixtureOfRegressions} or {@link #load(String)} a saved model instead.
   */
  public MixtureOfRegressionsModel() {
    this(Identifiable.randomUID("mixRegModel"));
  }

  /**
   * An empty model with the given uid (see {@link #MixtureOfRegressionsModel()}).
   *
   * @param uid the model's uid
   */
  public MixtureOfRegressionsModel(String uid) {
    this(uid, null);
  }

  MixtureOfRegressionsModel(String uid, Fitted content) {
    super(uid, content);
  }

  @Override
  MixtureOfRegressionsModel newModel(String uid, Fitted content) {
    return new MixtureOfRegressionsModel(uid, content);
  }

  /** The mixing weights pi, one per component (maximum-likelihood). */
  public Vector mixingWeights() {
    return Vectors.dense(((HyperModelDirichlet) fitted().state().gate()).weights());
  }

  static StageReader<MixtureOfRegressionsModel> reader() {
    return new StageReader<>(MixtureOfRegressionsModel.class, (uid, meta, fs, dir) ->
        MixtureEstimator.readModel(new MixtureOfRegressions(uid), meta, fs, dir));
  }

  /** The reader of saved models. */
  public static MLReader<MixtureOfRegressionsModel> read() {
    return reader();
  }

  /**
   * Loads a model saved with {@code write().save(path)}, bit-exact.
   *
   * @throws IllegalArgumentException naming the path when the directory is missing or corrupted
   */
  public static MixtureOfRegressionsModel load(String path) {
    return read().load(path);
  }
}
