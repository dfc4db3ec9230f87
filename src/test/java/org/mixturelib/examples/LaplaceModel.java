package org.mixturelib.examples;

import org.mixturelib.mixture.EachModel;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.mixture.NamedValues;

/**
 * A 0.4-style local model of one's own, written only against the public API
 * (docs/migrating-from-0.4.md): one robust linear expert with Laplace noise, its maths that of
 * the one-expert {@link LaplaceExperts}.
 */
public final class LaplaceModel extends EachModel {
  private static final long serialVersionUID = 1L;
  private LaplaceExperts expert;

  /** A Laplace regression on {@code inputDim} features (an intercept column among them). */
  public LaplaceModel(int inputDim) {
    this.expert = new LaplaceExperts(1, inputDim);
  }

  @Override
  public int inputDim() {
    return expert.numFeatures();
  }

  @Override
  public int outputDim() {
    return 1;
  }

  @Override
  protected ExpertFamily expert(NamedValues hp) {
    return expert.copy();
  }

  @Override
  protected void adopt(ExpertFamily fitted) {
    expert = (LaplaceExperts) fitted;
  }

  /** The coefficients w. */
  public double[] coefficients() {
    return expert.coefficients(0);
  }

  /** The Laplace scale b. */
  public double scale() {
    return expert.dispersions()[0];
  }
}
