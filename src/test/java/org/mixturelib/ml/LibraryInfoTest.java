package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** LibraryInfo reports the build's own coordinates, which the Python package checks. */
class LibraryInfoTest {
  @Test
  void reportsTheBuildsCoordinates() {
    String running = scala.util.Properties.versionNumberString();
    assertEquals("mixturelib-spark_" + LibraryInfo.scalaBinaryVersion(), LibraryInfo.artifactId());
    assertTrue(running.startsWith(LibraryInfo.scalaBinaryVersion() + "."), running);
    assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), LibraryInfo.sparkVersion());
    assertTrue(LibraryInfo.version().matches("\\d+\\.\\d+\\.\\d+(-.+)?"), LibraryInfo.version());
  }

  @Test
  void baseVersionDropsTheQualifier() {
    assertEquals("0.1.0", LibraryInfo.baseVersion("0.1.0-SNAPSHOT"));
    assertEquals("0.1.0", LibraryInfo.baseVersion("0.1.0"));
  }

  @Test
  void findsItsOwnSingleCopy() {
    String[] copies = LibraryInfo.copies();
    assertEquals(1, copies.length, String.join("\n", copies));
    assertTrue(copies[0].startsWith(LibraryInfo.artifactId() + " " + LibraryInfo.version()
        + " at "), copies[0]);
  }
}
