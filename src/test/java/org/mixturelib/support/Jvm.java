package org.mixturelib.support;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Starts other JVMs on this JVM's test classpath, for tests that kill or cluster them. */
public final class Jvm {
  private Jvm() {}

  /**
   * The test classpath: surefire may start the JVM from a manifest-only jar, in which case the
   * real entries are in {@code surefire.test.class.path}.
   */
  public static List<String> classpath() {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (!e.isBlank()) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * This JVM's module options: {@code --add-opens} (Spark on Java 17 needs them in every JVM) and
   * {@code --add-modules} (so that a child runs the same E-step loops, vector or scalar, as this
   * JVM and a resumed fit repeats an uninterrupted one bit for bit).
   */
  public static List<String> moduleOptions() {
    List<String> out = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-exports")
          || a.startsWith("--add-modules")) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The command that runs {@code mainClass} with {@code args} in a new JVM with the given
   * options, this JVM's module options and the test classpath.
   */
  public static List<String> command(List<String> options, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(options);
    cmd.addAll(moduleOptions());
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath()));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /** Starts {@link #command} with stdout and stderr going to {@code log}. */
  public static Process start(List<String> options, String mainClass, List<String> args,
      Path log) throws IOException {
    return new ProcessBuilder(command(options, mainClass, args)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }
}
