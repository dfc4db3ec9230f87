package org.mixturelib.mixture;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertStatistics;

/**
 * 0.4's base of all local models ({@code mixturelib.local_models.EachModel}): one expert that
 * {@code MixtureEM} weighs with the others. A subclass is one expert as a family of one ({@link
 * #expert}, written against {@link ExpertFamily}: its log-likelihood per block, its mergeable
 * statistics and M-step), and takes the fitted expert back ({@link #adopt}); the 0.4 methods
 * ({@link #eStep}, {@link #logLikelihoodExpectation}, {@link #predict(double[][])}) are built
 * from those, so that the same model fits through the engine on in-memory matrices or a Spark
 * {@code Dataset}. {@link EachModelLinear} is one local model (its own closed forms).
 *
 * <p>HyperParameters: 0.4's {@code beta} is the noise variance of {@link EachModelLinear}
 * only; a local model of one's own has no hyperparameters (its {@link #mStep} does nothing and
 * {@link #optimizeHyperParameters} refuses).
 */
public abstract class EachModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of features D each object has. */
  public abstract int inputDim();

  /** Number of answers M. */
  public abstract int outputDim();

  /**
   * This model as a family of one expert, holding its current parameters (a new object or a
   * copy: the engine changes it).
   *
   * @param hp the mixture's hyperparameters (for {@link EachModelLinear}: beta); empty when
   *     only predictions are asked
   */
  protected abstract ExpertFamily expert(NamedValues hp);

  /**
   * Takes the parameters of a fitted expert, one that {@link #expert} made (after a fit).
   */
  protected abstract void adopt(ExpertFamily fitted);

  /**
   * 0.4's {@code E_step}: fits this model's parameters to the objects weighted by Z (N x 1):
   * the expert's statistics of the rows, then its M-step.
   */
  public void eStep(double[][] x, double[][] y, double[][] z, NamedValues hp) {
    ExpertFamily e = expert(hp);
    Block b = block(x, y, column(z));
    ExpertStatistics stats = e.newStatistics();
    e.newKernel().addStatistics(b, b.weights, stats);
    e.mStep(stats, new double[] {Arrays.stream(b.weights).sum()});
    adopt(e);
  }

  /** 0.4's {@code M_step}: updates hyperparameters; a model without any does nothing. */
  public void mStep(double[][] x, double[][] y, double[][] z, NamedValues hp) {}

  /** 0.4's {@code LogLikeLihoodExpectation}: {@code log p(y_i | x_i)} per object. */
  public double[] logLikelihoodExpectation(double[][] x, double[][] y, NamedValues hp) {
    Block b = block(x, y, null);
    double[] out = new double[b.n];
    expert(hp).newKernel().addLogLikelihood(b, false, out);
    return out;
  }

  /**
   * 0.4's {@code OptimizeHyperParameters}: this model's additive part of a hyperparameter. A
   * model without hyperparameters refuses (0.4's beta belongs to {@link EachModelLinear}).
   *
   * @throws IllegalArgumentException naming the parameter
   */
  public double optimizeHyperParameters(double[][] x, double[][] y, double[][] z,
      NamedValues hp, String parameter) {
    throw new IllegalArgumentException(getClass().getSimpleName() + " has no hyperparameter '"
        + parameter + "' (beta is EachModelLinear's noise variance)");
  }

  /** 0.4's {@code forward}: the answers for X, N x M. */
  public double[][] predict(double[][] x) {
    Block b = block(x, new double[x.length][outputDim()], null);
    double[] pred = new double[b.n * outputDim()];
    expert(name -> null).predict(b, pred);
    double[][] out = new double[b.n][outputDim()];
    for (int i = 0; i < b.n; i++) {
      for (int j = 0; j < outputDim(); j++) {
        out[i][j] = pred[j * b.n + i];
      }
    }
    return out;
  }

  /** One block of the given rows, their features checked against {@link #inputDim}. */
  Block block(double[][] x, double[][] y, double[] weights) {
    if (x.length > 0 && x[0].length != inputDim()) {
      throw new IllegalArgumentException("X has " + x[0].length + " features, but input_dim is "
          + inputDim());
    }
    List<Block> blocks = BlockBuilder.fromArrays(x, y, weights, Math.max(1, x.length));
    return blocks.get(0);
  }

  /** The one column of Z (N x 1). */
  static double[] column(double[][] z) {
    double[] out = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      if (z[i].length != 1) {
        throw new IllegalArgumentException("Z must be N x 1 for one local model, row " + i
            + " has " + z[i].length + " columns");
      }
      out[i] = z[i][0];
    }
    return out;
  }
}
