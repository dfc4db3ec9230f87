package org.mixturelib.engine;

import org.mixturelib.hypermodels.VectorGate;
import org.mixturelib.localmodels.VectorExperts;

/**
 * Accelerated EM by squared extrapolation (SQUAREM, Varadhan and Roland 2008, scheme S3) over
 * the parameter vector of experts and gate that implement {@link VectorExperts} and {@link
 * VectorGate}; other states run plain EM.
 *
 * <p>A cycle starts at a scored point {@code p0} and takes two EM maps, {@code p1 = F(p0)} and
 * {@code p2 = F(p1)}. With {@code r = p1 - p0}, {@code v = p2 - 2 p1 + p0} and the step length
 * {@code a = |r| / |v|}, bounded to {@code [1, stepMax]}, the extrapolated point is {@code p0 +
 * 2 a r + a² v} ({@code a = 1} gives {@code p2}). Its E-step is at once its bound evaluation
 * and the first E-step of the next cycle, so a cycle costs two passes: the one at {@code p1}
 * and the one at the extrapolated point. The safeguard: when that point's bound is below the
 * last recorded one (the bound at {@code p1}), is not finite, or leaves a component below
 * {@code minPrior}, the engine falls back to {@code p2} and scores it instead (one pass more),
 * so the recorded bound never decreases. {@code stepMax} starts at 1 and grows fourfold each
 * time the step reaches it and holds, shrinks fourfold (not below 1) when such a step fails.
 *
 * <p>The extrapolated point goes through the families' own projection ({@link
 * VectorExperts#setParameterVector}: noise variance floor and ratio) and is scored like any EM
 * step; its next M-step (and the regularizers', the gate's) runs as usual.
 */
public final class Squarem implements Acceleration {
  /** Factor by which the step bound grows or shrinks. */
  private static final double GROWTH = 4;
  /** Step lengths below this are taken as 1: the plain EM point, no extrapolation. */
  private static final double MIN_STEP = 1.01;

  /**
   * What a cycle in progress holds, for a checkpoint.
   *
   * @param stepMax the current bound on the step length
   * @param start the parameter vector of the cycle's scored start, or null when the next
   *     scored point starts a cycle
   * @param fallback the plain EM point while the extrapolated one awaits its E-step, or null
   * @param atMax whether that extrapolation's step reached {@code stepMax}
   */
  public record Memory(double stepMax, double[] start, MixtureState fallback, boolean atMax) {}

  private double stepMax = 1;
  private double[] start;
  private MixtureState fallback;
  private boolean atMax;
  private int accepted;
  private int rejected;

  Squarem() {}

  /** Resumes at a checkpoint's memory {@code m} (null: a fresh cycle). */
  @Override
  public void resumeAt(Memory m) {
    if (m != null) {
      stepMax = m.stepMax();
      start = m.start();
      fallback = m.fallback();
      atMax = m.atMax();
    }
  }

  /** This cycle's memory, for a checkpoint. */
  @Override
  public Memory memory() {
    return new Memory(stepMax, start, fallback, atMax);
  }

  /**
   * The state to score after the M-step from the scored state {@code scored} gave {@code next}:
   * at a cycle's second M-step the extrapolated point (then {@link #pending()}), {@code next}
   * otherwise; when the run stops here ({@code last}), {@code next} and the cycle is forgotten.
   */
  @Override
  public MixtureState afterMStep(MixtureState scored, MixtureState next, boolean last) {
    if (last) {
      reset();
      return next;
    }
    return extrapolate(scored, next);
  }

  /** {@code next}, or at a cycle's second M-step the extrapolated point. */
  private MixtureState extrapolate(MixtureState scored, MixtureState next) {
    if (start == null) {
      start = vector(scored);
      return next;
    }
    double[] p0 = start;
    start = null;
    double[] p1 = vector(scored);
    double[] p2 = vector(next);
    if (p1 == null || p2 == null || p1.length != p0.length || p2.length != p0.length) {
      return next;
    }
    double rr = 0;
    double vv = 0;
    for (int i = 0; i < p0.length; i++) {
      double r = p1[i] - p0[i];
      double v = p2[i] - 2 * p1[i] + p0[i];
      rr += r * r;
      vv += v * v;
    }
    if (!(rr > 0 && vv > 0)) {
      return next;
    }
    double step = Math.min(Math.max(Math.sqrt(rr / vv), 1), stepMax);
    atMax = step == stepMax;
    if (step < MIN_STEP) {
      if (atMax) {
        stepMax *= GROWTH;
      }
      return next;
    }
    double[] p = new double[p0.length];
    for (int i = 0; i < p.length; i++) {
      double r = p1[i] - p0[i];
      double v = p2[i] - 2 * p1[i] + p0[i];
      p[i] = p0[i] + 2 * step * r + step * step * v;
      if (!Double.isFinite(p[i])) {
        return next;
      }
    }
    MixtureState trial = at(next, p);
    if (!trial.experts().isFinite()) {
      return next;
    }
    fallback = next;
    return trial;
  }

  /** Whether the state being scored is an extrapolated point awaiting the verdict. */
  @Override
  public boolean pending() {
    return fallback != null;
  }

  /**
   * The verdict on the extrapolated point: null when it {@code holds} (it starts the next
   * cycle), otherwise the plain EM point, which starts the next cycle instead.
   */
  @Override
  public MixtureState verdict(boolean holds) {
    if (!holds) {
      return reject();
    }
    accept();
    return null;
  }

  /** The extrapolated point held: it starts the next cycle. */
  private void accept() {
    fallback = null;
    accepted++;
    if (atMax) {
      stepMax *= GROWTH;
    }
  }

  /** The extrapolated point failed: returns the plain EM point, which starts the next cycle. */
  private MixtureState reject() {
    MixtureState plain = fallback;
    fallback = null;
    rejected++;
    if (atMax) {
      stepMax = Math.max(1, stepMax / GROWTH);
    }
    return plain;
  }

  /** Forgets the cycle in progress (the model changed, or the run stops here). */
  @Override
  public void reset() {
    start = null;
    fallback = null;
  }

  /** "; accelerated steps: kept, fell back" for the fit's last log line. */
  @Override
  public String summary() {
    return String.format(java.util.Locale.ROOT, "; accelerated steps: %d kept, %d fell back",
        accepted, rejected);
  }

  /** The parameter vector of {@code s}, experts then gate, or null when it has none. */
  static double[] vector(MixtureState s) {
    VectorExperts experts = s.abilities().vectorExperts().orElse(null);
    VectorGate gate = s.abilities().vectorGate().orElse(null);
    if (experts == null || gate == null) {
      return null;
    }
    double[] a = experts.parameterVector();
    double[] b = a == null ? null : gate.parameterVector();
    if (b == null) {
      return null;
    }
    double[] v = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, v, a.length, b.length);
    return v;
  }

  /** A copy of {@code template} moved to the parameter vector {@code v}. */
  static MixtureState at(MixtureState template, double[] v) {
    MixtureState s = template.copy();
    VectorExperts experts = (VectorExperts) s.experts();
    int split = experts.parameterVector().length;
    experts.setParameterVector(java.util.Arrays.copyOfRange(v, 0, split));
    ((VectorGate) s.gate()).setParameterVector(java.util.Arrays.copyOfRange(v, split, v.length));
    return s;
  }
}
