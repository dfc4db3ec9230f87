package org.mixturelib.inference;

import java.util.List;
import org.mixturelib.data.DataSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.ShapedGlmFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.localmodels.ZeroPartExperts;
import org.mixturelib.linalg.Cholesky;

/**
 * The test oracle: the Hessian of the plug-in log-likelihood by central differences over the
 * driver's parameters (Gaussian experts with a per-expert variance, GLM experts with their
 * dispersion if they have one, or zero-inflated and hurdle experts over GLM counts with their
 * zero part's coefficients; ML Dirichlet weights or the linear gate), in the layout of {@link
 * StandardErrors}, and the standard errors it gives.
 */
final class NumericalHessian {
  private final DataSource data;
  private final MixtureState fitted;
  private final StandardErrors layout;

  NumericalHessian(DataSource data, MixtureState fitted, StandardErrors ours) {
    this.data = data;
    this.fitted = fitted;
    this.layout = ours;
  }

  /**
   * Standard errors from the inverse of the numerical Hessian over the parameters that have
   * one in {@code ours} (the others held at their values); NaN for the others. Each step is
   * {@code step} times the parameter's conditional standard deviation {@code 1 / sqrt(-H_aa)}
   * (first found with a small step), not its marginal error: with collinear features the
   * marginal error is many conditional deviations, where the log-likelihood is far from
   * quadratic.
   */
  double[] standardErrors(double step) {
    int size = layout.size();
    int[] free = java.util.stream.IntStream.range(0, size)
        .filter(j -> !Double.isNaN(layout.standardError(j))).toArray();
    int n = free.length;
    double[] h = new double[n];
    double f0 = logLik(new double[size]);
    for (int a = 0; a < n; a++) {
      double h0 = 1e-3 * layout.standardError(free[a]);
      double curvature = -(logLik(shift(free, a, h0, -1, 0)) - 2 * f0
          + logLik(shift(free, a, -h0, -1, 0))) / (h0 * h0);
      h[a] = step / Math.sqrt(curvature);
    }
    // Richardson: the O(h²) error of central differences cancels between h and h / 2
    double[] coarse = hessian(free, h, f0);
    for (int a = 0; a < n; a++) {
      h[a] /= 2;
    }
    double[] fine = hessian(free, h, f0);
    double[] info = new double[n * n];
    for (int i = 0; i < info.length; i++) {
      info[i] = -(4 * fine[i] - coarse[i]) / 3;
    }
    double[] inv = Cholesky.factor(info, n, "numerical information").inverse();
    double[] se = new double[size];
    java.util.Arrays.fill(se, Double.NaN);
    for (int a = 0; a < n; a++) {
      se[free[a]] = Math.sqrt(inv[a * n + a]);
    }
    return se;
  }

  private double[] hessian(int[] free, double[] h, double f0) {
    int n = free.length;
    double[] out = new double[n * n];
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        double v;
        if (a == b) {
          v = (logLik(shift(free, a, h[a], -1, 0)) - 2 * f0
              + logLik(shift(free, a, -h[a], -1, 0))) / (h[a] * h[a]);
        } else {
          v = (logLik(shift(free, a, h[a], b, h[b])) - logLik(shift(free, a, h[a], b, -h[b]))
              - logLik(shift(free, a, -h[a], b, h[b])) + logLik(shift(free, a, -h[a], b, -h[b])))
              / (4 * h[a] * h[b]);
        }
        out[a * n + b] = v;
        out[b * n + a] = v;
      }
    }
    return out;
  }

  private static double[] shift(int[] free, int a, double ha, int b, double hb) {
    double[] d = new double[free[free.length - 1] + 1];
    d[free[a]] += ha;
    if (b >= 0) {
      d[free[b]] += hb;
    }
    return d;
  }

  /** The log-likelihood at our estimates plus {@code delta} (shorter arrays: zeros after). */
  double logLik(double[] delta) {
    int size = layout.size();
    double[] theta = new double[size];
    for (int j = 0; j < size; j++) {
      theta[j] = layout.estimate(j) + (j < delta.length ? delta[j] : 0);
    }
    MixtureState s = fitted.copy();
    StandardErrors.Layout l = layout.layout();
    int d = s.experts().numFeatures();
    for (int c = 0; c < s.k(); c++) {
      double[] w = new double[d];
      for (int j = 0; j < d; j++) {
        w[j] = theta[l.expert(c, j)];
      }
      if (s.experts() instanceof ZeroPartExperts<?> z) {
        GlmExperts g = (GlmExperts) z.countExperts();
        setGlm(g, c, w, theta, l);
        int first = g.expertParameters();
        double[] zero = new double[z.expertParameters() - first];
        for (int j = 0; j < zero.length; j++) {
          zero[j] = theta[l.expert(c, first + j)];
        }
        z.setZeroCoefficients(c, zero);
      } else if (s.experts() instanceof GlmExperts g) {
        setGlm(g, c, w, theta, l);
      } else {
        LinearExperts e = (LinearExperts) s.experts();
        e.setCoefficients(c, w);
        e.setNoiseVariance(c, theta[l.expert(c, d)]);
      }
    }
    int k = s.k();
    if (s.gate() instanceof HyperModelDirichlet g) {
      double[] counts = new double[k];
      counts[0] = 1;
      double sum = 1;
      for (int c = 1; c < k; c++) {
        counts[c] = Math.exp(theta[l.gate(c, 0)]);
        sum += counts[c];
      }
      for (int c = 0; c < k; c++) {
        counts[c] *= 1000 / sum;
      }
      g.updateFromCounts(counts);
    } else {
      LinearGate g = (LinearGate) s.gate();
      int in = g.inputDim();
      double[] p = new double[in * k + k];
      for (int c = 1; c < k; c++) {
        p[in * k + c] = theta[l.gate(c, 0)];
        for (int a = 0; a < in; a++) {
          p[c * in + a] = theta[l.gate(c, a + 1)];
        }
      }
      g.setParameters(p);
    }
    return new EmEngine(data, List.of(), new EmConfig()).logLikelihood(s);
  }

  /** A GLM expert's coefficients and, for a shaped family, its shape (after them). */
  private static void setGlm(GlmExperts g, int c, double[] w, double[] theta,
      StandardErrors.Layout l) {
    g.setCoefficients(c, w);
    if (g.family() instanceof ShapedGlmFamily) {
      g.setReportedShape(c, theta[l.expert(c, w.length)]);
    }
  }
}
