package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.data.Mergeable;
import org.mixturelib.hypermodels.TrainedGate;

/**
 * What the E-step pass of a gradient-trained gate also gathers, so that the gate's M-step runs
 * on the driver without further passes: the rows the gate reads (all of them when the data set
 * has at most {@code gateSampleRows} rows, else a sample drawn per row by {@link RowRandom},
 * the same rows every iteration, their weights divided by the inclusion probability) with
 * their responsibilities, and, for a sample, the cross-entropy and its gradient over all rows at
 * the E-step's gate parameters (the correction that makes the sampled objective's gradient
 * exact there, see {@link GateStep}). Its size is bounded by {@code gateSampleRows}, not by N.
 */
public final class GateSample implements Mergeable<GateSample> {
  private static final long serialVersionUID = 1L;
  /** The stream of the inclusion draws (one sample per fit and seed). */
  private static final long STREAM = 0x67617465L;

  final EStepStats estep;
  /** Probability that a row is kept (1: every row, the exact M-step). */
  final double inclusion;
  private final long seed;
  final List<Block> blocks = new ArrayList<>();
  final List<double[]> resp = new ArrayList<>();
  /** Cross-entropy over all rows at the E-step's gate parameters (sampled only). */
  double loss;
  /** Its gradient (sampled only; empty otherwise). */
  final double[] gradient;

  GateSample(EStepStats estep, double inclusion, long seed, int parameters) {
    this.estep = estep;
    this.inclusion = inclusion;
    this.seed = seed;
    this.gradient = new double[inclusion < 1 ? parameters : 0];
  }

  /** The E-step statistics of the same pass. */
  public EStepStats eStep() {
    return estep;
  }

  /** Whether this holds a sample rather than every row. */
  boolean sampled() {
    return inclusion < 1;
  }

  /**
   * Adds block {@code b} with its responsibilities {@code r} (row-major n x K, copied): the
   * whole block, or its sampled rows and the block's loss and gradient at the pass's gate.
   */
  void add(Pass p, Block b, double[] r) {
    int k = p.state().k();
    if (!sampled()) {
      blocks.add(b);
      resp.add(java.util.Arrays.copyOf(r, b.n * k));
      return;
    }
    TrainedGate gate = (TrainedGate) p.state().gate(); // the engine samples for such gates only
    loss += gate.addLossAndGradient(b, r, gate.parameters(), gradient);
    int[] rows = new int[b.n];
    int n = 0;
    for (int i = 0; i < b.n; i++) {
      if (RowRandom.uniform(seed, STREAM, b.firstRow + i, 0) < inclusion) {
        rows[n++] = i;
      }
    }
    if (n == 0) {
      return;
    }
    int cols = b.d + b.m;
    double[] xy = new double[n * cols];
    double[] w = new double[n];
    double[] rr = new double[n * k];
    double[] gx = b.gateX == null ? null : new double[n * b.g];
    for (int t = 0; t < n; t++) {
      int i = rows[t];
      for (int j = 0; j < cols; j++) {
        xy[j * n + t] = b.xy[j * b.n + i];
      }
      if (gx != null) {
        for (int j = 0; j < b.g; j++) {
          gx[j * n + t] = b.gateX[j * b.n + i];
        }
      }
      w[t] = b.weights[i] / inclusion;
      System.arraycopy(r, i * k, rr, t * k, k);
    }
    Block s = new Block(n, b.d, b.m, xy, w, b.firstRow);
    blocks.add(gx == null ? s : s.withGateInputs(b.g, gx));
    resp.add(rr);
  }

  /** Orders the blocks by their first row, so that driver sums do not depend on partitions. */
  GateSample sorted() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong(i -> blocks.get(i).firstRow));
    List<Block> b = new ArrayList<>(blocks);
    List<double[]> r = new ArrayList<>(resp);
    blocks.clear();
    resp.clear();
    for (int i : order) {
      blocks.add(b.get(i));
      resp.add(r.get(i));
    }
    return this;
  }

  /** Adds {@code o}'s rows and sums into this (the pass's merge). */
  @Override
  public GateSample merge(GateSample o) {
    estep.merge(o.estep);
    blocks.addAll(o.blocks);
    resp.addAll(o.resp);
    loss += o.loss;
    Mergeable.addInto(gradient, o.gradient);
    return this;
  }
}
