package org.mixturelib.hypermodels;

/**
 * 0.4's HyperExpertNN: the {@link NetworkGate} that 0.4's constructor builds, Linear D->H,
 * ReLU, Linear H->H, ReLU, Linear H->K, softmax, with 0.4's methods ({@link #eStep}, {@link
 * #mStep(double[][], double[][])}, {@link #logPiExpectation}, {@link #predictPi}). It is that
 * gate under 0.4's name and adds nothing but the constructor: its copies (the fitted gate of a
 * {@code MixtureEM}) are network gates with the same methods. The gate without hidden layers,
 * flexmix's multinomial logit, is {@link LinearGate}.
 */
public final class HyperExpertNN extends NetworkGate {
  private static final long serialVersionUID = 2L;

  /**
   * 0.4's constructor and network: two ReLU hidden layers of {@code hiddenDim} units, {@code
   * epochs} L-BFGS iterations at most per M-step (the gate's optimisation budget, as in 0.4),
   * weights drawn from {@code seed}.
   */
  public HyperExpertNN(int inputDim, int hiddenDim, int outputDim, int epochs, long seed) {
    super(inputDim, new int[] {hiddenDim, hiddenDim}, outputDim, Activation.RELU, seed);
    setEpochs(epochs);
  }
}
