package org.mixturelib.hypermodels;

import java.util.Arrays;
import org.mixturelib.data.Block;
import org.mixturelib.linalg.Newton;

/**
 * The linear softmax gate, {@code pi(x) = softmax(Wᵀ x + b)}: the multinomial-logit gate of
 * flexmix's concomitant model, for any K and any number of inputs (the Spark ML gate {@code
 * "linear"}). It starts at uniform weights (every parameter 0).
 *
 * <p>Its cross-entropy is convex with a closed-form Hessian ({@link CurvatureGate}): when the
 * engine's update aggregates the Hessian ({@link CurvatureUpdate}), the M-step takes damped Newton steps, so
 * that each M-step reaches the maximiser of the gate's part of the bound to the tolerance (slow
 * L-BFGS progress on a nearly separable gate would otherwise stall EM and end it early), and
 * then centres the parameters over the components (see {@code centre}), which leaves the
 * weights unchanged; otherwise it uses L-BFGS ({@link SoftmaxGate}), without centring. Either
 * never accepts a worse point, so the bound cannot decrease through the gate.
 *
 * <p>Its coefficients are maximum-likelihood estimates with standard errors ({@link
 * GateScores}), a vector SQUAREM extrapolates ({@link VectorGate}), and the engine may restart
 * it from uniform weights ({@link RestartableGate}). Parameters are one {@code in x K} weight
 * matrix (column-major) followed by K biases.
 */
