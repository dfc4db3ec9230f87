package org.mixturelib.ml;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.mixturelib.data.SparkSource.column;

import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a mixture model on held-out rows by their mean log-likelihood, {@code Σ_i w_i log
 * p(y_i | x_i) / Σ_i w_i}, read from the {@code logLikelihoodCol} that a mixture model's
 * {@code transform} adds when the label is present. Larger is better, so {@code CrossValidator}
 * and {@code TrainValidationSplit} choose by held-out likelihood (e.g. the number of components).
 */
public final class MixtureLikelihoodEvaluator extends Evaluator implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> logLikelihoodCol;
  private final Param<String> weightCol;

  /** An evaluator with a random uid. */
  public MixtureLikelihoodEvaluator() {
    this(Identifiable.randomUID("mixLikEval"));
  }

  /** An evaluator with the given uid. */
  public MixtureLikelihoodEvaluator(String uid) {
    this.uid = uid;
    logLikelihoodCol = new Param<>(this, "logLikelihoodCol",
        "per-row log-likelihood column written by a mixture model's transform");
    weightCol = new Param<>(this, "weightCol", "case weight column; empty: every row weighs 1");
    setDefault(logLikelihoodCol, "logLikelihood");
    setDefault(weightCol, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The per-row log-likelihood column; default "logLikelihood". */
  public Param<String> logLikelihoodCol() {
    return logLikelihoodCol;
  }

  /** The case weight column; default "" (none). */
  public Param<String> weightCol() {
    return weightCol;
  }

  /** The per-row log-likelihood column. */
  public String getLogLikelihoodCol() {
    return getOrDefault(logLikelihoodCol);
  }

  /** The weight column ("" for none). */
  public String getWeightCol() {
    return getOrDefault(weightCol);
  }

  /** Sets the per-row log-likelihood column. */
  public MixtureLikelihoodEvaluator setLogLikelihoodCol(String value) {
    set(logLikelihoodCol, value);
    return this;
  }

  /** Sets the weight column ("" for none). */
  public MixtureLikelihoodEvaluator setWeightCol(String value) {
    set(weightCol, value);
    return this;
  }

  /**
   * The weighted mean log-likelihood per row.
   *
   * @throws IllegalArgumentException naming the param when a column is missing or of the wrong
   *     type, when the weights sum to zero, or when the mean is not finite
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    String ll = getLogLikelihoodCol();
    if (!Schemas.has(schema, ll) || !schema.apply(ll).dataType().equals(DataTypes.DoubleType)) {
      throw new IllegalArgumentException("logLikelihoodCol: expected a double column '" + ll
          + "' (a mixture model's transform adds it when the label column is present);"
          + " columns: " + String.join(", ", schema.fieldNames()));
    }
    String w = getWeightCol();
    Column weight = lit(1.0);
    if (!w.isEmpty()) {
      DataType t = Schemas.has(schema, w) ? schema.apply(w).dataType() : null;
      if (!(t instanceof NumericType)) {
        throw new IllegalArgumentException("weightCol: expected a numeric column '" + w + "'");
      }
      weight = column(w).cast(DataTypes.DoubleType);
    }
    Row r = dataset.select(sum(weight.multiply(column(ll))), sum(weight)).head();
    if (r.isNullAt(1) || !(r.getDouble(1) > 0)) {
      throw new IllegalArgumentException("weightCol: the rows weigh "
          + (r.isNullAt(1) ? "nothing (no rows)" : r.get(1)) + "; expected a positive total");
    }
    double mean = r.getDouble(0) / r.getDouble(1);
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("logLikelihoodCol: the mean log-likelihood is " + mean);
    }
    return mean;
  }

  @Override
  public boolean isLargerBetter() {
    return true;
  }

  @Override
  public MixtureLikelihoodEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** A writer that saves the params, atomically. */
  @Override
  public MLWriter write() {
    return new StageWriter(this, (fs, dir, meta) -> { });
  }

  /** The reader of saved evaluators. */
  public static MLReader<MixtureLikelihoodEvaluator> read() {
    return new StageReader<>(MixtureLikelihoodEvaluator.class, (uid, meta, fs, dir) -> {
      MixtureLikelihoodEvaluator e = new MixtureLikelihoodEvaluator(uid);
      StageReader.applyParams(e, meta);
      return e;
    });
  }

  /** Loads an evaluator saved with {@code write().save(path)}. */
  public static MixtureLikelihoodEvaluator load(String path) {
    return read().load(path);
  }
}
