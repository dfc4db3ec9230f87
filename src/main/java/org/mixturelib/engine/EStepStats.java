package org.mixturelib.engine;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.mixturelib.data.Mergeable;

/**
 * What one E-step pass aggregates; its size depends on K, D and M only.
 *
 * <ul>
 *   <li>{@code experts}: per expert {@code Σ_i w_i r_ik [x;y][x;y]ᵀ} (upper triangle, (D+M)²),
 *       and {@code expertWeights} {@code Σ_i w_i r_ik} (sampled r in 'sample' mode);
 *   <li>{@code counts}: {@code Σ_i w_i r_ik} with the soft r, for the gate;
 *   <li>{@code logSum}: {@code Σ_i w_i log Σ_k exp(E log pi_ik + E log p_ik)}, the data term
 *       of the bound;
 *   <li>{@code entropy}: {@code -Σ_i w_i Σ_k r_ik log r_ik} (for ICL);
 *   <li>{@code hardCounts}: weight of the rows whose most likely component is k;
 *   <li>{@code mapLogResponsibility}: {@code Σ_i w_i log max_k r_ik} (for flexmix's ICL).
 * </ul>
 *
 * <p>Serialised compactly: only the upper triangles of the expert blocks travel (about half
 * the bytes), and the kernel's working arrays not at all.
 */
public final class EStepStats implements Mergeable<EStepStats> {
  private static final long serialVersionUID = 2L;

  final int k;
  final int p;
  transient double[] experts;
  final double[] expertWeights;
  final double[] counts;
  final double[] hardCounts;
  double logSum;
  double entropy;
  double mapLogResponsibility;
  double weight;
  private transient KernelScratch scratch;

  /** Zero statistics for K experts with blocks of the given stride ((D+M)², a square). */
  public EStepStats(int k, int stride) {
    int side = (int) Math.round(Math.sqrt(stride));
    if (side * side != stride) {
      throw new IllegalArgumentException("stride must be (D+M)², got " + stride);
    }
    this.k = k;
    this.p = side;
    experts = new double[k * stride];
    expertWeights = new double[k];
    counts = new double[k];
    hardCounts = new double[k];
  }

  /** The kernel's working arrays for this partition (created on first use). */
  KernelScratch scratch() {
    if (scratch == null) {
      scratch = new KernelScratch();
    }
    return scratch;
  }

  @Override
  public EStepStats merge(EStepStats o) {
    for (int e = 0; e < k; e++) {
      int base = e * p * p;
      for (int c = 0; c < p; c++) {
        int col = base + c * p;
        for (int r = 0; r <= c; r++) {
          experts[col + r] += o.experts[col + r];
        }
      }
    }
    Mergeable.addInto(expertWeights, o.expertWeights);
    Mergeable.addInto(counts, o.counts);
    Mergeable.addInto(hardCounts, o.hardCounts);
    logSum += o.logSum;
    entropy += o.entropy;
    mapLogResponsibility += o.mapLogResponsibility;
    weight += o.weight;
    return this;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    for (int e = 0; e < k; e++) {
      int base = e * p * p;
      for (int c = 0; c < p; c++) {
        for (int r = 0; r <= c; r++) {
          out.writeDouble(experts[base + c * p + r]);
        }
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    experts = new double[k * p * p];
    for (int e = 0; e < k; e++) {
      int base = e * p * p;
      for (int c = 0; c < p; c++) {
        for (int r = 0; r <= c; r++) {
          experts[base + c * p + r] = in.readDouble();
        }
      }
    }
  }

  /** The data term of the bound. */
  public double logSum() {
    return logSum;
  }

  /** Responsibility entropy. */
  public double entropy() {
    return entropy;
  }

  /** {@code Σ_i w_i log max_k r_ik}. */
  public double mapLogResponsibility() {
    return mapLogResponsibility;
  }

  /** Soft total responsibility per component. */
  public double[] counts() {
    return counts.clone();
  }

  /** Hard-assignment weight per component. */
  public double[] hardCounts() {
    return hardCounts.clone();
  }
}
