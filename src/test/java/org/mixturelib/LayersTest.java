package org.mixturelib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' layers go one way (docs: DESIGN's layers): the components (local models,
 * gates, regularizers, persistence, data) and the engine import none of the front ends (the
 * 0.4-style {@code mixture}, Spark ML {@code ml}, the {@code jobs}); the engine names no
 * particular data source or gate class ({@code SparkSource}, {@code HyperExpertNN}).
 */
class LayersTest {
  private static final Path MAIN = Path.of("src/main/java/org/mixturelib");

  /** The lines of the package's sources matching {@code pattern}, as "file: line". */
  private static List<String> matches(String pkg, Pattern pattern) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : Files.readAllLines(f)) {
          if (pattern.matcher(line).find()) {
            out.add(MAIN.relativize(f) + ": " + line.trim());
          }
        }
      }
    }
    return out;
  }

  @Test
  void componentsAndTheEngineImportNoFrontEnd() throws IOException {
    Pattern frontEnd = Pattern.compile("^import (static )?org\\.mixturelib\\."
        + "(mixture|ml|jobs|plot)\\.");
    List<String> found = new ArrayList<>();
    for (String pkg : List.of("localmodels", "hypermodels", "regularizers", "persistence",
        "data", "linalg", "engine", "inference")) {
      found.addAll(matches(pkg, frontEnd));
    }
    assertEquals(List.of(), found);
  }

  @Test
  void theEngineNamesNoParticularSourceOrGate() throws IOException {
    assertEquals(List.of(), matches("engine", Pattern.compile(
        "\\b(SparkSource|HyperExpertNN|NetworkGate|LinearGate|HyperModelGateSparsed)\\b")));
  }
}
