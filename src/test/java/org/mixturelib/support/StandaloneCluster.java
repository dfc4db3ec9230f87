package org.mixturelib.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback for tests: one Master and {@code n} Workers, each a
 * separate JVM started from this JVM's classpath. Workers launch their executors through
 * Spark's launcher, which builds the executor classpath from {@code $SPARK_HOME/jars}; the
 * cluster gets a temporary SPARK_HOME whose {@code jars/} links this JVM's jars and holds one
 * jar built from its class directories ({@code target/classes} and {@code target/test-classes},
 * so that the closures of the library and of the tests both load on executors).
 *
 * <p>{@link #close()} kills every process it started (executors first) and waits for them.
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final String EXECUTOR_MAIN = "CoarseGrainedExecutorBackend";

  private final Path root;
  private final int masterPort;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private Process master;
  private final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(Path root, int masterPort) {
    this.root = root;
    this.masterPort = masterPort;
  }

  /**
   * Starts the Master and {@code workers} Workers (1 core and {@code workerMemory} each), without
   * waiting for them; see {@link #awaitWorkers}.
   */
  public static StandaloneCluster launch(Path root, int workers, String workerMemory)
      throws IOException {
    StandaloneCluster c = new StandaloneCluster(root, freePort());
    try {
      Path home = c.sparkHome();
      c.master = c.start("master", List.of("org.apache.spark.deploy.master.Master",
          "--host", LOOPBACK, "--port", String.valueOf(c.masterPort),
          "--webui-port", String.valueOf(freePort())), home);
      for (int w = 0; w < workers; w++) {
        Path work = Files.createDirectories(root.resolve("work-" + w));
        c.workers.add(c.start("worker-" + w, List.of("org.apache.spark.deploy.worker.Worker",
            "--host", LOOPBACK, "--cores", "1", "--memory", workerMemory,
            "--work-dir", work.toString(), "--webui-port", String.valueOf(freePort()),
            c.masterUrl()), home));
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** {@code spark://127.0.0.1:port}. */
  public String masterUrl() {
    return "spark://" + LOOPBACK + ":" + masterPort;
  }

  /**
   * Waits until every worker's log says it registered with the master; false on timeout or when
   * a process died.
   */
  public boolean awaitWorkers(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (processes.stream().anyMatch(p -> !p.isAlive())) {
        return false;
      }
      int registered = 0;
      for (int w = 0; w < workers.size(); w++) {
        if (log("worker-" + w).contains("Successfully registered with master")) {
          registered++;
        }
      }
      if (registered == workers.size()) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** The live executor JVMs that the workers launched. */
  public List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    for (Process w : workers) {
      w.descendants().filter(StandaloneCluster::isExecutor).forEach(out::add);
    }
    return out;
  }

  /** The executor JVM of Spark executor {@code executorId}, if alive. */
  public Optional<ProcessHandle> executor(String executorId) {
    return executors().stream().filter(h -> {
      List<String> args = arguments(h);
      int at = args.indexOf("--executor-id");
      return at >= 0 && at + 1 < args.size() && args.get(at + 1).equals(executorId);
    }).findFirst();
  }

  private static boolean isExecutor(ProcessHandle h) {
    return h.info().commandLine().map(c -> c.contains(EXECUTOR_MAIN)).orElse(false);
  }

  private static List<String> arguments(ProcessHandle h) {
    return h.info().arguments().map(List::of).orElse(List.of());
  }

  /** The last {@code lines} lines of every log, for failure messages. */
  public String logTail(int lines) {
    StringBuilder sb = new StringBuilder();
    for (Path p : logs) {
      List<String> all = readLines(p);
      sb.append("---- ").append(p.getFileName()).append('\n');
      all.subList(Math.max(0, all.size() - lines), all.size())
          .forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  private String log(String name) {
    return String.join("\n", readLines(root.resolve(name + ".log")));
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      return List.of("(unreadable: " + e + ")");
    }
  }

  /** Kills the executors, the workers and the master, and waits for them to exit. */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : processes) {
      p.descendants().forEach(all::add);
    }
    processes.forEach(p -> all.add(p.toHandle()));
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep stopping the others; a process that does not exit is reported by the OS
      }
    }
  }

  // ---------------------------------------------------------------- setup

  private Process start(String name, List<String> mainAndArgs, Path home) throws IOException {
    List<String> cmd = Jvm.command(List.of("-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Dspark.worker.cleanup.enabled=false",
        "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties")),
        mainAndArgs.get(0), mainAndArgs.subList(1, mainAndArgs.size()));
    Path log = root.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
    // the Scala binary version of this build's line (2.12 or 2.13), as Spark's scripts expect
    env.put("SPARK_SCALA_VERSION",
        scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1"));
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.remove("SPARK_CLASSPATH");
    Process p = pb.start();
    processes.add(p);
    logs.add(log);
    return p;
  }

  private Path sparkHome() throws IOException {
    Path home = root.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.stdout.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
        "logger.deploy.name = org.apache.spark.deploy",
        "logger.deploy.level = info", ""));
    Set<String> names = new HashSet<>();
    List<Path> dirs = new ArrayList<>();
    for (String e : Jvm.classpath()) {
      Path p = Paths.get(e);
      if (Files.isDirectory(p)) {
        dirs.add(p);
      } else if (e.endsWith(".jar") && Files.isRegularFile(p)) {
        String name = p.getFileName().toString();
        if (!names.add(name)) {
          name = names.size() + "-" + name;
          names.add(name);
        }
        Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
      }
    }
    jarDirectories(dirs, jars.resolve("mixturelib-under-test.jar"));
    return home;
  }

  /** One jar holding the files of the given class directories (the first one wins). */
  private static void jarDirectories(List<Path> dirs, Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().putValue("Manifest-Version", "1.0");
    Set<String> seen = new HashSet<>();
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os, mf)) {
      for (Path dir : dirs) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
          files = walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path f : files) {
          String name = dir.relativize(f).toString().replace('\\', '/');
          if (name.equals("META-INF/MANIFEST.MF") || !seen.add(name)) {
            continue;
          }
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
