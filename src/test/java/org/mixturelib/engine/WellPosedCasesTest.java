package org.mixturelib.engine;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.LinearGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.FitChecks;
import org.mixturelib.support.RandomCase;

/**
 * Generated well-posed data sets with feature and label scales from 1e-6 to 1e6 (drawn
 * independently): every output of the fit is finite and the bound never decreases by more than
 * 1e-9 relative, in 'default' mode, for maximum-likelihood experts with the MAP Dirichlet gate
 * and for Bayesian experts (evidence updates on half of the cases) with the variational
 * Dirichlet gate, and for maximum-likelihood experts with the linear softmax gate. Fits run on
 * the in-memory source; the fitted K is the planted one or one more.
 */
class WellPosedCasesTest {
  private static final int MAXIMUM_LIKELIHOOD_CASES = 160;
  private static final int VARIATIONAL_CASES = 100;
  private static final int SOFTMAX_GATE_CASES = 20;

  static Stream<RandomCase> maximumLikelihoodCases() {
    return LongStream.range(0, MAXIMUM_LIKELIHOOD_CASES).mapToObj(RandomCase::wellPosed);
  }

  static Stream<RandomCase> variationalCases() {
    return LongStream.range(1000, 1000 + VARIATIONAL_CASES).mapToObj(RandomCase::wellPosed);
  }

  static Stream<RandomCase> softmaxGateCases() {
    return LongStream.range(2000, 2000 + SOFTMAX_GATE_CASES).mapToObj(RandomCase::wellPosed);
  }

  private static int fittedK(RandomCase c) {
    return c.k() + (int) (c.seed() % 2);
  }

  private static FitResult fit(RandomCase c, MixtureState initial) {
    EmConfig config = new EmConfig().numInit(2).initIterations(5).maxIter(100).tol(1e-8)
        .seed(c.seed());
    return new EmEngine(InMemorySource.of(c.x(), c.y(), null), List.of(), config).fit(initial);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maximumLikelihoodCases")
  void maximumLikelihoodExpertsWithMapWeights(RandomCase c) {
    int k = fittedK(c);
    double[] mu = new double[k];
    java.util.Arrays.fill(mu, 1.0);
    FitResult r = fit(c, new MixtureState(new LinearExperts(k, c.d(), c.m()),
        new HyperModelDirichlet(mu, false)));
    FitChecks.assertFinite(r, InMemorySource.of(c.x(), c.y(), null), c.toString());
    FitChecks.assertMonotone(r, c.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variationalCases")
  void bayesianExpertsWithVariationalWeights(RandomCase c) {
    int k = fittedK(c);
    LinearExperts experts = new LinearExperts(k, c.d(), c.m());
    double[] identity = new double[c.d() * c.d()];
    for (int j = 0; j < c.d(); j++) {
      identity[j * c.d() + j] = 1;
    }
    for (int e = 0; e < k; e++) {
      experts.setPrior(e, identity, true, new double[c.d() * c.m()]);
    }
    boolean evidence = c.seed() % 2 == 0;
    experts.setUpdatePriorMeans(evidence);
    experts.setUpdatePriorCovariances(evidence);
    FitResult r = fit(c, new MixtureState(experts, new HyperModelDirichlet(k)));
    String what = c + (evidence ? ", evidence updates" : "");
    FitChecks.assertFinite(r, InMemorySource.of(c.x(), c.y(), null), what);
    FitChecks.assertMonotone(r, what);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("softmaxGateCases")
  void maximumLikelihoodExpertsWithLinearSoftmaxGate(RandomCase c) {
    int k = fittedK(c);
    FitResult r = fit(c, new MixtureState(new LinearExperts(k, c.d(), c.m()),
        new LinearGate(c.d(), k)));
    FitChecks.assertFinite(r, InMemorySource.of(c.x(), c.y(), null), c.toString());
    FitChecks.assertMonotone(r, c.toString());
  }
}
