package org.mixturelib.mixture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import org.mixturelib.regularizers.LinkFunction;

/**
 * What the Python package's 0.4 API ({@code mixturelib.mixture} and its components) needs from
 * the JVM beyond the 0.4-style classes themselves: matrices moved as one block of bytes instead of
 * one py4j call per element, and a Python link function R for {@link
 * org.mixturelib.mixture.RegularizeFunc}.
 *
 * <p>The byte layout is numpy's {@code np.ascontiguousarray(a, '<f8').tobytes()}: IEEE doubles,
 * little-endian, row after row. A matrix sent back to Python starts with its shape (two
 * little-endian 32-bit integers, rows then columns).
 */
public final class PythonBridge {
  private PythonBridge() {}

  /**
   * A link function written in Python, called through py4j's callback server with the prior
   * means as bytes.
   */
  public interface Link {
    /**
     * @param priorMeans {@code experts x size} doubles as bytes (row a: expert a's prior mean,
     *     column-major D x M, as {@link LinkFunction} passes it)
     * @param experts number of regularized experts
     * @param size D x M, the length of one prior mean
     * @return {@code 1 + experts x size} doubles as bytes: R(W0), then dR / dW0 in the layout of
     *     {@code priorMeans}
     */
    byte[] valueAndGradient(byte[] priorMeans, int experts, int size);
  }

  /**
   * The rows x cols matrix held in {@code data}.
   *
   * @throws IllegalArgumentException when {@code data} does not hold rows x cols doubles
   */
  public static double[][] matrix(byte[] data, int rows, int cols) {
    if (rows < 0 || cols < 0 || data == null || data.length != 8L * rows * cols) {
      throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs "
          + 8L * rows * cols + " bytes, got " + (data == null ? "none" : data.length));
    }
    DoubleBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    double[][] out = new double[rows][cols];
    for (double[] row : out) {
      in.get(row);
    }
    return out;
  }

  /** The doubles held in {@code data} (a whole number of them). */
  public static double[] vector(byte[] data) {
    if (data == null || data.length % 8 != 0) {
      throw new IllegalArgumentException("a vector of doubles needs a multiple of 8 bytes, got "
          + (data == null ? "none" : data.length));
    }
    double[] out = new double[data.length / 8];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
    return out;
  }

  /**
   * A matrix as its shape and its rows (see the class comment), or null for null.
   *
   * @throws IllegalArgumentException when the rows differ in length
   */
  public static byte[] bytes(double[][] m) {
    if (m == null) {
      return null;
    }
    int cols = m.length == 0 ? 0 : m[0].length;
    ByteBuffer out = ByteBuffer.allocate(8 + 8 * m.length * cols).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(m.length).putInt(cols);
    for (int r = 0; r < m.length; r++) {
      if (m[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + m[r].length + " entries, row 0"
            + " has " + cols);
      }
      for (double v : m[r]) {
        out.putDouble(v);
      }
    }
    return out.array();
  }

  /** A vector as bytes (no shape), or null for null. */
  public static byte[] bytes(double[] v) {
    if (v == null) {
      return null;
    }
    ByteBuffer out = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    out.asDoubleBuffer().put(v);
    return out.array();
  }

  /**
   * A {@link LinkFunction} that asks the Python function for R and its gradient. It lives on the
   * driver (the regularizers' M-step runs there) and is not serializable in practice: a py4j
   * proxy cannot leave its JVM.
   */
  public static LinkFunction link(Link python) {
    if (python == null) {
      throw new IllegalArgumentException("R (the link function) must not be null");
    }
    return (priorMeans, gradient) -> {
      int experts = priorMeans.length;
      int size = experts == 0 ? 0 : priorMeans[0].length;
      ByteBuffer args = ByteBuffer.allocate(8 * experts * size).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] w0 : priorMeans) {
        for (double v : w0) {
          args.putDouble(v);
        }
      }
      double[] answer = vector(python.valueAndGradient(args.array(), experts, size));
      if (answer.length != 1 + experts * size) {
        throw new IllegalArgumentException("R returned " + answer.length + " numbers, expected"
            + " its value and " + experts * size + " derivatives");
      }
      for (int a = 0; a < experts; a++) {
        System.arraycopy(answer, 1 + a * size, gradient[a], 0, size);
      }
      return answer[0];
    };
  }
}
