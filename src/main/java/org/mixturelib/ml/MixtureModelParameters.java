package org.mixturelib.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted parameters of a saved mixture model as a one-row DataFrame, for Spark Connect
 * clients. Spark Connect's server calls a model's methods only from a fixed allow-list in Spark
 * (for a mixturelib model: {@code toString}), so {@code coefficients()} and the other accessors
 * are out of a remote client's reach; a registered transformer made by its uid constructor with
 * string params is not. This one loads the model saved in {@code modelPath} (by the driver, as
 * {@code load} does) and returns what its accessors return, one column each: {@code modelClass},
 * {@code numComponents}, {@code numFeatures}, {@code numOutputs}, {@code coefficients} (matrix),
 * {@code intercepts}, {@code noiseVariances}, {@code dispersions}, {@code expertLink} (the
 * enum's name), {@code mixingWeights} (a
 * {@link MixtureOfRegressionsModel}; null otherwise), {@code gateParameters} and {@code
 * gateLayerSizes} (a {@link MixtureOfExpertsModel}; null otherwise), and {@code
 * posteriorCovariances} (one matrix per expert, null where an expert has none). The input
 * DataFrame only carries the session (the server transforms a DataFrame); its rows are not read.
 * The Python client's {@code mixturelib.ml} models use it under Spark Connect (docs/runtimes.md).
 */
public final class MixtureModelParameters extends Transformer {
  private static final long serialVersionUID = 1L;

  private static final StructType SCHEMA = new StructType()
      .add("modelClass", DataTypes.StringType, false)
      .add("numComponents", DataTypes.IntegerType, false)
      .add("numFeatures", DataTypes.IntegerType, false)
      .add("numOutputs", DataTypes.IntegerType, false)
      .add("coefficients", SQLDataTypes.MatrixType(), false)
      .add("intercepts", SQLDataTypes.VectorType(), false)
      .add("noiseVariances", SQLDataTypes.VectorType(), false)
      .add("dispersions", SQLDataTypes.VectorType(), false)
      .add("expertLink", DataTypes.StringType, false)
      .add("mixingWeights", SQLDataTypes.VectorType(), true)
      .add("gateParameters", SQLDataTypes.VectorType(), true)
      .add("gateLayerSizes", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
      .add("posteriorCovariances",
          DataTypes.createArrayType(SQLDataTypes.MatrixType(), true), false);

  private final String uid;
  private final Param<String> modelPath;

  /** A transformer with a random uid (Spark Connect's server lists it by this constructor). */
  public MixtureModelParameters() {
    this(Identifiable.randomUID("mixModelParams"));
  }

  /**
   * A transformer with the given uid (Spark Connect's server makes it by this constructor).
   *
   * @param uid the uid
   */
  public MixtureModelParameters(String uid) {
    this.uid = uid;
    modelPath = new Param<>(this, "modelPath",
        "folder of a saved MixtureOfRegressionsModel or MixtureOfExpertsModel");
    setDefault(modelPath, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The folder of the saved model; default "" (must be set). */
  public Param<String> modelPath() {
    return modelPath;
  }

  /** The folder of the saved model. */
  public String getModelPath() {
    return getOrDefault(modelPath);
  }

  /** Sets the folder of the saved model. */
  public MixtureModelParameters setModelPath(String value) {
    set(modelPath, value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return SCHEMA;
  }

  /** The saved model's parameters, one row (the input's rows are not read). */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    SparkSession spark = dataset.sparkSession();
    MixtureModel<?> m = load(spark, getModelPath());
    boolean experts = m instanceof MixtureOfExpertsModel;
    List<Matrix> covariances = new ArrayList<>(Arrays.asList(m.posteriorCovariances()));
    Row row = RowFactory.create(m.getClass().getName(), m.numComponents(), m.numFeatures(),
        m.numOutputs(), m.coefficients(), m.intercepts(), m.noiseVariances(), m.dispersions(),
        m.expertLink().id(),
        experts ? null : ((MixtureOfRegressionsModel) m).mixingWeights(),
        experts ? ((MixtureOfExpertsModel) m).gateParameters() : null,
        experts ? ((MixtureOfExpertsModel) m).gateLayerSizes() : null, covariances.toArray());
    return spark.createDataFrame(List.of(row), SCHEMA);
  }

  /** Loads the model saved in {@code path} through the class its metadata names. */
  private static MixtureModel<?> load(SparkSession spark, String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("modelPath is not set: give the folder of a saved"
          + " MixtureOfRegressionsModel or MixtureOfExpertsModel");
    }
    String cls;
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path meta = new Path(dir, StageWriter.METADATA);
      if (!fs.isFile(meta)) {
        throw new IllegalArgumentException("modelPath '" + path + "' holds no mixturelib"
            + " model (no 'metadata' file)");
      }
      JsonNode node = StageWriter.JSON.readTree(new String(StageReader.readBytes(fs, meta),
          StandardCharsets.UTF_8));
      cls = StageReader.text(node, "class", "metadata");
    } catch (IOException e) {
      throw new IllegalArgumentException("modelPath '" + path + "': " + e.getMessage(), e);
    }
    if (cls.equals(MixtureOfRegressionsModel.class.getName())) {
      return MixtureOfRegressionsModel.load(path);
    }
    if (cls.equals(MixtureOfExpertsModel.class.getName())) {
      return MixtureOfExpertsModel.load(path);
    }
    throw new IllegalArgumentException("modelPath '" + path + "' holds a " + cls
        + ", not a MixtureOfRegressionsModel or MixtureOfExpertsModel");
  }

  @Override
  public MixtureModelParameters copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
