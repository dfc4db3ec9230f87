package org.mixturelib.hypermodels;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mixturelib.linalg.Blas;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A network gate: a fully connected network with ReLU or tanh hidden layers and a softmax
 * output, {@code pi(x) = softmax(f(x; V))} (the Spark ML gate {@code "mlp"}; 0.4's {@link
 * HyperExpertNN} is this gate built with 0.4's constructor). Its M-step is a partial L-BFGS run
 * ({@link SoftmaxGate}); the starts' short runs use constant weights in its place ({@link
 * StandInGate}), so that they cost no network training.
 */
public sealed class NetworkGate extends SoftmaxGate implements StandInGate
    permits HyperExpertNN {
  private static final long serialVersionUID = 1L;
  private final Activation activation;

  /**
   * A tanh network with the given hidden layer widths.
   *
   * @param inputDim number of inputs
   * @param hidden widths of the hidden layers (at least one)
   * @param outputDim number of experts
   * @param seed seed of the initial weights
   */
  public NetworkGate(int inputDim, int[] hidden, int outputDim, long seed) {
    this(inputDim, hidden, outputDim, Activation.TANH, seed);
  }

  /**
   * A network with the given hidden layer widths and activation, its weights drawn uniformly
   * from {@code seed} (He's scale for ReLU, Glorot's for tanh), its biases 0.
   *
   * @param inputDim number of inputs
   * @param hidden widths of the hidden layers (at least one; without any, use {@link
   *     LinearGate})
   * @param outputDim number of experts
   * @param activation the hidden layers' nonlinearity
   * @param seed seed of the initial weights
   */
  public NetworkGate(int inputDim, int[] hidden, int outputDim, Activation activation,
      long seed) {
    this(checkedSizes(inputDim, hidden, outputDim), checked(activation));
    int[] sizes = layerSizes();
    double[] p = params();
    SplittableRandom rnd = new SplittableRandom(seed);
    int off = 0;
    for (int l = 1; l < sizes.length; l++) {
      int in = sizes[l - 1];
      int out = sizes[l];
      double scale = activation.initScale(in, out);
      for (int i = 0; i < in * out; i++) {
        p[off + i] = (2 * rnd.nextDouble() - 1) * scale;
      }
      off += in * out + out;
    }
  }

  private NetworkGate(int[] sizes, Activation activation) {
    super(sizes);
    this.activation = activation;
  }

  private static int[] checkedSizes(int inputDim, int[] hidden, int outputDim) {
    if (hidden == null || hidden.length == 0) {
      throw new IllegalArgumentException("hidden layers: a network gate needs at least one"
          + " hidden layer, got " + Arrays.toString(hidden) + " (without any, use LinearGate)");
    }
    return layerSizes(inputDim, hidden, outputDim);
  }

  private static Activation checked(Activation activation) {
    if (activation == null) {
      throw new IllegalArgumentException("activation must be 'relu' or 'tanh', got null");
    }
    return activation;
  }

  /** The hidden layers' nonlinearity. */
  public Activation activation() {
    return activation;
  }

  /** {@code "mlp"}: the Spark ML gate param. */
  @Override
  public String typeId() {
    return "mlp";
  }

  @Override
  NetworkGate withSizes(int[] sizes) {
    return new NetworkGate(sizes, activation);
  }

  @Override
  double[] logits(int n, double[] input, double[] p, double[][] activations) {
    int[] sizes = layerSizes();
    int layers = sizes.length - 1;
    int off = 0;
    double[] z = null;
    for (int l = 1; l <= layers; l++) {
      int in = sizes[l - 1];
      int out = sizes[l];
      z = affine(n, input, in, out, p, off);
      off += in * out + out;
      if (l < layers) {
        activation.apply(z, z.length);
        if (activations != null) {
          activations[l] = z;
        }
        input = z;
      }
    }
    return z;
  }

  @Override
  void backward(int n, double[][] act, double[] delta, double[] p, double[] gradient) {
    int[] sizes = layerSizes();
    int layers = sizes.length - 1;
    int[] offsets = new int[layers + 1];
    for (int l = 1; l <= layers; l++) {
      offsets[l] = offsets[l - 1] + sizes[l - 1] * sizes[l] + sizes[l];
    }
    for (int l = layers; l >= 1; l--) {
      int in = sizes[l - 1];
      int out = sizes[l];
      int off = offsets[l - 1];
      addAffineGradient(n, act[l - 1], in, out, delta, gradient, off);
      if (l > 1) {
        double[] prev = new double[n * in];
        Blas.get().dgemm("N", "T", n, in, out, 1.0, delta, 0, n, p, off, in, 0.0, prev,
            0, n);
        activation.backward(prev, act[l - 1], prev.length);
        delta = prev;
      }
    }
  }

  /** Writes the activation. */
  @Override
  void writeSettings(ParameterWriter out) {
    out.text("activation", activation.id());
  }

  /** Checks that the saved activation is this gate's. */
  @Override
  void readSettings(ParameterReader in) {
    String act = in.text("activation");
    if (!act.equals(activation.id())) {
      throw in.corrupt("the gate's activation '" + act + "' differs from the params' '"
          + activation.id() + "'");
    }
  }

  /**
   * A constant input only adds to the biases of the first layer: each constant column removes
   * one free parameter per unit of that layer.
   */
  @Override
  public int numFreeParameters(int constantInputs) {
    return numFreeParameters(constantInputs, layerSizes()[1]);
  }

  @Override
  public NetworkGate copy() {
    return (NetworkGate) super.copy();
  }

  /**
   * Constant maximum-likelihood mixing weights (a mixture of models: the starts then cost no
   * network training).
   */
  @Override
  public Gate startStandIn() {
    double[] ones = new double[numComponents()];
    Arrays.fill(ones, 1.0);
    return new HyperModelDirichlet(ones, false);
  }
}
