package org.mixturelib.engine;

import org.mixturelib.data.Block;
import org.mixturelib.localmodels.ExpertFamily;

/**
 * The per-block work of the E-step and of the gate's gradient passes, run inside tasks.
 *
 * <p>Per block: the expert family's kernel adds every expert's log-density to the gate's log
 * weights (for the Gaussian family one {@code dgemm} and one tight loop per expert), one loop
 * per row turns them into responsibilities (K - 1 exponentials and one logarithm per row; the
 * entropy and the MAP term come from the same numbers without further logarithms), and the
 * family's kernel accumulates its statistics from the weighted responsibilities (for the
 * Gaussian family one sweep per three entries of a column for four experts at a time, {@code
 * LinearExperts.addStatistics}). The family is dispatched once per block, never per row.
 * Working arrays live in a {@link KernelScratch} that the partition's statistics object keeps,
 * so nothing is allocated per row and, after the first block, nothing per block (except the
 * responsibilities of gates that keep them as per-row state).
 */
final class EStepKernel {
  private EStepKernel() {}

  /**
   * Responsibilities of the block's rows, row-major n x K, written into {@code resp}. Returns
   * the bound's data term {@code Σ_i w_i log Σ_k exp(...)} and leaves the entropy {@code -Σ_i
   * w_i Σ_k r_ik log r_ik} in {@code s.entropy} (both 0 for the responsibilities of a start). When
   * {@code rowLogLik} is not null, it receives each row's unweighted {@code log Σ_k exp(log
   * pi_ik + log p_ik)} (not for a start).
   */
  static double responsibilities(Pass p, Block b, double[] rowState, double[] resp,
      KernelScratch s, double[] rowLogLik) {
    int n = b.n;
    int k = p.state().k();
    s.entropy = 0;
    s.mapLogResponsibility = 0;
    if (p.start() != null) {
      p.start().responsibilities(b, resp);
      s.mapLogResponsibility = mapLogResponsibility(b, k, resp);
      return 0;
    }
    double[] lp = s.logResp;
    p.state().gate().logPi(b, rowState, lp, p.plugIn());
    s.experts(p.state().experts()).addLogLikelihood(b, p.plugIn(), lp);
    double[] w = b.weights;
    double logSum = 0;
    double ent = 0;
    double mapLog = 0;
    for (int i = 0, o = 0; i < n; i++, o += k) {
      double max = lp[o];
      int top = 0;
      for (int c = 1; c < k; c++) {
        if (lp[o + c] > max) {
          max = lp[o + c];
          top = c;
        }
      }
      if (!(max > Double.NEGATIVE_INFINITY && max < Double.POSITIVE_INFINITY)) {
        throw new ArithmeticException("row " + (b.firstRow + i) + " has log-likelihood " + max
            + " under every component (check for extreme values in this row)");
      }
      // others = Σ_{c != top} exp(lp_c - max), so that log Σ exp = max + log(1 + others)
      double others = 0;
      for (int c = 0; c < k; c++) {
        double e = c == top ? 1.0 : Math.exp(lp[o + c] - max);
        resp[o + c] = e;
        if (c != top) {
          others += e;
        }
      }
      double inv = 1 / (1 + others);
      double logNorm = Math.log(1 + others);
      // -Σ r log r = log(1 + others) - Σ r (lp - max): no logarithm per component
      double cross = 0;
      for (int c = 0; c < k; c++) {
        double r = resp[o + c] * inv;
        resp[o + c] = r;
        if (r > 0 && c != top) {
          cross += r * (lp[o + c] - max);
        }
      }
      double wi = w[i];
      if (rowLogLik != null) {
        rowLogLik[i] = max + logNorm;
      }
      logSum += wi * (max + logNorm);
      ent += wi * (logNorm - cross);
      // the largest responsibility is the top component's, 1 / (1 + others)
      mapLog -= wi * logNorm;
    }
    s.entropy = ent;
    s.mapLogResponsibility = mapLog;
    return logSum;
  }

