package org.mixturelib.hypermodels;

import java.util.Locale;

/** The nonlinearity of a network gate's hidden layers. */
public enum Activation {
  /** {@code max(0, z)} (0.4's HyperExpertNN). */
  RELU,
  /** {@code tanh(z)}. */
  TANH;

  /**
   * The activation named {@code name} ("relu" or "tanh", any case).
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static Activation parse(String name) {
    for (Activation a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("activation must be 'relu' or 'tanh', got '" + name
        + "'");
  }

  /** The lower-case name ("relu", "tanh"). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Applies the activation to {@code z[0..len)} in place. */
  void apply(double[] z, int len) {
    if (this == RELU) {
      for (int i = 0; i < len; i++) {
        z[i] = Math.max(0, z[i]);
      }
    } else {
      for (int i = 0; i < len; i++) {
        z[i] = tanh(z[i]);
      }
    }
  }

  /**
   * {@code tanh(v)} through one {@code exp} (an intrinsic, several times faster than {@code
   * Math.tanh}), to within a few ulps of 1: {@code 1 - 2 / (exp(2|v|) + 1)} with the sign of v.
   */
  static double tanh(double v) {
    double a = Math.abs(v);
    if (a > 19) {
      return Math.copySign(1.0, v);
    }
    if (a < 1e-5) {
      return v; // tanh v = v - v³/3: the cubic term is below double precision here
    }
    double t = 1 - 2 / (Math.exp(2 * a) + 1);
    return Math.copySign(t, v);
  }

  /**
   * Multiplies {@code delta[0..len)} by the derivative of the activation, given its outputs
   * {@code a}.
   */
  void backward(double[] delta, double[] a, int len) {
    if (this == RELU) {
      for (int i = 0; i < len; i++) {
        if (!(a[i] > 0)) {
          delta[i] = 0;
        }
      }
    } else {
      for (int i = 0; i < len; i++) {
        delta[i] *= 1 - a[i] * a[i];
      }
    }
  }

  /** Half-width of the uniform initial weights of a layer (He for ReLU, Glorot for tanh). */
  double initScale(int in, int out) {
    return this == RELU ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
  }
}
