package org.mixturelib.engine;

import org.mixturelib.data.Block;
import org.mixturelib.linalg.Special;
import org.mixturelib.localmodels.LinearExperts;

/** The per-block work of the E-step and of the gate's gradient passes, run inside tasks. */
final class EStepKernel {
  private EStepKernel() {}

  /**
   * Responsibilities of the block's rows, row-major n x K, written into {@code resp}. Adds the
   * bound's data term and the entropy into {@code totals[0]} and {@code totals[1]} (not for
   * the responsibilities of a start, where a row may have no responsibility at all). When
   * {@code rowLogLik} is not null, it receives each row's unweighted {@code log Σ_k exp(log
   * pi_ik + log p_ik)} (not for a start).
   */
  static void responsibilities(Pass p, Block b, double[] rowState, double[] resp,
      double[] totals, double[] rowLogLik) {
    int n = b.n;
    int k = p.state().k();
    if (p.start() != null) {
      p.start().responsibilities(b, resp);
      return;
    }
    LinearExperts experts = p.state().experts();
    double[] ell = new double[n * k];
    experts.expectedLogLikelihood(b, p.plugIn(), new double[n * k * b.m],
        new double[n * b.d], ell);
    double[] lp = new double[n * k];
    p.state().gate().logPi(b, rowState, lp, p.plugIn());
    double logSum = 0;
    double entropy = 0;
    for (int i = 0; i < n; i++) {
      int o = i * k;
      for (int c = 0; c < k; c++) {
        lp[o + c] += ell[o + c];
      }
      double lse = Special.logSumExp(lp, o, k);
      if (!Double.isFinite(lse)) {
        throw new ArithmeticException("row " + (b.firstRow + i) + " has log-likelihood " + lse
            + " under every component (check for extreme values in this row)");
      }
      if (rowLogLik != null) {
        rowLogLik[i] = lse;
      }
      double w = b.weights[i];
      logSum += w * lse;
      for (int c = 0; c < k; c++) {
        double r = Math.exp(lp[o + c] - lse);
        resp[o + c] = r;
        if (r > 0) {
          entropy -= w * r * Math.log(r);
        }
      }
    }
    totals[0] += logSum;
    totals[1] += entropy;
  }

  /**
   * Adds the block's E-step statistics into {@code acc}; returns the block's responsibilities
   * (its new per-row state).
   */
  static double[] addEStep(Pass p, Block b, double[] rowState, EStepStats acc) {
    int n = b.n;
    int k = p.state().k();
    double[] resp = new double[n * k];
    double[] totals = new double[2];
    responsibilities(p, b, rowState, resp, totals, null);
    acc.logSum += totals[0];
    acc.entropy += totals[1];
    double[] rw = new double[n * k];
    for (int i = 0; i < n; i++) {
      double w = b.weights[i];
      acc.weight += w;
      int best = 0;
      for (int c = 0; c < k; c++) {
        double r = resp[i * k + c];
        acc.counts[c] += w * r;
        rw[i * k + c] = w * r;
        if (r > resp[i * k + best]) {
          best = c;
        }
      }
      acc.hardCounts[best] += w;
      if (w > 0 && resp[i * k + best] > 0) {
        acc.mapLogResponsibility += w * Math.log(resp[i * k + best]);
      }
      if (p.sample()) {
        double u = RowRandom.uniform(p.seed(), p.stream(), b.firstRow + i, k);
        int pick = k - 1;
        double cum = 0;
        for (int c = 0; c < k; c++) {
          cum += resp[i * k + c];
          if (u < cum) {
            pick = c;
            break;
          }
        }
        for (int c = 0; c < k; c++) {
          rw[i * k + c] = c == pick ? w : 0;
        }
      }
    }
    LinearExperts experts = p.state().experts();
    experts.addStatistics(b, rw, acc.experts, acc.expertWeights,
        new double[n * (b.d + b.m)]);
    return resp;
  }

  /** Adds the block's gate cross-entropy and gradient at {@code p.gateParams()}. */
  static void addGateGradient(Pass p, Block b, GradientStats acc) {
    double[] resp = new double[b.n * p.state().k()];
    responsibilities(p, b, null, resp, new double[2], null);
    acc.loss += p.state().gate().addLossAndGradient(b, resp, p.gateParams(), acc.gradient);
  }

  /** Adds the block's gate cross-entropy, gradient and Hessian at {@code p.gateParams()}. */
  static void addGateCurvature(Pass p, Block b, GradientStats acc) {
    double[] resp = new double[b.n * p.state().k()];
    responsibilities(p, b, null, resp, new double[2], null);
    acc.loss += p.state().gate().addLossGradientHessian(b, resp, p.gateParams(), acc.gradient,
        acc.hessian);
  }
}
