package org.mixturelib.ml;

import java.io.Serializable;
import org.mixturelib.localmodels.LinearPredictors;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.mixturelib.inference.StandardErrors;

/**
 * The engine's {@link StandardErrors} in the shapes of the model's accessors: the experts'
 * (K M) x D coefficients and K M intercepts (the intercept is the experts' last feature when
 * fitted), the gate's (K - 1) x (G + 1) log-odds (intercept first, as flexmix), the K mixing
 * weights of constant weights.
 */
final class StandardErrorTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StandardErrors errors;
  private final int numFeatures;
  private final int interceptColumns;
  private final int numOutputs;
  private final int dimension;

  StandardErrorTable(StandardErrors errors, Fitted fitted) {
    this.errors = errors;
    this.numFeatures = fitted.numFeatures();
    this.interceptColumns = fitted.interceptColumns();
    // columns of coefficients per expert: M outputs, or a multinomial expert's L - 1 levels
    this.numOutputs = fitted.state().experts() instanceof LinearPredictors p
        ? p.coefficientColumns() : fitted.state().experts().numOutputs();
    this.dimension = fitted.state().experts().numFeatures();
  }

  StandardErrors errors() {
    return errors;
  }

  /** Position of expert e's coefficient on feature c for output j. */
  private int expert(int e, int j, int c) {
    return errors.layout().expert(e, j * dimension + c);
  }

  /** (K M) x columns, entry (e M + j, c) from {@code value} of the parameter's position. */
  private Matrix experts(int columns, IntToDoubleFunction value, boolean withIntercept) {
    int rows = errors.layout().components() * numOutputs;
    int cols = columns + (withIntercept ? interceptColumns : 0);
    double[] v = new double[rows * cols];
    for (int e = 0; e < errors.layout().components(); e++) {
      for (int j = 0; j < numOutputs; j++) {
        for (int c = 0; c < cols; c++) {
          int feature = c < columns ? c : dimension - 1;
          v[c * rows + e * numOutputs + j] = value.applyAsDouble(expert(e, j, feature));
        }
      }
    }
    return new DenseMatrix(rows, cols, v);
  }

  Matrix coefficientStandardErrors() {
    return experts(numFeatures, errors::standardError, false);
  }

  Vector interceptStandardErrors() {
    int rows = errors.layout().components() * numOutputs;
    double[] v = new double[rows];
    java.util.Arrays.fill(v, Double.NaN);
    if (interceptColumns > 0) {
      for (int e = 0; e < errors.layout().components(); e++) {
        for (int j = 0; j < numOutputs; j++) {
          v[e * numOutputs + j] = errors.standardError(expert(e, j, dimension - 1));
        }
      }
    }
    return Vectors.dense(v);
  }

  Matrix tValues() {
    return experts(numFeatures, errors::zValue, true);
  }

  Matrix pValues() {
    return experts(numFeatures, errors::pValue, true);
  }

  Matrix[] coefficientIntervals(double level) {
    return new Matrix[] {experts(numFeatures, j -> errors.interval(j, level)[0], true),
        experts(numFeatures, j -> errors.interval(j, level)[1], true)};
  }

  /** (K - 1) x (G + 1): row c - 1 for component c's log-odds against component 0. */
  private Matrix gate(IntToDoubleFunction value) {
    StandardErrors.Layout l = errors.layout();
    int rows = l.components() - 1;
    int cols = l.gateInputs() + 1;
    double[] v = new double[rows * cols];
    for (int c = 1; c < l.components(); c++) {
      for (int t = 0; t < cols; t++) {
        v[t * rows + c - 1] = value.applyAsDouble(l.gate(c, t));
      }
    }
    return new DenseMatrix(rows, cols, v);
  }

  Matrix gateCoefficients() {
    return gate(errors::estimate);
  }

  Matrix gateStandardErrors() {
    return gate(errors::standardError);
  }

  Matrix gateTValues() {
    return gate(errors::zValue);
  }

  Matrix gatePValues() {
    return gate(errors::pValue);
  }

  Matrix[] gateIntervals(double level) {
    return new Matrix[] {gate(j -> errors.interval(j, level)[0]),
        gate(j -> errors.interval(j, level)[1])};
  }

  /** {weights, errors} of constant mixing weights. */
  private double[][] weights() {
    double[][] w = errors.mixingWeights();
    if (w == null) {
      throw new IllegalStateException("the mixing weights depend on x (a gate): they have no"
          + " standard errors; see the gate's");
    }
    return w;
  }

  Vector mixingWeightStandardErrors() {
    return Vectors.dense(weights()[1]);
  }

  Vector mixingWeightTValues() {
    double[][] w = weights();
    double[] z = new double[w[0].length];
    for (int c = 0; c < z.length; c++) {
      z[c] = w[0][c] / w[1][c];
    }
    return Vectors.dense(z);
  }

  Vector mixingWeightPValues() {
    double[] z = mixingWeightTValues().toArray();
    for (int c = 0; c < z.length; c++) {
      z[c] = StandardErrors.normalPValue(z[c]);
    }
    return Vectors.dense(z);
  }

  Vector[] mixingWeightIntervals(double level) {
    double[][] w = weights();
    double q = StandardErrors.quantile(level);
    double[] lower = new double[w[0].length];
    double[] upper = new double[w[0].length];
    for (int c = 0; c < lower.length; c++) {
      lower[c] = w[0][c] - q * w[1][c];
      upper[c] = w[0][c] + q * w[1][c];
    }
    return new Vector[] {Vectors.dense(lower), Vectors.dense(upper)};
  }
}
