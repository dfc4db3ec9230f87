package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs appear whole or not at all, and never replace an existing folder unasked. */
class AtomicOutputTest {
  @TempDir
  Path dir;

  private long entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void aCompleteOutputIsRenamedIntoPlace() throws IOException {
    Path target = dir.resolve("report");
    AtomicOutput.local(target, false, tmp -> Files.writeString(tmp.resolve("a.txt"), "x"));
    assertEquals("x", Files.readString(target.resolve("a.txt")));
    assertEquals(1, entries(), "no temporary folder is left behind");
  }

  @Test
  void aFailedWriterLeavesNothing() throws IOException {
    Path target = dir.resolve("report");
    assertThrows(UncheckedIOException.class, () -> AtomicOutput.local(target, false, tmp -> {
      Files.writeString(tmp.resolve("half.txt"), "x");
      throw new IOException("disk full");
    }));
    assertFalse(Files.exists(target));
    assertEquals(0, entries(), "the temporary folder is removed");
  }

  @Test
  void anExistingOutputNeedsOverwrite() throws IOException {
    Path target = dir.resolve("report");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    UsageException e = assertThrows(UsageException.class,
        () -> AtomicOutput.local(target, false, tmp -> { }));
    assertTrue(e.getMessage().endsWith("already exists; pass --overwrite to replace it"));
    assertTrue(Files.exists(target.resolve("old.txt")), "the old output is untouched");
    AtomicOutput.local(target, true, tmp -> Files.writeString(tmp.resolve("new.txt"), "new"));
    assertFalse(Files.exists(target.resolve("old.txt")));
    assertEquals("new", Files.readString(target.resolve("new.txt")));
  }
}