public final class LinearGate extends SoftmaxGate
    implements CurvatureGate, GateScores, VectorGate, RestartableGate {
  private static final long serialVersionUID = 1L;

  /**
   * A gate over {@code inputDim} inputs and {@code outputDim} components, at uniform weights.
   *
   * @param inputDim number of inputs
   * @param outputDim number of experts
   */
  public LinearGate(int inputDim, int outputDim) {
    super(layerSizes(inputDim, new int[0], outputDim));
  }

  /** {@code "linear"}: the Spark ML gate param. */
  @Override
  public String typeId() {
    return "linear";
  }

  @Override
  LinearGate withSizes(int[] sizes) {
    return new LinearGate(sizes[0], sizes[1]);
  }

  @Override
  double[] logits(int n, double[] input, double[] p, double[][] activations) {
    return affine(n, input, inputDim(), numComponents(), p, 0);
  }

  @Override
  void backward(int n, double[][] act, double[] delta, double[] p, double[] gradient) {
    addAffineGradient(n, act[0], inputDim(), numComponents(), delta, gradient, 0);
  }

  /** The logit coefficients ({@link #parameters()}). */
  @Override
  public double[] parameterVector() {
    return parameters();
  }

  /** Sets the logit coefficients ({@link #setParameters}). */
  @Override
  public void setParameterVector(double[] v) {
    setParameters(v);
  }

  /**
   * The loss, gradient and Hessian. With {@code x~ = [x; 1]}, {@code s_i = w_i Σ_k r_ik} and
   * {@code p = pi(x_i)}, the Hessian block of outputs (c, c') is {@code Σ_i s_i (δ_cc' p_c - p_c
   * p_c') x~ x~ᵀ}.
   */
  @Override
  public double addLossGradientHessian(Block b, double[] resp, double[] p, double[] gradient,
      double[] hessian) {
    double loss = addLossAndGradient(b, resp, p, gradient);
    int n = b.n;
    int in = inputDim();
    int k = numComponents();
    int size = p.length;
    double[] logPi = logPiAt(b, p);
    int q = in + 1;
    double[] xt = new double[q];
    double[] x = inputs(b);
    double[] pi = new double[k];
    double[] local = new double[k * k * q * q];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += resp[i * k + c];
        pi[c] = Math.exp(logPi[i * k + c]);
      }
      s *= b.weights[i];
      if (s == 0) {
        continue;
      }
      for (int a = 0; a < in; a++) {
        xt[a] = x[a * n + i];
      }
      xt[in] = 1;
      for (int c = 0; c < k; c++) {
        for (int c2 = c; c2 < k; c2++) {
          double coef = s * ((c == c2 ? pi[c] : 0) - pi[c] * pi[c2]);
          int base = (c * k + c2) * q * q;
          for (int a = 0; a < q; a++) {
            double ca = coef * xt[a];
            for (int bb = 0; bb < q; bb++) {
              local[base + a * q + bb] += ca * xt[bb];
            }
          }
        }
      }
    }
    for (int c = 0; c < k; c++) {
      for (int c2 = c; c2 < k; c2++) {
        int base = (c * k + c2) * q * q;
        for (int a = 0; a < q; a++) {
          int row = index(c, a, in, k);
          for (int bb = 0; bb < q; bb++) {
            int col = index(c2, bb, in, k);
            double v = local[base + a * q + bb];
            hessian[col * size + row] += v;
            if (c != c2) {
              hessian[row * size + col] += v;
            }
          }
        }
      }
    }
    return loss;
  }

  /**
   * Subtracts from the weights on each input, and from the biases, their mean over the
   * components. The softmax does not change, and the direction it is invariant to, which the
   * data leave undetermined (Newton's damping fixes it only up to rounding amplified by 1 /
   * damping), is pinned: fits on differently partitioned rows then agree in the parameters
   * themselves, not only in the weights they give.
   */
  private void centre(double[] p) {
    int in = inputDim();
    int k = numComponents();
    for (int a = 0; a <= in; a++) {
      double mean = 0;
      for (int c = 0; c < k; c++) {
        mean += p[index(c, a, in, k)] / k;
      }
      for (int c = 0; c < k; c++) {
        p[index(c, a, in, k)] -= mean;
      }
    }
  }

  /** Position of output c's weight on input a (a = in: its bias) in the parameter vector. */
  private static int index(int c, int a, int in, int k) {
    return a < in ? c * in + a : in * k + c;
  }

  /**
   * Damped Newton steps on the aggregated Hessian when the update provides it, then centring;
   * L-BFGS otherwise.
   */
  @Override
  public void mStep(GateUpdate update) {
    if (!(update instanceof CurvatureUpdate curved)) {
      super.mStep(update);
      return;
    }
    double[] p = new Newton(curved.maxIterations(), curved.tolerance())
        .minimize(curved::lossGradientHessian, params()).x();
    centre(p);
    setParams(p);
  }

  /**
   * The coefficients as flexmix reports its concomitant model: for components 2..K (rows),
   * {@code log(pi_k / pi_1)} as {@code [intercept, one coefficient per input]}. When an input
   * column is constant (an intercept column among the features), the intercept and that
   * column's coefficient are identified only together: flexmix's intercept is the intercept plus
   * the constant times that coefficient.
   */
  public double[][] relativeCoefficients() {
    double[] params = params();
    int in = inputDim();
    int k = numComponents();
    double[][] out = new double[k - 1][in + 1];
    for (int c = 1; c < k; c++) {
      out[c - 1][0] = params[index(c, in, in, k)] - params[index(0, in, in, k)];
      for (int a = 0; a < in; a++) {
        out[c - 1][a + 1] = params[index(c, a, in, k)] - params[index(0, a, in, k)];
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- scores (standard errors)

  /** The gate's inputs. */
  @Override
  public int numScoreInputs() {
    return inputDim();
  }

  /** Input g is the block's gate input g (its feature g when the block has no gate inputs). */
  @Override
  public int scoreInputColumn(int g) {
    return g;
  }

  /** {@link #relativeCoefficients()}, row after row. */
  @Override
  public double[] scoreParameters() {
    double[][] rel = relativeCoefficients();
    int s = inputDim() + 1;
    double[] out = new double[rel.length * s];
    for (int c = 0; c < rel.length; c++) {
      System.arraycopy(rel[c], 0, out, c * s, s);
    }
    return out;
  }

  /** True: the parameters are fitted by maximum likelihood. */
  @Override
  public boolean maximumLikelihood() {
    return true;
  }

  @Override
  public void rowDerivatives(Block b, double[] score, double[] curvature) {
    int k = numComponents();
    double[] pi = logPiAt(b, params());
    for (int i = 0; i < pi.length; i++) {
      pi[i] = Math.exp(pi[i]);
    }
    int in = inputDim();
    double[] inputs = new double[b.n * in];
    for (int a = 0; a < in; a++) {
      for (int i = 0; i < b.n; i++) {
        inputs[a * b.n + i] = b.gateInput(i, a);
      }
    }
    GateScores.logitDerivatives(b.n, k, in, pi, inputs, score, curvature);
  }

  /** Each constant input removes K - 1 free parameters (after the softmax's invariance). */
  @Override
  public int numFreeParameters(int constantInputs) {
    return numFreeParameters(constantInputs, numComponents() - 1);
  }

  /** A copy with every parameter zero (uniform weights). */
  @Override
  public LinearGate uniformCopy() {
    LinearGate c = copy();
    Arrays.fill(c.params(), 0.0);
    return c;
  }

  @Override
  public LinearGate copy() {
    return (LinearGate) super.copy();
  }
}
