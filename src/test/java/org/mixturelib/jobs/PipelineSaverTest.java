package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;
import org.mixturelib.support.Spark;

/**
 * {@link PipelineSaver} writes the folder Spark ML's own {@code write().save} writes: the same
 * files (Parquet part files aside, whose names hold a random id) and the same metadata, the
 * timestamps aside; a formula with a computed column and a factor, so that every kind of stage
 * the fit job saves is there.
 */
class PipelineSaverTest {
  @TempDir
  static Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theFolderSparkWrites() throws IOException {
    Path ours = dir.resolve("ours");
    JobsTest.ok("fit", "--input", Fixtures.shared().resolve("data/biochemists.csv").toString(),
        "--formula", "art ~ fem + l", "--column", "l=log(1 + ment)", "--family", "poisson",
        "--k", "2", "--num-init", "2", "--output", ours.toString());
    Spark.session();
    PipelineModel loaded = PipelineModel.load(ours.toString());
    Path spark = dir.resolve("spark");
    loaded.write().save(spark.toString());
    List<String> a = files(ours);
    List<String> b = files(spark);
    assertEquals(b, a.stream().filter(f -> !f.endsWith("summary.txt")
        && !f.endsWith("_MIXTURELIB")).toList());
    for (String f : b) {
      if (f.endsWith("metadata/part")) {
        assertEquals(metadata(spark.resolve(f).getParent()),
            metadata(ours.resolve(f).getParent()), f);
      }
    }
  }

  /**
   * The files under a folder, relative, sorted; part files by their folder only (their names
   * hold a random id, and Spark 4 names a metadata part file so too).
   */
  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .filter(f -> !f.endsWith(".crc"))
          .map(f -> f.endsWith(".parquet") ? f.substring(0, f.lastIndexOf('/')) + "/*.parquet"
              : f.matches(".*metadata/part-[^/]*") ? f.substring(0, f.lastIndexOf('/')) + "/part"
              : f)
          .sorted().distinct().toList();
    }
  }

  /** The JSON of a stage's metadata folder, its timestamp left out. */
  private static ObjectNode metadata(Path folder) throws IOException {
    Path file;
    try (Stream<Path> s = Files.list(folder)) {
      file = s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst()
          .orElseThrow();
    }
    ObjectNode json = (ObjectNode) JSON.readTree(Files.readString(file));
    json.remove("timestamp");
    return json;
  }
}
