package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;
import org.mixturelib.support.Planted;
import org.mixturelib.support.InterceptedSource;
import org.mixturelib.support.Spark;
import org.mixturelib.support.StandaloneCluster;

/**
 * The engine on a real Spark standalone cluster on loopback: a Master and two Workers, each a
 * JVM of its own, with one single-core executor per worker; the driver is this JVM. A fit
 * equals the same fit on {@code local[2]} to 1e-9 relative, and a fit during which one
 * executor JVM is killed (while it runs a task) still ends with the same model: Spark
 * re-runs the lost tasks and recomputes the lost cached blocks from their lineage.
 *
 * <p>Only one SparkContext can run in a JVM: the reference fit runs on the shared local[2]
 * session, which is then stopped (tests that run later start a new one). The class is tagged
 * {@code cluster} and runs in a surefire execution (so a JVM) of its own, which keeps the
 * other test classes' session untouched. If the cluster does not come up within the timeout
 * (no loopback networking, no process spawning), the tests are skipped with the reason.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
  private static final long START_TIMEOUT_MS = 90_000;
  private static final Planted.Data DATA =
      Planted.experts(600, 3, 3, 2.0, 0.5, false, new double[] {0.5, 0.3, 0.2}, 11);
  private static final int PARTITIONS = 4;

  private static Path root;
  private static StandaloneCluster cluster;
  private static SparkSession spark;
  private static FitResult reference;
  private static String skipReason;

  @BeforeAll
  static void startCluster() throws Exception {
    root = Files.createTempDirectory("mixturelib-cluster");
    try {
      cluster = StandaloneCluster.launch(root, 2, "768m");
    } catch (IOException e) {
      skipReason = "could not start the standalone cluster's JVMs: " + e;
      return;
    }
    // the cluster's JVMs boot while the reference fit runs on the shared local[2] session
    try (SparkSource local = source(Spark.session())) {
      reference = fit(local);
    }
    Spark.stop();
    if (!cluster.awaitWorkers(START_TIMEOUT_MS)) {
      skipReason = "the standalone cluster did not start within " + START_TIMEOUT_MS
          + " ms:\n" + cluster.logTail(15);
      return;
    }
    spark = SparkSession.builder().master(cluster.masterUrl())
        .appName("mixturelib-cluster-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.memory", "512m")
        .config("spark.executor.cores", "1")
        .config("spark.cores.max", "2")
        .config("spark.executor.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (executorCount() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    if (executorCount() < 2) {
      skipReason = "only " + executorCount() + " of 2 executors registered within "
          + START_TIMEOUT_MS + " ms:\n" + cluster.logTail(15);
    }
  }

  @AfterAll
  static void stopCluster() throws IOException {
    try {
      if (spark != null) {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      if (root != null) {
        try (Stream<Path> walk = Files.walk(root)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static int executorCount() {
    return spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
  }

  private static SparkSource source(SparkSession session) {
    return SparkSource.fromDataset(Spark.frame(session, DATA.x(), DATA.y(), PARTITIONS),
        new SparkSource.Columns("features", "label", null, false), 64, 2,
        StorageLevel.MEMORY_AND_DISK());
  }

  private static FitResult fit(DataSource source) {
    // localRows 0: the fit runs on the cluster, not on the driver
    EmConfig config = new EmConfig().numInit(1).maxIter(12).seed(5).localRows(0);
    return new EmEngine(source, List.of(), config).fit(new MixtureState(
        new LinearExperts(3, 3, 1), new HyperModelDirichlet(new double[] {1, 1, 1}, false)));
  }

  @Test
  @Order(1)
  void clusterFitEqualsLocalFit() {
    assumeTrue(skipReason == null, skipReason);
    try (SparkSource source = source(spark)) {
      assertSameModel(reference, fit(source), "cluster");
    }
  }

  @Test
  @Order(2)
  void fitSurvivesAKilledExecutor() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    ExecutorKiller killer = new ExecutorKiller();
    spark.sparkContext().addSparkListener(killer);
    try (SparkSource source = source(spark)) {
      // pass 1 is the random start's draw, pass 7 the E-step of iteration 6 (of 12)
      FitResult r = fit(new InterceptedSource(source, pass -> {
        if (pass == 7) {
          killer.arm();
        }
      }).slow(7, 400));
      assertTrue(killer.fired.get(), "the kill pass did not run");
      killer.await();
      assertTrue(killer.killed.get() != null, "no executor process was found to kill");
      assertTrue(killer.removed.get() >= 1, "Spark did not notice the lost executor");
      assertTrue(killer.lostTasks.get() >= 1, "no task failed with the lost executor");
      assertSameModel(reference, r, "cluster with a killed executor");
    } finally {
      spark.sparkContext().removeSparkListener(killer);
    }
  }

  private static void assertSameModel(FitResult a, FitResult b, String what) {
    double tol = 1e-9;
    assertEquals(a.iterations(), b.iterations(), what + ": iterations");
    assertEquals(a.logLikelihood(), b.logLikelihood(), tol * Math.abs(a.logLikelihood()),
        what + ": log-likelihood");
    assertEquals(a.finalBound(), b.finalBound(), tol * Math.abs(a.finalBound()),
        what + ": bound");
    for (int e = 0; e < 3; e++) {
      double[] wa = LinearState.experts(a.state()).coefficients(e);
      double[] wb = LinearState.experts(b.state()).coefficients(e);
      for (int j = 0; j < wa.length; j++) {
        assertEquals(wa[j], wb[j], tol * Math.max(1, Math.abs(wa[j])), what + ": W" + e);
      }
      assertEquals(LinearState.experts(a.state()).noiseVariances()[e],
          LinearState.experts(b.state()).noiseVariances()[e],
          tol * LinearState.experts(a.state()).noiseVariances()[e], what + ": noise " + e);
    }
  }

  /**
   * Kills the JVM of the executor that starts the first task after {@link #arm()}, from a
   * background thread, and counts what Spark reports afterwards.
   */
  private static final class ExecutorKiller extends SparkListener {
    final AtomicBoolean fired = new AtomicBoolean();
    final AtomicBoolean armed = new AtomicBoolean();
    final AtomicReference<String> killed = new AtomicReference<>();
    final AtomicInteger removed = new AtomicInteger();
    final AtomicInteger lostTasks = new AtomicInteger();
    private volatile Thread worker;

    void arm() {
      armed.set(true);
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      if (!armed.get() || !fired.compareAndSet(false, true)) {
        return;
      }
      String id = start.taskInfo().executorId();
      worker = new Thread(() -> {
        Optional<ProcessHandle> h = cluster.executor(id);
        h.ifPresent(p -> {
          p.destroyForcibly();
          killed.set(id + " (pid " + p.pid() + ")");
        });
      }, "executor-killer");
      worker.start();
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removedEvent) {
      removed.incrementAndGet();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.reason() instanceof ExecutorLostFailure) {
        lostTasks.incrementAndGet();
      }
    }

    void await() throws InterruptedException {
      if (worker != null) {
        worker.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
  }
}
