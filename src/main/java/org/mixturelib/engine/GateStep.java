package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockFold;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.Mergeable;
import org.mixturelib.hypermodels.CurvatureGate;
import org.mixturelib.hypermodels.CurvatureUpdate;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.GateUpdate;
import org.mixturelib.hypermodels.TrainedGate;

/**
 * The gate's view of one M-step, in one of three ways:
 *
 * <ul>
 *   <li><b>local</b>, when the E-step pass gathered every row ({@link GateSample}, at most
 *       {@code gateSampleRows}): the loss, gradient and Hessian are summed on the driver over
 *       the gathered blocks, ordered by row, so the M-step costs no pass and its result is the
 *       distributed one (to rounding, and the same for any partitioning);
 *   <li><b>sampled</b>, for larger data: the driver minimises the cross-entropy of the sampled
 *       rows plus the linear term {@code (∇f(V0) - ∇f_s(V0))·V}, which makes its gradient at
 *       the E-step's parameters {@code V0} the full data's (so a fixed point is the full-data
 *       optimum); then {@link #finish} evaluates the full cross-entropy at V0, at the proposal
 *       and at two points between them in one pass and keeps the lowest, never one above V0's
 *       (generalised EM: the bound cannot decrease);
 *   <li><b>distributed</b>, with {@code gateSampleRows = 0}: each evaluation is one pass.
 * </ul>
 */
class GateStep implements GateUpdate {

  private final DataSource data;
  private final EStepStats stats;
  private final Pass pass;
  private final GateSample sample;
  private final EmConfig config;
  private final double emChange;
  /** The sampled objective's correction {@code ∇f(V0) - ∇f_s(V0)}, or null. */
  private double[] correction;
  private double[] start;
  private Pass frozen;
  /** The optimiser's path on the sampled objective: each point that lowered it. */
  private final List<double[]> path = new ArrayList<>();
  private double pathBest = Double.POSITIVE_INFINITY;

  /**
   * @param sample what the E-step gathered for the gate, or null for the distributed path
   * @param emChange the last change of the EM bound per unit weight (NaN when unknown), which
   *     sets how far this partial M-step goes (see {@link #tolerance()})
   */
  GateStep(DataSource data, EStepStats stats, Pass pass, GateSample sample, EmConfig config,
      double emChange) {
    this.data = data;
    this.emChange = emChange;
    this.stats = stats;
    this.pass = pass;
    this.sample = sample == null ? null : sample.sorted();
    this.config = config;
    if (this.sample != null && this.sample.sampled()) {
      TrainedGate gate = (TrainedGate) pass.state().gate(); // only such gates have a sample
      start = gate.parameters();
      // the responsibilities of the check pass are those of this E-step, whatever the M-step
      // does to the gate object
      frozen = pass.withState(new MixtureState(pass.state().experts(), gate.copy()));
      double[] local = new double[start.length];
      localLoss(start, local, null);
      correction = sample.gradient.clone();
      for (int i = 0; i < local.length; i++) {
        correction[i] -= local[i];
      }
    }
  }

  @Override
  public double[] counts() {
    return stats.counts.clone();
  }

  @Override
  public double totalWeight() {
    return stats.gateWeight;
  }

  @Override
  public double lossAndGradient(double[] params, double[] gradient) {
    return lossAndDerivatives(params, gradient, null);
  }

  /** The M-step of a {@link CurvatureGate}: the update aggregates the Hessian too. */
  static final class WithCurvature extends GateStep implements CurvatureUpdate {
    WithCurvature(DataSource data, EStepStats stats, Pass pass, GateSample sample,
        EmConfig config, double emChange) {
      super(data, stats, pass, sample, config, emChange);
    }

    @Override
    public double lossGradientHessian(double[] params, double[] gradient, double[] hessian) {
      return lossAndDerivatives(params, gradient, hessian);
    }
  }

  /**
   * The gate's view of this M-step (see the constructor); for a {@link CurvatureGate}, one that
   * aggregates the Hessian too.
   */
  static GateStep of(DataSource data, EStepStats stats, Pass pass, GateSample sample,
      EmConfig config, double emChange) {
    return pass.state().abilities().curvatureGate().isPresent()
        ? new WithCurvature(data, stats, pass, sample, config, emChange)
        : new GateStep(data, stats, pass, sample, config, emChange);
  }

  /** The loss, writing the gradient and, when not null, the Hessian. */
  final double lossAndDerivatives(double[] params, double[] gradient, double[] hessian) {
    if (sample == null) {
      return distributed(params, gradient, hessian);
    }
    return corrected(params, gradient, localLoss(params, gradient, hessian));
  }

  /** One pass for the loss, writing the gradient (and the Hessian when not null). */
  private double distributed(double[] params, double[] gradient, double[] hessian) {
    int size = params.length;
    boolean curvature = hessian != null;
    BlockFold<Pass, GradientStats> fold = curvature ? EStepKernel::addGateCurvature
        : EStepKernel::addGateGradient;
    GradientStats g = data.aggregate(pass.withGateParams(params.clone()),
        () -> new GradientStats(size, curvature), fold);
    System.arraycopy(g.gradient, 0, gradient, 0, size);
    if (curvature) {
      System.arraycopy(g.hessian, 0, hessian, 0, size * size);
    }
    return g.loss;
  }

