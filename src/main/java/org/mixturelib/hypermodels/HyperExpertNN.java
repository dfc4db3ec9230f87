package org.mixturelib.hypermodels;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Lbfgs;
import org.mixturelib.linalg.Newton;
import org.mixturelib.linalg.Special;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A gate that depends on x: a fully connected network with ReLU or tanh hidden layers and a
 * softmax output, {@code pi(x) = softmax(f(x; V))} (0.4's HyperExpertNN). 0.4's constructor
 * builds 0.4's network: Linear D->H, ReLU, Linear H->H, ReLU, Linear H->K. Without hidden
 * layers it is the multinomial-logit gate of flexmix's concomitant model, for any K and any
 * number of inputs.
 *
 * <p>The gate reads the block's own gate inputs when it has them ({@link Block#gateX}), else the
 * first {@link #inputDim()} features.
 *
 * <p>The M-step minimises the cross-entropy {@code -Σ_i w_i Σ_k r_ik log pi_k(x_i; V)} with
 * L-BFGS on the driver, warm-started from the current V, over what the engine's {@link GateUpdate} provides (rows gathered by the E-step
 * pass, or one pass per evaluation). The optimiser never accepts a worse point, so the EM bound
 * cannot decrease through the gate. After each Newton M-step (the linear gate with curvature) its
 * parameters are centred over the components (see {@code centre}), which leaves its weights
 * unchanged; the L-BFGS path does not centre.
 *
 * <p>Parameters are one vector: for each layer, its {@code in x out} weight matrix
 * (column-major) followed by its {@code out} biases.
 */
public final class HyperExpertNN implements GateScores, VectorGate {
  private static final long serialVersionUID = 1L;
  private final int[] sizes;
  private final Activation activation;
  private double[] params;
  private int epochs = 100;
  private int skippedFeatures;

  /**
   * 0.4's constructor and network: two ReLU hidden layers of {@code hiddenDim} units (Linear
   * D->H, ReLU, Linear H->H, ReLU, Linear H->K, softmax), {@code epochs} L-BFGS iterations at
   * most per M-step (the gate's optimisation budget, as in 0.4), weights drawn from {@code
   * seed}.
   */
  public HyperExpertNN(int inputDim, int hiddenDim, int outputDim, int epochs, long seed) {
    this(layerSizes(inputDim, new int[] {hiddenDim, hiddenDim}, outputDim), Activation.RELU,
        seed);
    setEpochs(epochs);
  }

  /**
   * A tanh network with the given hidden layer widths (none: the multinomial-logit gate).
   *
   * @param inputDim number of inputs
   * @param hidden widths of the hidden layers (may be empty)
   * @param outputDim number of experts
   * @param seed seed of the initial weights
   */
  public HyperExpertNN(int inputDim, int[] hidden, int outputDim, long seed) {
    this(inputDim, hidden, outputDim, Activation.TANH, seed);
  }

  /**
   * A network with the given hidden layer widths and activation.
   *
   * @param inputDim number of inputs
   * @param hidden widths of the hidden layers (may be empty)
   * @param outputDim number of experts
   * @param activation the hidden layers' nonlinearity
   * @param seed seed of the initial weights
   */
  public HyperExpertNN(int inputDim, int[] hidden, int outputDim, Activation activation,
      long seed) {
    this(layerSizes(inputDim, hidden, outputDim), activation, seed);
  }

  private HyperExpertNN(int[] sizes, Activation activation, long seed) {
    if (activation == null) {
      throw new IllegalArgumentException("activation must be 'relu' or 'tanh', got null");
    }
    this.sizes = sizes;
    this.activation = activation;
    int total = 0;
    for (int l = 1; l < sizes.length; l++) {
      total += sizes[l - 1] * sizes[l] + sizes[l];
    }
    this.params = new double[total];
    SplittableRandom rnd = new SplittableRandom(seed);
    int off = 0;
    for (int l = 1; l < sizes.length; l++) {
      int in = sizes[l - 1];
      int out = sizes[l];
      double scale = l == sizes.length - 1 && sizes.length == 2 ? 0.0
          : activation.initScale(in, out);
      for (int i = 0; i < in * out; i++) {
        params[off + i] = (2 * rnd.nextDouble() - 1) * scale;
      }
      off += in * out + out;
    }
  }

  private static int[] layerSizes(int inputDim, int[] hidden, int outputDim) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("input_dim must be >= 1, got " + inputDim);
    }
    if (outputDim < 1) {
      throw new IllegalArgumentException("output_dim (number of experts) must be >= 1, got "
          + outputDim);
    }
    int[] s = new int[hidden.length + 2];
    s[0] = inputDim;
    for (int i = 0; i < hidden.length; i++) {
      if (hidden[i] < 1) {
        throw new IllegalArgumentException("hidden layer widths must be >= 1, got "
            + Arrays.toString(hidden));
      }
      s[i + 1] = hidden[i];
    }
    s[s.length - 1] = outputDim;
    return s;
  }

  /**
   * Sets the L-BFGS budget of 0.4's {@link #mStep(double[][], double[][])}. A {@code MixtureEM}
   * takes the value its gate has when it is built as its {@code gateMaxIter} (the budget of the
   * engine's gate M-steps); after that, change {@code config().gateMaxIter} instead.
   */
  public void setEpochs(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    this.epochs = epochs;
  }

  /**
   * Lets the gate score blocks that carry {@code count} more feature columns after its inputs
   * (the experts' intercept column in the Spark ML estimators, which the gate's own biases
   * already cover); the gate reads the first {@link #inputDim()} columns.
   */
  public void setSkippedTrailingFeatures(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("skipped trailing features must be >= 0, got "
          + count);
    }
    skippedFeatures = count;
  }

  /** The L-BFGS budget of 0.4's {@link #mStep(double[][], double[][])}. */
  public int epochs() {
    return epochs;
  }

  /** The hidden layers' nonlinearity. */
  public Activation activation() {
    return activation;
  }

  /** Number of trailing block columns the gate does not read. */
  public int skippedTrailingFeatures() {
    return skippedFeatures;
  }

  /** Number of inputs. */
  public int inputDim() {
    return sizes[0];
  }

  /** Layer widths, inputs first, components last. */
  public int[] layerSizes() {
    return sizes.clone();
  }

  @Override
  public int numComponents() {
    return sizes[sizes.length - 1];
  }

  @Override
  public boolean gradientTrained() {
    return true;
  }

  @Override
  public double[] parameters() {
    return params.clone();
  }

  /** Replaces the parameters (length must match). */
  @Override
  public void setParameters(double[] p) {
    if (p.length != params.length) {
      throw new IllegalArgumentException("gate has " + params.length + " parameters, got "
          + p.length);
    }
    for (double v : p) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("gate parameters must be finite");
      }
    }
    params = p.clone();
  }

  @Override
  public void logPi(Block b, double[] rowState, double[] out, boolean plugIn) {
    forward(b, params, null, out);
  }

  /**
   * Forward pass: writes row-major n x K log-softmax into {@code logPi}; when
   * {@code activations} is not null, keeps each layer's output (column-major n x width) there.
   */
  private void forward(Block b, double[] p, double[][] activations, double[] logPi) {
    int n = b.n;
    double[] input = inputs(b);
    int off = 0;
    int layers = sizes.length - 1;
    double[] z = null;
    for (int l = 1; l <= layers; l++) {
      int in = sizes[l - 1];
      int out = sizes[l];
      z = new double[n * out];
      for (int c = 0; c < out; c++) {
        Arrays.fill(z, c * n, (c + 1) * n, p[off + in * out + c]);
      }
      Blas.get().dgemm("N", "N", n, out, in, 1.0, input, 0, n, p, off, in, 1.0, z, 0, n);
      off += in * out + out;
      if (l < layers) {
        activation.apply(z, z.length);
        if (activations != null) {
          activations[l] = z;
        }
        input = z;
      }
    }
    int k = numComponents();
    double[] row = new double[k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        row[c] = z[c * n + i];
      }
      double lse = Special.logSumExp(row, 0, k);
      for (int c = 0; c < k; c++) {
        logPi[i * k + c] = row[c] - lse;
      }
    }
  }

  /**
   * The block's gate inputs, column-major with leading dimension n: its own gate inputs, or its
   * features (of which the gate reads the first {@link #inputDim()}).
   */
  private double[] inputs(Block b) {
    if (b.gateX != null) {
      if (b.g != sizes[0]) {
        throw new IllegalArgumentException("the gate expects " + sizes[0] + " gate inputs, got "
            + b.g);
      }
      return b.gateX;
    }
    if (b.d != sizes[0] + skippedFeatures) {
      throw new IllegalArgumentException("the gate expects " + sizes[0] + " features"
          + (skippedFeatures > 0 ? " and " + skippedFeatures + " skipped ones" : "") + ", got "
          + b.d);
    }
    return b.xy;
  }

  @Override
  public double addLossAndGradient(Block b, double[] resp, double[] p, double[] gradient) {
    int n = b.n;
    int k = numComponents();
    int layers = sizes.length - 1;
    double[][] act = new double[layers][];
    act[0] = inputs(b);
    double[] logPi = new double[n * k];
    forward(b, p, act, logPi);
    double loss = 0;
    double[] delta = new double[n * k];
    for (int i = 0; i < n; i++) {
      double w = b.weights[i];
      if (w == 0) {
        continue;
      }
      double rs = 0;
      for (int c = 0; c < k; c++) {
        double r = resp[i * k + c];
        rs += r;
        if (r > 0) {
          loss -= w * r * logPi[i * k + c];
        }
      }
      for (int c = 0; c < k; c++) {
        delta[c * n + i] = w * (Math.exp(logPi[i * k + c]) * rs - resp[i * k + c]);
      }
    }
    int[] offsets = new int[layers + 1];
    for (int l = 1; l <= layers; l++) {
      offsets[l] = offsets[l - 1] + sizes[l - 1] * sizes[l] + sizes[l];
    }
    for (int l = layers; l >= 1; l--) {
      int in = sizes[l - 1];
      int out = sizes[l];
      int off = offsets[l - 1];
      Blas.get().dgemm("T", "N", in, out, n, 1.0, act[l - 1], 0, n, delta, 0, n, 1.0,
          gradient, off, in);
      for (int c = 0; c < out; c++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += delta[c * n + i];
        }
        gradient[off + in * out + c] += s;
      }
      if (l > 1) {
        double[] prev = new double[n * in];
        Blas.get().dgemm("N", "T", n, in, out, 1.0, delta, 0, n, p, off, in, 0.0, prev,
            0, n);
        activation.backward(prev, act[l - 1], prev.length);
        delta = prev;
      }
    }
    return loss;
  }

  /**
   * The linear gate's logit coefficients ({@link #parameters()}); null for a network, whose
   * M-step is a partial L-BFGS run rather than a map EM acceleration can extrapolate.
   */
  @Override
  public double[] parameterVector() {
    return isLinear() ? parameters() : null;
  }

  /** Sets the linear gate's logit coefficients ({@link #setParameters}). */
  @Override
  public void setParameterVector(double[] v) {
    setParameters(v);
  }

  /** Whether the network has no hidden layer (the multinomial-logit gate). */
  public boolean isLinear() {
    return sizes.length == 2;
  }

  /** {@code "linear"} without hidden layers, {@code "mlp"} with: the Spark ML gate param. */
  @Override
  public String typeId() {
    return isLinear() ? "linear" : "mlp";
  }

  /** Writes the layer sizes, the skipped columns, the activation and the parameters. */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.ints("layerSizes", sizes);
    out.integer("skippedTrailingFeatures", skippedFeatures);
    out.text("activation", activation.id());
    out.doubles("parameters", params);
  }

  /**
   * Restores the parameters; the layer sizes, skipped columns and activation must be this
   * gate's.
   */
  @Override
  public void readParameters(ParameterReader in) {
    int[] saved = in.ints("layerSizes");
    if (!Arrays.equals(saved, sizes)) {
      throw in.corrupt("the gate's layer sizes " + Arrays.toString(saved)
          + " differ from the params' " + Arrays.toString(sizes));
    }
    int skipped = in.integer("skippedTrailingFeatures");
    if (skipped != skippedFeatures) {
      throw in.corrupt("'skippedTrailingFeatures' is " + skipped + " but the params give "
          + skippedFeatures);
    }
    String act = in.text("activation");
    if (!act.equals(activation.id())) {
      throw in.corrupt("the gate's activation '" + act + "' differs from the params' '"
          + activation.id() + "'");
    }
    setParameters(in.doubles("parameters", params.length));
  }

  @Override
  public boolean hasCurvature() {
    return isLinear();
  }

  /**
   * The linear gate's loss, gradient and Hessian. With {@code x~ = [x; 1]}, {@code s_i = w_i
   * Σ_k r_ik} and {@code p = pi(x_i)}, the Hessian block of outputs (c, c') is {@code Σ_i s_i
   * (δ_cc' p_c - p_c p_c') x~ x~ᵀ}.
   */
  @Override
  public double addLossGradientHessian(Block b, double[] resp, double[] p, double[] gradient,
      double[] hessian) {
    if (!isLinear()) {
      throw new UnsupportedOperationException("only the gate without hidden layers has a"
          + " closed-form Hessian");
    }
    double loss = addLossAndGradient(b, resp, p, gradient);
    int n = b.n;
    int in = sizes[0];
    int k = numComponents();
    int size = params.length;
    double[] logPi = new double[n * k];
    forward(b, p, null, logPi);
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
   * Subtracts from the linear gate's weights on each input, and from its biases, their mean
   * over the components. The softmax does not change, and the direction it is invariant to,
   * which the data leave undetermined (Newton's damping fixes it only up to rounding amplified
   * by 1 / damping), is pinned: fits on differently partitioned rows then agree in the
   * parameters themselves, not only in the weights they give.
   */
  private void centre(double[] p) {
    int in = sizes[0];
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
   * The M-step. The linear gate takes damped Newton steps on the aggregated Hessian when the
   * update provides it, so that each M-step reaches the maximiser of the gate's part of the
   * bound to the tolerance (slow L-BFGS progress on a nearly separable gate would otherwise
   * stall EM and end it early); a network with hidden layers uses L-BFGS. Both never accept a
   * worse point, so the bound cannot decrease through the gate.
   */
  @Override
  public void mStep(GateUpdate update) {
    if (isLinear() && update.hasCurvature()) {
      params = new Newton(update.maxIterations(), update.tolerance())
          .minimize(update::lossGradientHessian, params).x();
      centre(params);
      return;
    }
    Lbfgs.Result r = new Lbfgs(10, update.maxIterations(), update.tolerance())
        .minimize(update::lossAndGradient, params);
    params = r.x();
  }

  /**
   * The linear gate's coefficients as flexmix reports its concomitant model: for components
   * 2..K (rows), {@code log(pi_k / pi_1)} as {@code [intercept, one coefficient per input]}.
   * When an input column is constant (an intercept column among the features), the intercept
   * and that column's coefficient are identified only together: flexmix's intercept is the
   * intercept plus the constant times that coefficient.
   */
  public double[][] relativeCoefficients() {
    if (!isLinear()) {
      throw new UnsupportedOperationException("relative coefficients exist only for the gate"
          + " without hidden layers");
    }
    int in = sizes[0];
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

  /** The inputs of the linear gate. */
  @Override
  public int numScoreInputs() {
    requireLinear();
    return sizes[0];
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
    int s = sizes[0] + 1;
    double[] out = new double[rel.length * s];
    for (int c = 0; c < rel.length; c++) {
      System.arraycopy(rel[c], 0, out, c * s, s);
    }
    return out;
  }

  /** The linear gate (its parameters are fitted by maximum likelihood). */
  @Override
  public boolean maximumLikelihood() {
    return isLinear();
  }

  @Override
  public void rowDerivatives(Block b, double[] score, double[] curvature) {
    requireLinear();
    int k = numComponents();
    double[] pi = new double[b.n * k];
    forward(b, params, null, pi);
    for (int i = 0; i < pi.length; i++) {
      pi[i] = Math.exp(pi[i]);
    }
    int in = sizes[0];
    double[] inputs = new double[b.n * in];
    for (int a = 0; a < in; a++) {
      for (int i = 0; i < b.n; i++) {
        inputs[a * b.n + i] = b.gateInput(i, a);
      }
    }
    GateScores.logitDerivatives(b.n, k, in, pi, inputs, score, curvature);
  }

  private void requireLinear() {
    if (!isLinear()) {
      throw new UnsupportedOperationException("standard errors exist only for the gate without"
          + " hidden layers");
    }
  }

  @Override
  public double boundTerm() {
    return 0;
  }

  @Override
  public int numFreeParameters() {
    // the softmax is invariant to adding one vector to every output unit
    return params.length - (sizes[sizes.length - 2] + 1);
  }

  /**
   * A constant input only adds to the biases of the first layer: each constant column removes
   * one free parameter per unit of that layer (K - 1 for the linear gate, after the softmax
   * invariance).
   */
  @Override
  public int numFreeParameters(int constantInputs) {
    int units = isLinear() ? numComponents() - 1 : sizes[1];
    // skipped trailing features (the appended intercept) are constant but never inputs
    int constantUsed = Math.max(constantInputs - skippedFeatures, 0);
    return numFreeParameters() - Math.min(constantUsed, sizes[0]) * units;
  }

  /**
   * For the linear gate, a copy with every parameter zero (uniform weights); null for a network
   * with hidden layers, whose training is not convex and would not simply re-learn the gate from
   * the experts.
   */
  @Override
  public HyperExpertNN uniformCopy() {
    if (!isLinear()) {
      return null;
    }
    HyperExpertNN c = copy();
    java.util.Arrays.fill(c.params, 0.0);
    return c;
  }

  @Override
  public boolean canChangeComponents() {
    return true;
  }

  /**
   * For a network with hidden layers, constant maximum-likelihood mixing weights (a mixture of
   * models: the starts then cost no network training); null for the linear gate, whose Newton
   * M-step is cheap and which the starts train themselves.
   */
  @Override
  public Gate startStandIn() {
    if (isLinear()) {
      return null;
    }
    double[] ones = new double[numComponents()];
    Arrays.fill(ones, 1.0);
    return new HyperModelDirichlet(ones, false);
  }

  /**
   * Copies {@code from}'s output unit into {@code into} and lowers both biases by log 2, so that
   * the two share {@code from}'s weight.
   */
  @Override
  public HyperExpertNN splitWeight(int from, int into) {
    HyperExpertNN c = copy();
    int in = sizes[sizes.length - 2];
    int out = numComponents();
    int off = params.length - (in * out + out);
    System.arraycopy(params, off + from * in, c.params, off + into * in, in);
    double bias = params[off + in * out + from] - Math.log(2);
    c.params[off + in * out + from] = bias;
    c.params[off + in * out + into] = bias;
    return c;
  }

  /** Keeps the output units of the given components (weights and biases of the last layer). */
  @Override
  public HyperExpertNN restrictTo(int[] keep) {
    int[] s2 = sizes.clone();
    s2[s2.length - 1] = keep.length;
    HyperExpertNN c = new HyperExpertNN(s2, activation, 0);
    int in = sizes[sizes.length - 2];
    int out = numComponents();
    int off = params.length - (in * out + out);
    System.arraycopy(params, 0, c.params, 0, off);
    for (int i = 0; i < keep.length; i++) {
      System.arraycopy(params, off + keep[i] * in, c.params, off + i * in, in);
      c.params[off + keep.length * in + i] = params[off + in * out + keep[i]];
    }
    c.epochs = epochs;
    c.skippedFeatures = skippedFeatures;
    return c;
  }

  @Override
  public HyperExpertNN copy() {
    HyperExpertNN c = new HyperExpertNN(sizes, activation, 0);
    c.params = params.clone();
    c.epochs = epochs;
    c.skippedFeatures = skippedFeatures;
    return c;
  }

  // ---------------------------------------------------------------- 0.4-style API

  /** 0.4's {@code E_step}: does nothing (the gate has no variational part). */
  public void eStep(double[][] x, double[][] y, double[][] z) {}

  /**
   * 0.4's {@code M_step}: fits the network to the soft targets Z (N x K) by L-BFGS, at most
   * {@code epochs} iterations.
   */
  public void mStep(double[][] x, double[][] z) {
    double[][] zz = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      if (z[i].length != numComponents()) {
        throw new IllegalArgumentException("Z row " + i + " has " + z[i].length
            + " columns, expected " + numComponents());
      }
      zz[i] = z[i];
    }
    java.util.List<Block> blocks = BlockBuilder.fromArrays(x, zz, null,
        BlockBuilder.DEFAULT_CAPACITY);
    int k = numComponents();
    double[] counts = GateSupport.columnSums(z, k);
    GateUpdate local = new GateUpdate() {
      @Override
      public double[] counts() {
        return counts;
      }

      @Override
      public double totalWeight() {
        return x.length;
      }

      @Override
      public double lossAndGradient(double[] p, double[] gradient) {
        Arrays.fill(gradient, 0);
        double loss = 0;
        for (Block blk : blocks) {
          double[] resp = new double[blk.n * k];
          for (int i = 0; i < blk.n; i++) {
            for (int c = 0; c < k; c++) {
              resp[i * k + c] = blk.y(i, c);
            }
          }
          loss += addLossAndGradient(blk, resp, p, gradient);
        }
        return loss;
      }

      @Override
      public int maxIterations() {
        return epochs;
      }

      @Override
      public double tolerance() {
        return 1e-9;
      }
    };
    mStep(local);
  }

  /** 0.4's {@code LogPiExpectation}: log-softmax of the network, N x K. */
  public double[][] logPiExpectation(double[][] x) {
    return GateSupport.rows(scores(x, true), x.length, numComponents());
  }

  /** 0.4's {@code PredictPi}: softmax of the network, N x K. */
  public double[][] predictPi(double[][] x) {
    return GateSupport.rows(scores(x, false), x.length, numComponents());
  }

  private double[] scores(double[][] x, boolean log) {
    double[][] none = new double[x.length][1];
    int k = numComponents();
    double[] out = new double[x.length * k];
    int row = 0;
    for (Block blk : BlockBuilder.fromArrays(x, none, null, BlockBuilder.DEFAULT_CAPACITY)) {
      double[] lp = new double[blk.n * k];
      logPi(blk, null, lp, false);
      System.arraycopy(lp, 0, out, row * k, lp.length);
      row += blk.n;
    }
    if (!log) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.exp(out[i]);
      }
    }
    return out;
  }
}
