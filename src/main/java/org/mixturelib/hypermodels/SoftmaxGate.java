package org.mixturelib.hypermodels;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.linalg.Blas;
import org.mixturelib.linalg.Lbfgs;
import org.mixturelib.linalg.Special;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A gate that depends on x through a softmax, {@code pi(x) = softmax(f(x; V))}: the {@link
 * LinearGate} ({@code f} affine, flexmix's multinomial logit) and the {@link NetworkGate} (an
 * MLP). What they share lives here: the gate's inputs, the log-softmax, the cross-entropy and
 * its gradient at the output units, the parameter vector, its persistence, the operations on the
 * output layer (dropping and splitting components) and 0.4's front-end methods.
 *
 * <p>The gate reads the block's own gate inputs when it has them ({@link Block#gateX}), else the
 * first {@link #inputDim()} features. Parameters are one vector: for each layer, its {@code in x
 * out} weight matrix (column-major) followed by its {@code out} biases.
 *
 * <p>The M-step minimises the cross-entropy {@code -Σ_i w_i Σ_k r_ik log pi_k(x_i; V)} with
 * L-BFGS on the driver, warm-started from the current V, over what the engine's {@link
 * GateUpdate} provides (rows gathered by the E-step pass, or one pass per evaluation); the
 * optimiser never accepts a worse point, so the EM bound cannot decrease through the gate.
 */
