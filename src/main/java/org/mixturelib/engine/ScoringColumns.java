package org.mixturelib.engine;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.tanh;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.mixturelib.data.Block;
import org.mixturelib.hypermodels.Activation;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.hypermodels.SoftmaxGate;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.Link;

/**
 * A fitted mixture's predictions written as Spark SQL expressions over plain numeric feature
 * columns (the plug-in scores of {@link MixturePrediction}: {@code pi_k(x)}, every expert's
 * answer and the mixture mean), for experts that are {@link LinearPredictors}. Built from
 * arithmetic, {@code exp}, {@code log}, {@code tanh} and {@code greatest} only, so that a query
 * plan scoring with them has no UDF and no vector type: the Spark RAPIDS plugin can run it on a
 * GPU (see {@code docs/gpu.md}), and on a CPU Catalyst fuses it into generated code.
 *
 * <p>Gates that do not depend on x (the Dirichlet gate, the sparse gate's population weights)
 * become constants; the softmax network becomes its layers' linear combinations, tanh (or
 * {@code greatest(z, 0)} for ReLU layers) and a stable log-softmax.
 */
public final class ScoringColumns {
  private final MixtureState state;
  private final Column[] x;
  private final Column[] gateX;

  /**
   * @param state the fitted parameters
   * @param features one numeric column per feature the experts see (with the intercept as
   *     {@code lit(1.0)} where the model appends one)
   * @throws IllegalArgumentException when the experts are not {@link LinearPredictors}
   */
  public ScoringColumns(MixtureState state, Column[] features) {
    this(state, features, null);
  }

  /**
   * Scoring columns whose gate reads its own input columns.
   *
   * @param state the fitted parameters
   * @param features one numeric column per feature the experts see (intercept included)
   * @param gateInputs one numeric column per gate input, or null when the gate reads the
   *     features
   * @throws IllegalArgumentException when the experts are not {@link LinearPredictors}
   */
  public ScoringColumns(MixtureState state, Column[] features, Column[] gateInputs) {
    if (!(state.experts() instanceof LinearPredictors)) {
      throw new IllegalArgumentException("scoring columns need experts with a linear predictor;"
          + " these are " + state.experts().getClass().getSimpleName());
    }
    if (features.length != state.experts().numFeatures()) {
      throw new IllegalArgumentException("the model expects " + state.experts().numFeatures()
          + " feature columns (intercept included), got " + features.length);
    }
    this.state = state;
    this.x = features.clone();
    this.gateX = gateInputs == null ? null : gateInputs.clone();
  }

  /** {@code log pi_k(x)}, one column per component. */
  public Column[] logPi() {
    int k = state.k();
    Column[] out = new Column[k];
    if (state.gate() instanceof SoftmaxGate nn) {
      Column[] z = network(nn);
      Column max = k == 1 ? z[0] : greatest(z);
      Column sum = null;
      for (Column c : z) {
        Column e = exp(c.minus(max));
        sum = sum == null ? e : sum.plus(e);
      }
      Column lse = max.plus(log(sum));
      for (int c = 0; c < k; c++) {
        out[c] = z[c].minus(lse);
      }
      return out;
    }
    // a gate that ignores x: its plug-in log weights for any one row
    int d = state.experts().numFeatures();
    int m = state.experts().numOutputs();
    double[] lp = new double[k];
    state.gate().logPi(new Block(1, d, m, new double[d + m], new double[] {1.0}, 0), null, lp,
        true);
    for (int c = 0; c < k; c++) {
      out[c] = lit(lp[c]);
    }
    return out;
  }

  /** The network's output units before the softmax. */
  private Column[] network(SoftmaxGate nn) {
    int[] sizes = nn.layerSizes();
    double[] p = nn.parameters();
    if (gateX != null && gateX.length != sizes[0]) {
      throw new IllegalArgumentException("the gate expects " + sizes[0] + " gate input columns,"
          + " got " + gateX.length);
    }
    // the gate reads its own inputs, or the first inputDim features (it may skip the experts'
    // intercept)
    Column[] input = gateX != null ? gateX : java.util.Arrays.copyOf(x, sizes[0]);
    if (gateX == null && sizes[0] + nn.skippedTrailingFeatures() != x.length) {
      throw new IllegalArgumentException("the gate expects " + sizes[0] + " inputs and "
          + nn.skippedTrailingFeatures() + " skipped ones, got " + x.length);
    }
    Activation activation = nn instanceof NetworkGate net ? net.activation() : null;
    int off = 0;
    for (int l = 1; l < sizes.length; l++) {
      int in = sizes[l - 1];
      int outW = sizes[l];
      Column[] z = new Column[outW];
      for (int c = 0; c < outW; c++) {
        Column s = lit(p[off + in * outW + c]);
        for (int j = 0; j < in; j++) {
          s = s.plus(input[j].multiply(p[off + c * in + j]));
        }
        z[c] = l == sizes.length - 1 ? s
            : activation == Activation.RELU ? greatest(s, lit(0.0)) : tanh(s);
      }
      off += in * outW + outW;
      input = z;
    }
    return input;
  }

  /** {@code pi_k(x)}, one column per component. */
  public Column[] pi() {
    Column[] lp = logPi();
    for (int c = 0; c < lp.length; c++) {
      lp[c] = exp(lp[c]);
    }
    return lp;
  }

  /** Expert k's answer for output j, {@code g⁻¹(W_kᵀ x)} (its link's inverse). */
  public Column component(int k, int j) {
    LinearPredictors e = (LinearPredictors) state.experts();
    int d = e.numFeatures();
    double[] w = e.coefficients(k);
    Column s = null;
    for (int c = 0; c < d; c++) {
      Column t = x[c].multiply(w[j * d + c]);
      s = s == null ? t : s.plus(t);
    }
    return mean(e.link(), s);
  }

  /**
   * {@code g⁻¹(eta)} as a column: built-in expressions for the identity, log and logit links,
   * the link's own inverse as a UDF for the others.
   */
  private static Column mean(Link link, Column eta) {
    return switch (link.id()) {
      case "identity" -> eta;
      case "log" -> exp(eta);
      case "logit" -> lit(1.0).divide(lit(1.0).plus(exp(eta.multiply(-1.0))));
      default -> udf((UDF1<Double, Double>) link::mean, DataTypes.DoubleType).apply(eta);
    };
  }

  /** The mixture mean for output j, {@code Σ_k pi_k(x) g⁻¹(W_kᵀ x)}. */
  public Column mean(int j) {
    Column[] pi = pi();
    Column s = null;
    for (int k = 0; k < pi.length; k++) {
      Column t = pi[k].multiply(component(k, j));
      s = s == null ? t : s.plus(t);
    }
    return s;
  }
}
