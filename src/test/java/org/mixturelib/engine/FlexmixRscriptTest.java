package org.mixturelib.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.data.InMemorySource;

/**
 * Runs R's flexmix itself (through {@code Rscript}, 10 restarts of {@code stepFlexmix}) on
 * freshly simulated data and checks that our default fit reaches at least its log-likelihood
 * (flexmix's sigma carries the factor sqrt(N / (N - p)), so at the same optimum ours is the
 * higher). Skips when Rscript or the flexmix package is missing.
 */
class FlexmixRscriptTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void needsFlexmix() {
    assumeTrue(hasFlexmix(), "Rscript with the flexmix package is not installed; skipping");
  }

  /** Whether Rscript runs and has the flexmix package. */
  static boolean hasFlexmix() {
    return run(List.of("Rscript", "-e",
        "quit(status = if (requireNamespace('flexmix', quietly = TRUE)) 0 else 1)")) != null;
  }

  @Test
  void threeCrossingRegressions() throws IOException {
    Random r = new Random(20240611L);
    int n = 450;
    double[] x = new double[n];
    double[] y = new double[n];
    double[][] lines = {{1, 2}, {12, -1}, {4, 0.3}};
    double[] sd = {1.0, 1.5, 0.7};
    for (int i = 0; i < n; i++) {
      int z = i % 3;
      x[i] = 10 * r.nextDouble();
      y[i] = lines[z][0] + lines[z][1] * x[i] + sd[z] * r.nextGaussian();
    }
    compare(x, y, 3, false);
  }

  @Test
  void mixtureOfExpertsWithAGateOnX() throws IOException {
    Random r = new Random(77L);
    int n = 600;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 4 * r.nextDouble() - 2;
      boolean first = r.nextDouble() < 1 / (1 + Math.exp(-(0.3 + 2.5 * x[i])));
      y[i] = first ? 1 + 2 * x[i] + 0.5 * r.nextGaussian() : -1 - x[i] + 0.8 * r.nextGaussian();
    }
    compare(x, y, 2, true);
  }

  private static void compare(double[] x, double[] y, int k, boolean gated) throws IOException {
    Path csv = dir.resolve("sim" + k + gated + ".csv");
    StringBuilder sb = new StringBuilder("x,y\n");
    for (int i = 0; i < x.length; i++) {
      sb.append(String.format(Locale.ROOT, "%.17g,%.17g%n", x[i], y[i]));
    }
    Files.writeString(csv, sb);
    String out = runScript(dir, "flexmix_fit.R", csv.toString(), String.valueOf(k),
        gated ? "1" : "0", "10", "1");
    String[] parts = out.trim().split("\\s+");
    double flexmix = Double.parseDouble(parts[parts.length - 2]);
    int flexmixK = Integer.parseInt(parts[parts.length - 1]);
    InMemorySource data = Models.withIntercept(y, x);
    FitResult ours = Models.fit(data, gated ? Models.gated(k, 2) : Models.regressions(k, 2));
    System.out.printf(Locale.ROOT, "k = %d%s: ours %.4f (%d components), flexmix %.4f (%d)%n",
        k, gated ? " gated" : "", ours.logLikelihood(), ours.numComponents(), flexmix,
        flexmixK);
    assertEquals(k, ours.numComponents());
    assertTrue(ours.logLikelihood() >= flexmix - 1e-6 * x.length,
        "ours " + ours.logLikelihood() + " below flexmix's " + flexmix);
  }

  /**
   * Runs one of this package's R scripts (a test resource, copied into {@code dir}) with
   * Rscript and returns its standard output; fails the test when Rscript fails.
   */
  static String runScript(Path dir, String name, String... args) throws IOException {
    Path script = dir.resolve(name);
    try (InputStream in = FlexmixRscriptTest.class.getResourceAsStream(name)) {
      Files.write(script, in.readAllBytes());
    }
    List<String> command = new ArrayList<>(List.of("Rscript", script.toString()));
    command.addAll(List.of(args));
    String out = run(command);
    assertTrue(out != null, "Rscript failed on " + name);
    return out;
  }

  /** Runs a command; its standard output, or null when it cannot run or fails. */
  static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(command))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
