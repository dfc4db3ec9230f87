package org.mixturelib.plot;

import static org.mixturelib.data.SparkSource.column;

import java.util.List;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mixturelib.ml.MixtureModel;

/**
 * Draws the rows a figure shows from a Spark dataset: a random sample of at most {@code
 * maxRows} rows, scored by a fitted model (gate probabilities, responsibilities, mixture mean)
 * and collected to the driver with the model's experts, as a {@link FittedSample}.
 */
public final class ScoredSample {
  private ScoredSample() {}

  /**
   * Scores and collects a sample.
   *
   * @param model a fitted model with one output
   * @param data rows with the model's features and label columns
   * @param features names of the features, in the order of the features vector
   * @param maxRows at most this many rows are drawn (all when the data has no more)
   * @param seed seed of the sample
   * @return the rows and the experts, ready for the figures
   */
  public static FittedSample of(MixtureModel<?> model, Dataset<Row> data, List<String> features,
      int maxRows, long seed) {
    if (model.numOutputs() != 1) {
      throw new IllegalArgumentException("the figures show one output; the model has "
          + model.numOutputs());
    }
    long rows = data.count();
    Dataset<Row> part = rows <= maxRows ? data
        : data.sample(false, Math.min(1.0, 1.2 * maxRows / rows), seed).limit(maxRows);
    List<Row> got = model.transform(part).select(column(model.getFeaturesCol()),
        column(model.getLabelCol()).cast("double"), column(model.getProbabilityCol()),
        column(model.getResponsibilityCol()), column(model.getPredictionCol()))
        .collectAsList();
    int n = got.size();
    double[][] x = new double[n][];
    double[] y = new double[n];
    double[][] gate = new double[n][];
    double[][] resp = new double[n][];
    double[] pred = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = got.get(i);
      x[i] = ((Vector) r.get(0)).toArray();
      y[i] = r.getDouble(1);
      gate[i] = ((Vector) r.get(2)).toArray();
      resp[i] = ((Vector) r.get(3)).toArray();
      pred[i] = r.getDouble(4);
    }
    int k = model.numComponents();
    Matrix coef = model.coefficients();
    double[][] w = new double[k][features.size()];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < features.size(); j++) {
        w[c][j] = coef.apply(c, j);
      }
    }
    return new FittedSample(model.getLabelCol(), features, x, y, gate, resp, pred,
        model.getFitIntercept() ? model.intercepts().toArray() : null, w, model.expertLink());
  }
}
