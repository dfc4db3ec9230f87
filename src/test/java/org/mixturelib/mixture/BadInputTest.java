package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.support.Spark;

/**
 * Bad input to the 0.4-style API: an IllegalArgumentException whose message names the
 * parameter or column at fault.
 */
class BadInputTest {
  private static final double[][] X = {{1, 2}, {3, 4}, {5, 6}, {7, 9}};
  private static final double[][] Y = {{1}, {2}, {3}, {4}};

  private static MixtureEM<EachModelLinear> mixture() {
    return new MixtureEM<>(HyperParameters.of("beta", 1.0), new HyperModelDirichlet(2),
        List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("missing beta", "beta", (Executable) () -> new MixtureEM<>(
            new HyperParameters(), new HyperModelDirichlet(2),
            List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default")),
        Arguments.of("negative beta", "beta", (Executable) () -> new MixtureEM<>(
            HyperParameters.of("beta", -1.0), new HyperModelDirichlet(2),
            List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default")),
        Arguments.of("a regularizer of another kind", "ListOfRegularizeModel",
            (Executable) () -> new MixtureEM<>(HyperParameters.of("beta", 1.0),
                new HyperModelDirichlet(2), List.of(new EachModelLinear(2),
                    new EachModelLinear(2)), List.of("alpha"), "default")),
        Arguments.of("unknown mode", "model_type", (Executable) () -> new MixtureEM<>(
            HyperParameters.of("beta", 1.0), new HyperModelDirichlet(2),
            List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "greedy")),
        Arguments.of("gate outputs differ from experts", "HyperModel",
            (Executable) () -> new MixtureEM<>(HyperParameters.of("beta", 1.0),
                new HyperModelDirichlet(3),
                List.of(new EachModelLinear(2), new EachModelLinear(2)), List.of(), "default")),
        Arguments.of("experts of different sizes", "input_dim", (Executable) () -> new MixtureEM<>(
            HyperParameters.of("beta", 1.0), new HyperModelDirichlet(2),
            List.of(new EachModelLinear(2), new EachModelLinear(3)), List.of(), "default")
            .fit(X, Y)),
        Arguments.of("feature count differs from the experts", "features",
            (Executable) () -> mixture().fit(new double[][] {{1, 2, 3}, {4, 5, 6}},
                new double[][] {{1}, {2}})),
        Arguments.of("ragged X", "X", (Executable) () -> mixture().fit(
            new double[][] {{1, 2}, {3}}, new double[][] {{1}, {2}})),
        Arguments.of("Y rows differ from X rows", "Y", (Executable) () -> mixture().fit(X,
            new double[][] {{1}, {2}})),
        Arguments.of("NaN in X", "X", (Executable) () -> mixture().fit(
            new double[][] {{1, Double.NaN}, {3, 4}}, new double[][] {{1}, {2}})),
        Arguments.of("infinite Y", "Y", (Executable) () -> mixture().fit(X,
            new double[][] {{1}, {Double.POSITIVE_INFINITY}, {3}, {4}})),
        Arguments.of("empty data", "X", (Executable) () -> mixture().fit(new double[0][],
            new double[0][])),
        Arguments.of("fewer rows than components", "rows", (Executable) () -> mixture().fit(
            new double[][] {{1, 2}}, new double[][] {{1}})),
        Arguments.of("zero experts", "output_dim",
            (Executable) () -> new HyperModelDirichlet(0)),
        Arguments.of("MLP input size", "input_dim",
            (Executable) () -> new HyperExpertNN(0, 5, 2, 10, 1)),
        Arguments.of("prior set alone", "priors",
            (Executable) () -> new EachModelLinear(2, 1, new double[] {1, 0, 0, 1}, null,
                java.util.Set.of("beta"))),
        Arguments.of("prior of the wrong size", "A",
            (Executable) () -> new EachModelLinear(2, new double[] {1, 1, 1},
                new double[] {0, 0})),
        Arguments.of("Z of the wrong width", "Z", (Executable) () -> new HyperModelDirichlet(2)
            .eStep(X, Y, new double[][] {{1}, {1}, {1}, {1}})),
        Arguments.of("E-step without beta", "beta", (Executable) () -> new EachModelLinear(2)
            .eStep(X, Y, new double[][] {{1}, {1}, {1}, {1}}, new HyperParameters())),
        Arguments.of("Spark: missing label column", "'nolabel'",
            (Executable) () -> mixture().fit(Spark.frame(X, Y, 1), "features", "nolabel")),
        Arguments.of("Spark: features not a vector", "'label'",
            (Executable) () -> mixture().fit(Spark.frame(X, Y, 1), "label", "label")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesTheCulprit(String what, String named, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
    assertTrue(e.getMessage().contains(named),
        what + ": message should name " + named + ": " + e.getMessage());
  }
}
