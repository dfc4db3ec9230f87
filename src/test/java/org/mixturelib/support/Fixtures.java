package org.mixturelib.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Reads the shared fixtures ({@code ../shared}); tests that need them skip without them. */
public final class Fixtures {
  private Fixtures() {}

  /** The shared folder, or skips the calling test when it is absent. */
  public static Path shared() {
    Path p = Paths.get(System.getProperty("mixturelib.shared", "../shared"));
    assumeTrue(Files.isDirectory(p), "../shared is absent; skipping");
    return p;
  }

  /** A doc-example matrix (no header). */
  public static double[][] docMatrix(String name) {
    return readCsv(shared().resolve("reference/doc-examples").resolve(name), false);
  }

  /** Reads a numeric CSV. */
  public static double[][] readCsv(Path file, boolean header) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream().skip(header ? 1 : 0).filter(l -> !l.isBlank())
          .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble)
              .toArray())
          .toArray(double[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows [from, to) of a matrix. */
  public static double[][] rows(double[][] a, int from, int to) {
    return java.util.Arrays.copyOfRange(a, from, to);
  }
}
