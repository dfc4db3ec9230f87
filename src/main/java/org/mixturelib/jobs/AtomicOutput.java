package org.mixturelib.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes an output folder under a temporary name beside its target, then renames it into
 * place, so that a job killed halfway leaves no half-written model or table. (Renaming a folder
 * is atomic on HDFS and local disks; object stores such as S3 copy instead.)
 */
final class AtomicOutput {
  /** Fills a folder. */
  @FunctionalInterface
  interface Writer<P> {
    /**
     * Writes everything into {@code folder}: a Hadoop output's folder does not exist yet (Spark's
     * writers create it), a local one exists and is empty.
     */
    void write(P folder) throws IOException;
  }

  private AtomicOutput() {}

  /**
   * An output on any Hadoop file system (models, prediction tables).
   *
   * @param spark the session (for the Hadoop configuration)
   * @param target the folder to create
   * @param overwrite replace an existing target; otherwise an existing target is an error
   * @param writer fills the temporary folder, given as a path string
   */
  static void hadoop(SparkSession spark, String target, boolean overwrite,
      Writer<String> writer) {
    Path t = new Path(target);
    try {
      FileSystem fs = t.getFileSystem(spark.sparkContext().hadoopConfiguration());
      t = fs.makeQualified(t);
      if (fs.exists(t) && !overwrite) {
        throw new UsageException("output '" + target + "' already exists; pass --overwrite to"
            + " replace it");
      }
      Path parent = t.getParent();
      if (parent != null) {
        fs.mkdirs(parent);
      }
      Path tmp = new Path(parent, "." + t.getName() + ".tmp-" + UUID.randomUUID());
      try {
        writer.write(tmp.toString());
        if (fs.exists(t)) {
          fs.delete(t, true);
        }
        if (!fs.rename(tmp, t)) {
          throw new IOException("could not rename " + tmp + " to " + t);
        }
      } finally {
        fs.delete(tmp, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write output '" + target + "'", e);
    }
  }

  /**
   * A folder on the driver's local disk (reports).
   *
   * @param target the folder to create
   * @param overwrite replace an existing target; otherwise an existing target is an error
   * @param writer fills the temporary folder
   */
  static void local(java.nio.file.Path target, boolean overwrite,
      Writer<java.nio.file.Path> writer) {
    java.nio.file.Path t = target.toAbsolutePath().normalize();
    if (Files.exists(t) && !overwrite) {
      throw new UsageException("output '" + target + "' already exists; pass --overwrite to"
          + " replace it");
    }
    java.nio.file.Path tmp = t.resolveSibling("." + t.getFileName() + ".tmp-"
        + UUID.randomUUID());
    try {
      Files.createDirectories(t.getParent());
      try {
        Files.createDirectory(tmp);
        writer.write(tmp);
        if (Files.exists(t)) {
          deleteTree(t);
        }
        Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        deleteTree(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write output '" + target + "'", e);
    }
  }

  private static void deleteTree(java.nio.file.Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<java.nio.file.Path> s = Files.walk(p)) {
      for (java.nio.file.Path q : (Iterable<java.nio.file.Path>) s.sorted(
          Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    }
  }
}
