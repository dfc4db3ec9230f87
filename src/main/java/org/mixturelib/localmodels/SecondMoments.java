package org.mixturelib.localmodels;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * The statistics of {@link LinearExperts}: per expert {@code Σ_i w_i r_ik [x_i; y_i][x_i;
 * y_i]ᵀ}, the upper triangle of a column-major {@code (D+M) x (D+M)} block, expert k's at
 * {@code k (D+M)²}. Serialised compactly: only the upper triangles travel (about half the
 * bytes).
 */
public final class SecondMoments implements ExpertStatistics {
  private static final long serialVersionUID = 1L;

  private final int k;
  private final int p;
  private transient double[] moments;

  /**
   * Zero moments.
   *
   * @param k number of experts
   * @param p side of one expert's block, D + M
   */
  public SecondMoments(int k, int p) {
    this.k = k;
    this.p = p;
    this.moments = new double[k * p * p];
  }

  /** The live array of K blocks of {@code (D+M)²}, upper triangles filled (not a copy). */
  public double[] moments() {
    return moments;
  }

  /** Side of one expert's block, D + M. */
  public int side() {
    return p;
  }

  @Override
  public ExpertStatistics merge(ExpertStatistics other) {
    double[] o = ((SecondMoments) other).moments;
    for (int e = 0; e < k; e++) {
      int base = e * p * p;
      for (int c = 0; c < p; c++) {
        int col = base + c * p;
        for (int r = 0; r <= c; r++) {
          moments[col + r] += o[col + r];
        }
      }
    }
    return this;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    for (int e = 0; e < k; e++) {
      int base = e * p * p;
      for (int c = 0; c < p; c++) {
        for (int r = 0; r <= c; r++) {
          out.writeDouble(moments[base + c * p + r]);
        }
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    moments = new double[k * p * p];
    for (int e = 0; e < k; e++) {
      int base = e * p * p;
      for (int c = 0; c < p; c++) {
        for (int r = 0; r <= c; r++) {
          moments[base + c * p + r] = in.readDouble();
        }
      }
    }
  }
}
