package org.mixturelib.examples;

import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.data.Mergeable;
import org.mixturelib.linalg.Cholesky;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertKernel;
import org.mixturelib.localmodels.ExpertStatistics;
import org.mixturelib.localmodels.LinearPredictors;
import org.mixturelib.localmodels.Link;
import org.mixturelib.localmodels.StandardLink;
import org.mixturelib.localmodels.PredictiveVariance;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A user's own family, written only against the public API (docs/own-experts.md): K robust
 * linear experts with Laplace noise, {@code log p = -log(2 b_k) - |y - w_kᵀ x| / b_k}. The
 * M-step is one majorise-minimise step per EM iteration (least squares weighted by {@code
 * r / |residual|} at the current coefficients, which never increases {@code Σ r |residual|}),
 * and the scale is its maximum-likelihood value {@code Σ r |residual| / Σ r}, so the bound
 * never decreases.
 */
public final class LaplaceExperts implements LinearPredictors, PredictiveVariance {
  private static final long serialVersionUID = 1L;
  /** The id it is saved and registered under ({@link LaplaceExpertsProvider}). */
  public static final String TYPE_ID = "laplace";
  private final int k;
  private final int d;
  private final double[] w;
  private final double[] scale;
  private boolean started;

  /** K experts of d features (the intercept included), before their first M-step. */
  public LaplaceExperts(int k, int d) {
    this.k = k;
    this.d = d;
    this.w = new double[k * d];
    this.scale = new double[k];
    Arrays.fill(scale, 1.0);
  }

  @Override
  public int numExperts() {
    return k;
  }

  @Override
  public int numFeatures() {
    return d;
  }

  @Override
  public int numOutputs() {
    return 1;
  }

  @Override
  public double[] coefficients(int e) {
    return Arrays.copyOfRange(w, e * d, (e + 1) * d);
  }

  @Override
  public double[] covariance(int e) {
    return null;
  }

  @Override
  public Link link() {
    return StandardLink.IDENTITY;
  }

  /** The Laplace scales b. */
  @Override
  public double[] dispersions() {
    return scale.clone();
  }

  @Override
  public String typeId() {
    return TYPE_ID;
  }

  /** The coefficients (K blocks of D), the scales and whether the M-step ran. */
  @Override
  public void writeParameters(ParameterWriter out) {
    out.doubles("coefficients", w);
    out.doubles("scales", scale);
    out.flag("started", started);
  }

  @Override
  public void readParameters(ParameterReader in) {
    double[] saved = in.doubles("scales", k);
    for (double b : saved) {
      if (!(b > 0) || Double.isInfinite(b)) {
        throw in.corrupt("a Laplace scale is " + b + "; expected a finite value > 0");
      }
    }
    System.arraycopy(in.doubles("coefficients", k * d), 0, w, 0, k * d);
    System.arraycopy(saved, 0, scale, 0, k);
    started = in.flag("started");
  }

  @Override
  public void predict(Block b, double[] out) {
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < b.n; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += w[e * d + j] * b.x(i, j);
        }
        out[e * b.n + i] = s;
      }
    }
  }

  /** The Laplace variance {@code 2 b_k²} (the coefficients taken as known). */
  @Override
  public void predictiveVariance(Block b, double[] out) {
    for (int e = 0; e < k; e++) {
      Arrays.fill(out, e * b.n, (e + 1) * b.n, 2 * scale[e] * scale[e]);
    }
  }

  @Override
  public ExpertKernel newKernel() {
    return new ExpertKernel() {
      private double[] residuals = new double[0];

      @Override
      public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
        residuals = residuals(b);
        for (int e = 0; e < k; e++) {
          double norm = -Math.log(2 * scale[e]);
          for (int i = 0; i < b.n; i++) {
            out[i * k + e] += norm - Math.abs(residuals[e * b.n + i]) / scale[e];
          }
        }
      }

      @Override
      public void addStatistics(Block b, double[] rw, ExpertStatistics statistics) {
        Moments s = (Moments) statistics;
        double[] r = residuals.length == k * b.n ? residuals : residuals(b);
        for (int e = 0; e < k; e++) {
          for (int i = 0; i < b.n; i++) {
            double a = Math.abs(r[e * b.n + i]);
            // the majoriser's weight r / |residual|, floored at 1e-4 of the scale
            double q = started ? rw[e * b.n + i] / Math.max(a, 1e-4 * scale[e])
                : rw[e * b.n + i];
            s.abs[e] += rw[e * b.n + i] * a;
            for (int c = 0; c < d; c++) {
              double xc = b.x(i, c);
              s.rhs[e * d + c] += q * xc * b.y(i, 0);
              for (int j = 0; j < d; j++) {
                s.gram[e * d * d + c * d + j] += q * xc * b.x(i, j);
              }
            }
          }
        }
        residuals = new double[0];
      }
    };
  }

  private double[] residuals(Block b) {
    double[] r = new double[k * b.n];
    predict(b, r);
    for (int e = 0; e < k; e++) {
      for (int i = 0; i < b.n; i++) {
        r[e * b.n + i] = b.y(i, 0) - r[e * b.n + i];
      }
    }
    return r;
  }

  /** Per expert: the weighted normal equations and {@code Σ r |residual|}. */
  private static final class Moments implements ExpertStatistics {
    private static final long serialVersionUID = 1L;
    final double[] gram;
    final double[] rhs;
    final double[] abs;

    Moments(int k, int d) {
      gram = new double[k * d * d];
      rhs = new double[k * d];
      abs = new double[k];
    }

    @Override
    public ExpertStatistics merge(ExpertStatistics other) {
      Moments o = (Moments) other;
      Mergeable.addInto(gram, o.gram);
      Mergeable.addInto(rhs, o.rhs);
      Mergeable.addInto(abs, o.abs);
      return this;
    }
  }

  @Override
  public ExpertStatistics newStatistics() {
    return new Moments(k, d);
  }

  @Override
  public void mStep(ExpertStatistics statistics, double[] weights) {
    Moments s = (Moments) statistics;
    for (int e = 0; e < k; e++) {
      if (!(weights[e] > 0)) {
        continue;
      }
      if (started) {
        scale[e] = Math.max(s.abs[e] / weights[e], 1e-12);
      }
      double[] sol = Arrays.copyOfRange(s.rhs, e * d, (e + 1) * d);
      Cholesky.factor(Arrays.copyOfRange(s.gram, e * d * d, (e + 1) * d * d), d,
          "expert " + e).solveInPlace(sol, 1);
      System.arraycopy(sol, 0, w, e * d, d);
    }
    started = true;
  }

  @Override
  public double boundTerm() {
    return 0;
  }

  @Override
  public int numFreeParameters() {
    return k * (d + 1);
  }

  @Override
  public LaplaceExperts copy() {
    int[] all = new int[k];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  public LaplaceExperts restrictTo(int[] keep) {
    LaplaceExperts c = new LaplaceExperts(keep.length, d);
    for (int i = 0; i < keep.length; i++) {
      System.arraycopy(w, keep[i] * d, c.w, i * d, d);
      c.scale[i] = scale[keep[i]];
    }
    c.started = started;
    return c;
  }

  @Override
  public boolean isFinite() {
    return Arrays.stream(w).allMatch(Double::isFinite)
        && Arrays.stream(scale).allMatch(v -> v > 0 && Double.isFinite(v));
  }

  @Override
  public List<String> takeNotes() {
    return List.of();
  }
}