public abstract sealed class SoftmaxGate implements TrainedGate, ResizableGate
    permits LinearGate, NetworkGate {
  private static final long serialVersionUID = 1L;
  private final int[] sizes;
  private double[] params;
  private int epochs = 100;
  private int skippedFeatures;

  /** A gate of the given layer widths (inputs first, components last), every parameter 0. */
  SoftmaxGate(int[] sizes) {
    this.sizes = sizes;
    int total = 0;
    for (int l = 1; l < sizes.length; l++) {
      total += sizes[l - 1] * sizes[l] + sizes[l];
    }
    this.params = new double[total];
  }

  /** The layer widths, checked: inputs, the hidden layers, the components. */
  static int[] layerSizes(int inputDim, int[] hidden, int outputDim) {
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

  /** A gate of this kind and settings with the given layer widths, every parameter 0. */
  abstract SoftmaxGate withSizes(int[] layerSizes);

  /**
   * Writes the output units before the softmax, column-major n x K, for inputs {@code input}
   * (column-major n x {@link #inputDim()}); when {@code activations} is not null, keeps each
   * hidden layer l's output (column-major n x width) at {@code activations[l]}.
   */
  abstract double[] logits(int n, double[] input, double[] p, double[][] activations);

  /**
   * Adds the gradient of the cross-entropy into {@code gradient}, given {@code delta}, its
   * derivative in the output units (column-major n x K), the layers' inputs {@code activations}
   * ({@code activations[0]} the gate's inputs) and the parameters p.
   */
  abstract void backward(int n, double[][] activations, double[] delta, double[] p,
      double[] gradient);

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

  /** The L-BFGS budget of 0.4's {@link #mStep(double[][], double[][])}. */
  public int epochs() {
    return epochs;
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

  /** The parameters themselves (no copy), for the subclasses' own maths. */
  double[] params() {
    return params;
  }

  /** Takes {@code p} as the parameters (no copy, no check: an optimiser's result). */
  void setParams(double[] p) {
    params = p;
  }

  @Override
  public void logPi(Block b, double[] rowState, double[] out, boolean plugIn) {
    forward(b.n, inputs(b), params, null, out);
  }

  /** Writes the row-major n x K log-softmax of the logits at p into {@code logPi}. */
  private void forward(int n, double[] input, double[] p, double[][] activations,
      double[] logPi) {
    double[] z = logits(n, input, p, activations);
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

  /** The block's log weights at parameters p, row-major n x K. */
  double[] logPiAt(Block b, double[] p) {
    double[] out = new double[b.n * numComponents()];
    forward(b.n, inputs(b), p, null, out);
    return out;
  }

  /**
   * The block's gate inputs, column-major with leading dimension n: its own gate inputs, or its
   * features (of which the gate reads the first {@link #inputDim()}).
   */
  double[] inputs(Block b) {
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

  /**
   * A layer's units before its activation, column-major n x out: {@code input W + b}, the
   * layer's weights and biases at {@code p[off..]}.
   */
  static double[] affine(int n, double[] input, int in, int out, double[] p, int off) {
    double[] z = new double[n * out];
    for (int c = 0; c < out; c++) {
      Arrays.fill(z, c * n, (c + 1) * n, p[off + in * out + c]);
    }
    Blas.get().dgemm("N", "N", n, out, in, 1.0, input, 0, n, p, off, in, 1.0, z, 0, n);
    return z;
  }

  /**
   * Adds a layer's weight and bias gradients at {@code gradient[off..]}: {@code inputᵀ delta}
   * and the column sums of delta.
   */
  static void addAffineGradient(int n, double[] input, int in, int out, double[] delta,
      double[] gradient, int off) {
    Blas.get().dgemm("T", "N", in, out, n, 1.0, input, 0, n, delta, 0, n, 1.0, gradient, off,
        in);
    for (int c = 0; c < out; c++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += delta[c * n + i];
      }
      gradient[off + in * out + c] += s;
    }
  }

  @Override
  public double addLossAndGradient(Block b, double[] resp, double[] p, double[] gradient) {
    int n = b.n;
    int k = numComponents();
    double[][] act = new double[sizes.length - 1][];
    act[0] = inputs(b);
    double[] logPi = new double[n * k];
    forward(n, act[0], p, act, logPi);
    double[] delta = new double[n * k];
    double loss = crossEntropy(b, resp, logPi, delta);
    backward(n, act, delta, p, gradient);
    return loss;
  }

  /** The cross-entropy by one forward pass: no activations kept, no gradient. */
  @Override
  public double loss(Block b, double[] resp, double[] p) {
    double[] logPi = new double[b.n * numComponents()];
    forward(b.n, inputs(b), p, null, logPi);
    return crossEntropy(b, resp, logPi, null);
  }

  /**
   * The block's cross-entropy from its log weights; when {@code delta} is not null, writes its
   * derivative in the output units (column-major n x K).
   */
  private double crossEntropy(Block b, double[] resp, double[] logPi, double[] delta) {
    int n = b.n;
    int k = numComponents();
    double loss = 0;
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
      if (delta != null) {
        for (int c = 0; c < k; c++) {
          delta[c * n + i] = w * (Math.exp(logPi[i * k + c]) * rs - resp[i * k + c]);
        }
      }
    }
    return loss;
  }

  /** Minimises the cross-entropy with L-BFGS, at most {@code update.maxIterations()} steps. */
  @Override
  public void mStep(GateUpdate update) {
    params = new Lbfgs(10, update.maxIterations(), update.tolerance())
        .minimize(update::lossAndGradient, params).x();
  }

  /** Writes the layer sizes, the skipped columns, the gate's own settings and the parameters. */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.ints("layerSizes", sizes);
    out.integer("skippedTrailingFeatures", skippedFeatures);
    writeSettings(out);
    out.doubles("parameters", params);
  }

  /**
   * Restores the parameters; the layer sizes, skipped columns and settings must be this
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
    readSettings(in);
    setParameters(in.doubles("parameters", params.length));
  }

  /** Writes the settings a kind of gate adds to the layer sizes (none here). */
  void writeSettings(ParameterWriter out) {}

  /** Checks the saved settings {@link #writeSettings} wrote against this gate's (none here). */
  void readSettings(ParameterReader in) {}

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
   * The free parameters when {@code constantInputs} input columns are constant: each removes
   * {@code units} parameters (a constant input only adds to the biases of the first layer).
   */
  int numFreeParameters(int constantInputs, int units) {
    // skipped trailing features (the appended intercept) are constant but never inputs
    int constantUsed = Math.max(constantInputs - skippedFeatures, 0);
    return numFreeParameters() - Math.min(constantUsed, sizes[0]) * units;
  }

  /**
   * Copies {@code from}'s output unit into {@code into} and lowers both biases by log 2, so that
   * the two share {@code from}'s weight.
   */
  @Override
  public SoftmaxGate splitWeight(int from, int into) {
    SoftmaxGate c = copy();
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
  public SoftmaxGate restrictTo(int[] keep) {
    int[] s2 = sizes.clone();
    s2[s2.length - 1] = keep.length;
    SoftmaxGate c = withSizes(s2);
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
  public SoftmaxGate copy() {
    SoftmaxGate c = withSizes(sizes);
    c.params = params.clone();
    c.epochs = epochs;
    c.skippedFeatures = skippedFeatures;
    return c;
  }

  // ---------------------------------------------------------------- 0.4-style API

  /** 0.4's {@code E_step}: does nothing (the gate has no variational part). */
  public void eStep(double[][] x, double[][] y, double[][] z) {}

  /**
   * 0.4's {@code M_step}: fits the gate to the soft targets Z (N x K) by L-BFGS, at most
   * {@code epochs} iterations.
   */
  public void mStep(double[][] x, double[][] z) {
    int k = numComponents();
    double[] counts = GateSupport.columnSums(z, k);
    List<Block> blocks = BlockBuilder.fromArrays(x, z, null, BlockBuilder.DEFAULT_CAPACITY);
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

  /** 0.4's {@code LogPiExpectation}: the log weights, N x K. */
  public double[][] logPiExpectation(double[][] x) {
    return GateSupport.rows(scores(x, true), x.length, numComponents());
  }

  /** 0.4's {@code PredictPi}: the weights, N x K. */
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