  @Override
  public int maxIterations() {
    return config.gateMaxIter();
  }

  /**
   * The fit's {@code gateTol} for a gate with curvature (the linear gate's Newton steps); for a
   * network, a tenth of the EM bound's last change per unit weight when that is larger (0.1
   * while it is unknown): while EM still moves far, the network's M-step is a partial one
   * (generalised EM, the bound still rises), and it tightens to {@code gateTol} as EM converges.
   * The cross-entropy per unit weight is of order 1, so this relative tolerance is about a
   * decrease per unit weight.
   */
  @Override
  public double tolerance() {
    if (this instanceof CurvatureUpdate) {
      return config.gateTol();
    }
    double loose = Double.isNaN(emChange) ? 0.1 : 0.1 * Math.abs(emChange);
    return Math.max(config.gateTol(), loose);
  }

  /**
   * Adds the sampled objective's linear correction (nothing for the local path) and records
   * the point when it lowers the sampled objective.
   */
  private double corrected(double[] params, double[] gradient, double loss) {
    if (correction == null) {
      return loss;
    }
    double extra = 0;
    for (int i = 0; i < params.length; i++) {
      extra += correction[i] * (params[i] - start[i]);
      gradient[i] += correction[i];
    }
    double value = loss + extra;
    if (value < pathBest) {
      pathBest = value;
      path.add(params.clone());
    }
    return value;
  }

  /**
   * The gathered rows' loss, writing the gradient (and Hessian when not null). The blocks are
   * evaluated in parallel on the driver (Spark's executors are idle during the M-step), each
   * into its own sums, and the sums are added in the order of the blocks' first rows, so that
   * the result does not depend on the threads.
   */
  private double localLoss(double[] params, double[] gradient, double[] hessian) {
    TrainedGate gate = (TrainedGate) pass.state().gate(); // only such gates ask for a loss
    int blocks = sample.blocks.size();
    double[] losses = new double[blocks];
    double[][] gradients = new double[blocks][];
    double[][] hessians = new double[blocks][];
    IntStream.range(0, blocks).parallel().forEach(i -> {
      Block b = sample.blocks.get(i);
      double[] r = sample.resp.get(i);
      gradients[i] = new double[gradient.length];
      if (hessian == null) {
        losses[i] = gate.addLossAndGradient(b, r, params, gradients[i]);
      } else {
        hessians[i] = new double[hessian.length];
        losses[i] = ((CurvatureGate) gate).addLossGradientHessian(b, r, params, gradients[i],
            hessians[i]);
      }
    });
    Arrays.fill(gradient, 0);
    if (hessian != null) {
      Arrays.fill(hessian, 0);
    }
    double loss = 0;
    for (int i = 0; i < blocks; i++) {
      loss += losses[i];
      Mergeable.addInto(gradient, gradients[i]);
      if (hessian != null) {
        Mergeable.addInto(hessian, hessians[i]);
      }
    }
    return loss;
  }

  /**
   * After the gate's M-step on a sample: one pass compares the full cross-entropy at the
   * E-step's parameters, at the proposal and at the optimiser's iterates 1, 2, 4, 8, ... on
   * the way (its first steps follow the full data's gradient, so that some point improves even
   * when the proposal overshoots on a non-convex network), and leaves the gate at the lowest;
   * no pass when the optimiser did not move.
   */
  void finish(Gate gate) {
    if (correction == null) {
      return;
    }
    TrainedGate trained = (TrainedGate) gate; // a correction exists for such gates only
    List<double[]> candidates = new ArrayList<>();
    candidates.add(start);
    for (int i = 1; i < path.size(); i *= 2) {
      candidates.add(path.get(i));
    }
    candidates.add(trained.parameters());
    if (candidates.stream().allMatch(p -> Arrays.equals(p, start))) {
      return; // the optimiser stayed at V0: nothing to compare
    }
    double[][] points = candidates.toArray(new double[0][]);
    Losses losses = data.aggregate(frozen, () -> new Losses(points), Losses::add);
    int best = 0;
    for (int s = 1; s < points.length; s++) {
      if (losses.values[s] < losses.values[best]) {
        best = s;
      }
    }
    trained.setParameters(points[best]);
  }

  /** The full cross-entropy at several parameter vectors, in one pass. */
  static final class Losses implements Mergeable<Losses> {
    private static final long serialVersionUID = 1L;
    final double[][] points;
    final double[] values;
    private transient KernelScratch scratch;

    Losses(double[][] points) {
      this.points = points;
      this.values = new double[points.length];
    }

    static void add(Pass p, Block b, Losses acc) {
      if (acc.scratch == null) {
        acc.scratch = new KernelScratch();
      }
      KernelScratch s = acc.scratch.ensure(b.n, p.state().k());
      EStepKernel.responsibilities(p, b, null, s.resp, s, null);
      for (int t = 0; t < acc.points.length; t++) {
        acc.values[t] += ((TrainedGate) p.state().gate()).loss(b, s.resp, acc.points[t]);
      }
    }

    @Override
    public Losses merge(Losses o) {
      Mergeable.addInto(values, o.values);
      return this;
    }
  }
}
