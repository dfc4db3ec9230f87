package org.mixturelib.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.hypermodels.Activation;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.NetworkGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.Spark;

/** The SQL-expression scores agree with the block scorer {@link MixturePrediction}. */
class ScoringColumnsTest {
  private static final int N = 40;
  private static final int K = 3;

  private static MixtureState state(Gate gate) {
    LinearExperts e = new LinearExperts(K, 3, 1);
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < K; k++) {
      e.setCoefficients(k, new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()});
    }
    return new MixtureState(e, gate);
  }

  private static void check(MixtureState s) {
    check(s, false);
  }

  /** With {@code ownGate}, the gate reads its own input column c instead of the features. */
  private static void check(MixtureState s, boolean ownGate) {
    SplittableRandom r = new SplittableRandom(9);
    double[] xy = new double[N * 4];
    double[] gate = new double[N];
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double a = 2 * r.nextGaussian();
      double b = 2 * r.nextGaussian();
      xy[i] = a;
      xy[N + i] = b;
      xy[2 * N + i] = 1.0;
      gate[i] = 2 * r.nextGaussian();
      rows.add(RowFactory.create(a, b, gate[i]));
    }
    Block block = new Block(N, 3, 1, xy, new double[N], 0);
    MixturePrediction want = MixturePrediction.of(s, ownGate ? block.withGateInputs(1, gate)
        : block);
    StructType schema = new StructType(new StructField[] {
        new StructField("a", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("b", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("c", DataTypes.DoubleType, false, Metadata.empty())});
    Dataset<Row> df = Spark.session().createDataFrame(rows, schema);
    ScoringColumns sc = new ScoringColumns(s, new Column[] {col("a"), col("b"), lit(1.0)},
        ownGate ? new Column[] {col("c")} : null);
    Column[] cols = new Column[2 + K];
    cols[0] = sc.mean(0);
    cols[1] = sc.component(1, 0);
    Column[] pi = sc.pi();
    System.arraycopy(pi, 0, cols, 2, K);
    List<Row> got = df.select(cols).collectAsList();
    for (int i = 0; i < N; i++) {
      Row g = got.get(i);
      assertEquals(want.mean()[i], g.getDouble(0), 1e-12 * (1 + Math.abs(want.mean()[i])));
      assertEquals(want.components()[N + i], g.getDouble(1), 1e-12);
      for (int k = 0; k < K; k++) {
        assertEquals(want.pi()[i * K + k], g.getDouble(2 + k), 1e-13, "pi " + k + " row " + i);
      }
    }
  }

  @Test
  void dirichletGateScoresMatchTheBlockScorer() {
    check(state(new HyperModelDirichlet(new double[] {1.5, 3, 7}, true)));
  }

  @Test
  void networkGateScoresMatchTheBlockScorer() {
    for (Activation act : Activation.values()) {
      NetworkGate nn = new NetworkGate(3, new int[] {4, 3}, K, act, 11);
      SplittableRandom r = new SplittableRandom(5);
      double[] p = nn.parameters();
      for (int i = 0; i < p.length; i++) {
        p[i] = r.nextGaussian();
      }
      nn.setParameters(p);
      check(state(nn));
    }
  }

  @Test
  void aGateOnItsOwnInputColumnsMatchesTheBlockScorer() {
    NetworkGate nn = new NetworkGate(1, new int[] {4}, K, Activation.TANH, 13);
    SplittableRandom r = new SplittableRandom(6);
    double[] p = nn.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextGaussian();
    }
    nn.setParameters(p);
    check(state(nn), true);
  }
}
