package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's outputs: checked against its inputs and each other before any work, put into place
 * together or not at all, never replacing what this library did not write; abandoned staging
 * folders of ours, and only those, removed by the next job writing beside them.
 */
class OutputSetTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private OutputSet prepare(boolean overwrite, String... outputs) {
    List<OutputSet.Target> t = new java.util.ArrayList<>();
    for (int i = 0; i < outputs.length; i++) {
      t.add(OutputSet.Target.output("--out" + i, dir.resolve(outputs[i]).toString()));
    }
    return OutputSet.prepare(conf, overwrite, List.of(OutputSet.Target.input("--input",
        dir.resolve("data.csv").toString())), t);
  }

  private static void fill(OutputSet set, String option, String text) throws IOException {
    Path p = set.localFolder(option);
    Files.writeString(p.resolve("a.txt"), text);
  }

  @Test
  void outputsAppearTogetherWithTheirMarkerAndNothingElseRemains() throws IOException {
    Files.writeString(dir.resolve("data.csv"), "x\n1\n");
    try (OutputSet set = prepare(false, "model", "report")) {
      fill(set, "--out0", "m");
      fill(set, "--out1", "r");
      assertEquals(List.of("data.csv"), entries().stream().filter(n -> !n.startsWith("."))
          .toList(), "nothing at the targets before the commit");
      set.commit();
    }
    assertEquals(List.of("data.csv", "model", "report"), entries());
    assertEquals("m", Files.readString(dir.resolve("model/a.txt")));
    assertTrue(Files.exists(dir.resolve("report/" + OutputSet.MARKER)));
  }

  @Test
  void aJobThatFailsBeforeTheCommitLeavesTheOldOutputs() throws IOException {
    try (OutputSet set = prepare(false, "model")) {
      fill(set, "--out0", "old");
      set.commit();
    }
    assertThrows(IllegalStateException.class, () -> {
      try (OutputSet set = prepare(true, "model")) {
        fill(set, "--out0", "new");
        throw new IllegalStateException("the job failed");
      }
    });
    assertEquals("old", Files.readString(dir.resolve("model/a.txt")));
    assertEquals(List.of("model"), entries());
    try (OutputSet set = prepare(true, "model")) {
      fill(set, "--out0", "new");
      set.commit();
    }
    assertEquals("new", Files.readString(dir.resolve("model/a.txt")));
    assertEquals(List.of("model"), entries());
  }

  @Test
  void collisionsAreRefusedBeforeAnythingIsCreated() throws IOException {
    Files.writeString(dir.resolve("data.csv"), "x\n1\n");
    String data = dir.resolve("data.csv").toString();
    UsageException same = assertThrows(UsageException.class, () -> prepare(false, "m", "m"));
    assertEquals("--out0 '" + dir.resolve("m") + "' is --out1 '" + dir.resolve("m")
        + "'; a job never writes over its own inputs or outputs; choose another path",
        same.getMessage());
    UsageException inside = assertThrows(UsageException.class,
        () -> prepare(false, "m", "m/report"));
    assertTrue(inside.getMessage().startsWith("--out0 '" + dir.resolve("m") + "' contains"
        + " --out1 '" + dir.resolve("m/report") + "'"), inside.getMessage());
    UsageException input = assertThrows(UsageException.class, () -> OutputSet.prepare(conf,
        true, List.of(OutputSet.Target.input("--input", data)),
        List.of(OutputSet.Target.output("--output", dir.toString()))));
    assertTrue(input.getMessage().startsWith("--output '" + dir + "' contains --input '"
        + data + "'"), input.getMessage());
    assertEquals(List.of("data.csv"), entries());
  }

  @Test
  void overwriteReplacesOnlyOurOutputs() throws IOException {
    Files.createDirectories(dir.resolve("photos"));
    Files.writeString(dir.resolve("photos/cat.jpg"), "meow");
    UsageException e = assertThrows(UsageException.class, () -> prepare(true, "photos"));
    assertTrue(e.getMessage().contains("was not written by mixturelib"), e.getMessage());
    UsageException plain = assertThrows(UsageException.class, () -> prepare(false, "photos"));
    assertTrue(plain.getMessage().endsWith("already exists; pass --overwrite to replace it"));
    assertEquals("meow", Files.readString(dir.resolve("photos/cat.jpg")));
    assertEquals(List.of("photos"), entries());
  }

  @Test
  void unwritablePlacesAreRefusedUpFront() throws IOException {
    Files.writeString(dir.resolve("file"), "x");
    UsageException e = assertThrows(UsageException.class, () -> prepare(false, "file/model"));
    assertEquals("cannot write --out0 '" + dir.resolve("file/model") + "': '"
        + "file:" + dir.resolve("file") + "' is a file, not a folder", e.getMessage());
  }

  @Test
  void abandonedStagingFoldersOfOursAndOnlyThoseAreRemoved() throws IOException {
    Path ours = Files.createDirectories(dir.resolve(".model.tmp-dead"));
    Files.writeString(ours.resolve(OutputSet.STAGING), "999999999@" + host());
    Path alive = Files.createDirectories(dir.resolve(".model.tmp-alive"));
    Files.writeString(alive.resolve(OutputSet.STAGING), ProcessHandle.current().pid() + "@"
        + host());
    Path unmarked = Files.createDirectories(dir.resolve(".model.tmp-unmarked"));
    Path named = Files.createDirectories(dir.resolve("keep"));
    Files.writeString(named.resolve(OutputSet.STAGING), "999999999@" + host());
    Path moved = Files.createDirectories(dir.resolve(".report.tmp-killed/old"));
    Files.writeString(moved.resolve("a.txt"), "the old report");
    Files.writeString(moved.getParent().resolve(OutputSet.STAGING), "999999999@" + host());
    try (OutputSet set = prepare(false, "model")) {
      assertFalse(Files.exists(ours), "a dead process's staging folder is removed");
      assertTrue(Files.exists(alive) && Files.exists(unmarked) && Files.exists(named));
      assertEquals("the old report", Files.readString(dir.resolve("report/a.txt")),
          "an output moved aside by a killed commit is put back");
    }
  }

  private static String host() {
    String n = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    return n.substring(n.indexOf('@') + 1);
  }
}