  /** {@code Σ_i w_i log max_k r_ik} of given responsibilities (rows of weight 0 left out). */
  private static double mapLogResponsibility(Block b, int k, double[] resp) {
    double sum = 0;
    for (int i = 0, o = 0; i < b.n; i++, o += k) {
      double best = 0;
      for (int c = 0; c < k; c++) {
        best = Math.max(best, resp[o + c]);
      }
      if (b.weights[i] > 0 && best > 0) {
        sum += b.weights[i] * Math.log(best);
      }
    }
    return sum;
  }

  /**
   * Adds the block's E-step statistics into {@code acc}; returns the block's responsibilities
   * (its new per-row state; a working array that the next block overwrites unless the gate
   * keeps per-row state).
   */
  static double[] addEStep(Pass p, Block b, double[] rowState, EStepStats acc) {
    int n = b.n;
    int k = p.state().k();
    ExpertFamily experts = p.state().experts();
    KernelScratch s = acc.scratch().ensure(n, k);
    double[] resp = p.state().gate().needsRowState() ? new double[n * k] : s.resp;
    acc.logSum += responsibilities(p, b, rowState, resp, s, null);
    acc.entropy += s.entropy;
    double[] rw = s.weighted;
    double[] counts = acc.counts;
    // what the experts learn from: the soft weights, or in 'sample' mode the drawn expert's
    double[] fitted = acc.expertWeights;
    boolean sample = p.sample();
    double[] hard = acc.hardCounts;
    double[] w = b.weights;
    double weight = 0;
    for (int i = 0, o = 0; i < n; i++, o += k) {
      double wi = w[i];
      weight += wi;
      int best = 0;
      double bestR = resp[o];
      for (int c = 0; c < k; c++) {
        double r = resp[o + c];
        double v = wi * r;
        counts[c] += v;
        rw[c * n + i] = v;
        if (!sample) {
          fitted[c] += v;
        }
        if (r > bestR) {
          bestR = r;
          best = c;
        }
      }
      hard[best] += wi;
      if (sample) {
        fitted[sampleOne(p, b, i, k, resp, rw, wi)] += wi;
      }
    }
    acc.weight += weight;
    acc.mapLogResponsibility += s.mapLogResponsibility;
    s.experts(experts).addStatistics(b, rw, acc.experts);
    return resp;
  }

  /**
   * 'sample' mode: the row's whole weight goes to one expert drawn from its responsibilities;
   * returns that expert.
   */
  private static int sampleOne(Pass p, Block b, int i, int k, double[] resp, double[] rw,
      double wi) {
    int o = i * k;
    double u = RowRandom.uniform(p.seed(), p.stream(), b.firstRow + i, k);
    int pick = k - 1;
    double cum = 0;
    for (int c = 0; c < k; c++) {
      cum += resp[o + c];
      if (u < cum) {
        pick = c;
        break;
      }
    }
    for (int c = 0; c < k; c++) {
      rw[c * b.n + i] = c == pick ? wi : 0;
    }
    return pick;
  }

  /** Adds the block's gate cross-entropy and gradient at {@code p.gateParams()}. */
  static void addGateGradient(Pass p, Block b, GradientStats acc) {
    int k = p.state().k();
    KernelScratch s = acc.scratch().ensure(b.n, k);
    responsibilities(p, b, null, s.resp, s, null);
    acc.loss += p.state().gate().addLossAndGradient(b, s.resp, p.gateParams(), acc.gradient);
  }

  /** Adds the block's gate cross-entropy, gradient and Hessian at {@code p.gateParams()}. */
  static void addGateCurvature(Pass p, Block b, GradientStats acc) {
    KernelScratch s = acc.scratch().ensure(b.n, p.state().k());
    responsibilities(p, b, null, s.resp, s, null);
    acc.loss += p.state().gate().addLossGradientHessian(b, s.resp, p.gateParams(),
        acc.gradient, acc.hessian);
  }
}
