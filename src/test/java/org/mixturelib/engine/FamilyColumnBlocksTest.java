package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.mixturelib.data.Block;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.FamilyColumn;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.support.Spark;

/**
 * A family's own per-row columns travel with their rows: through the Spark blocks on 1 and 3
 * partitions (grouped too), the in-memory blocks and the start sample, with their nulls read as
 * their column says and bad values refused naming the column.
 */
class FamilyColumnBlocksTest {
  private static final int N = 700;
  private static final StructType SCHEMA = new StructType(new StructField[] {
      new StructField("features", new VectorUDT(), false, Metadata.empty()),
      new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
      new StructField("lo", DataTypes.DoubleType, true, Metadata.empty()),
      new StructField("z", DataTypes.IntegerType, true, Metadata.empty()),
      new StructField("g", DataTypes.StringType, false, Metadata.empty())});
  /** Role "lower": nulls are -Infinity, infinities allowed; role "zero": finite, no nulls. */
  private static final List<FamilyColumn> FAMILY = List.of(
      new FamilyColumn("lower", "lo", Double.NEGATIVE_INFINITY, true),
      FamilyColumn.finite("zero", "z"));

  private final double[][] x = new double[N][];
  private final double[][] y = new double[N][];
  /** What the blocks must hold: lower (nulls read as -Infinity) and zero per row. */
  private final double[][] family = new double[N][];
  private final List<Row> rows = new ArrayList<>();

  FamilyColumnBlocksTest() {
    Random r = new Random(5);
    for (int i = 0; i < N; i++) {
      x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
      y[i] = new double[] {r.nextGaussian()};
      Double lo = i % 7 == 0 ? null : i % 11 == 0 ? Double.NEGATIVE_INFINITY : r.nextGaussian();
      int z = r.nextInt(5);
      family[i] = new double[] {lo == null ? Double.NEGATIVE_INFINITY : lo, z};
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i][0], lo, z, "g" + (i % 13)));
    }
  }

  private Dataset<Row> frame(List<Row> data, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(Spark.session().sparkContext());
    return Spark.session().createDataFrame(sc.parallelize(data, partitions), SCHEMA);
  }

  private SparkSource spark(List<Row> data, int partitions, boolean grouped) {
    SparkSource.Columns c = new SparkSource.Columns("features", "label", null, false)
        .withFamilyColumns(FAMILY);
    return SparkSource.fromDataset(frame(data, partitions), grouped ? c.grouped("g", false) : c,
        64, 2, StorageLevel.MEMORY_AND_DISK());
  }

  /** Every row's [x, y, lower, zero] by its key, checked against the inputs. */
  private static double[][] byRow(List<Block> blocks, int n) {
    double[][] out = new double[n][];
    for (Block b : blocks) {
      assertArrayEquals(new String[] {"lower", "zero"}, b.familyRoles);
      int lower = b.familyColumn("lower");
      int zero = b.familyColumn("zero");
      for (int i = 0; i < b.n; i++) {
        out[(int) b.rowKey(i)] = new double[] {b.x(i, 0), b.x(i, 1), b.y(i, 0),
            b.family(i, lower), b.family(i, zero)};
      }
    }
    return out;
  }

  private double[][] expected() {
    double[][] out = new double[N][];
    for (int i = 0; i < N; i++) {
      out[i] = new double[] {x[i][0], x[i][1], y[i][0], family[i][0], family[i][1]};
    }
    return out;
  }

  @Test
  void theColumnsTravelWithTheirRowsOnAnyPartitioning() {
    InMemorySource memory = InMemorySource.of(x, y, null, null, FAMILY, family);
    assertArrayEquals(expected(), byRow(memory.blocks(), N));
    for (boolean grouped : new boolean[] {false, true}) {
      try (SparkSource one = spark(rows, 1, grouped); SparkSource three = spark(rows, 3,
          grouped)) {
        assertEquals(3, three.blocks().getNumPartitions());
        assertArrayEquals(expected(), byRow(one.blocks().collect(), N));
        assertArrayEquals(expected(), byRow(three.blocks().collect(), N));
        assertEquals(memory.contentHash(), one.contentHash(), "grouped " + grouped);
        assertEquals(memory.contentHash(), three.contentHash(), "grouped " + grouped);
      }
    }
    assertEquals(-1, memory.blocks().get(0).familyColumn("upper"));
  }

  @Test
  void theContentHashSeesTheColumns() {
    double[][] changed = new double[N][];
    for (int i = 0; i < N; i++) {
      changed[i] = family[i].clone();
    }
    changed[17][1] += 1;
    assertNotEquals(InMemorySource.of(x, y, null, null, FAMILY, family).contentHash(),
        InMemorySource.of(x, y, null, null, FAMILY, changed).contentHash());
  }

  @Test
  void theStartSampleKeepsTheColumns() {
    try (SparkSource three = spark(rows, 3, false)) {
      DataSource all = StartSample.of(three, N, 42);
      assertArrayEquals(expected(), byRow(((InMemorySource) all).blocks(), N));
      DataSource some = StartSample.of(three, 200, 42);
      // a sample's blocks count their rows from 0: find each row by its first feature
      java.util.Map<Double, double[]> byFeature = new java.util.HashMap<>();
      for (double[] row : expected()) {
        byFeature.put(row[0], row);
      }
      int kept = 0;
      for (double[] row : byRow(((InMemorySource) some).blocks(), (int) some.numRows())) {
        assertArrayEquals(byFeature.get(row[0]), row);
        kept++;
      }
      assertTrue(kept > 100 && kept < 300, kept + " rows kept");
    }
  }

  @Test
  void badValuesAreRefusedNamingTheColumn() {
    List<Row> nullZero = new ArrayList<>(rows);
    nullZero.set(3, RowFactory.create(Vectors.dense(x[3]), y[3][0], 0.5, null, "g"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spark(nullZero, 3, false));
    assertTrue(e.getMessage().contains("column 'z': row 3 is null"), e.getMessage());

    List<Row> nanLower = new ArrayList<>(rows);
    nanLower.set(5, RowFactory.create(Vectors.dense(x[5]), y[5][0], Double.NaN, 1, "g"));
    e = assertThrows(IllegalArgumentException.class, () -> spark(nanLower, 1, false));
    assertTrue(e.getMessage().contains("column 'lo': row 5 is NaN"), e.getMessage());

    double[][] infinite = family.clone();
    infinite[9] = new double[] {0, Double.POSITIVE_INFINITY};
    e = assertThrows(IllegalArgumentException.class,
        () -> InMemorySource.of(x, y, null, null, FAMILY, infinite));
    assertTrue(e.getMessage().contains("column 'z': row 9 is Infinity, expected a finite"),
        e.getMessage());
  }
}
