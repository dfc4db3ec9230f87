package org.mixturelib.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;

/**
 * Saves a stage as a directory: {@code metadata} (one line of JSON with Spark's keys: class,
 * uid, timestamp, sparkVersion, paramMap, defaultParamMap, so that Spark's Pipeline reader finds
 * the class) and whatever the stage's {@link Content} adds. Everything is written into a hidden
 * sibling directory that is renamed onto the path at the end, so an interrupted save leaves
 * nothing at the path (and, with overwrite, the old stage stays until the rename).
 */
final class StageWriter extends MLWriter {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String METADATA = "metadata";
  static final int FORMAT_VERSION = 1;

  /** Writes a stage's files besides its metadata, and may add entries to the metadata. */
  @FunctionalInterface
  interface Content {
    /** Writes into {@code dir}. */
    void write(FileSystem fs, Path dir, ObjectNode metadata) throws IOException;
  }

  private final Params stage;
  private final Content content;

  StageWriter(Params stage, Content content) {
    this.stage = stage;
    this.content = content;
  }

  @Override
  public void save(String path) throws IOException {
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
    target = fs.makeQualified(target);
    if (fs.exists(target) && !shouldOverwrite()) {
      throw new IOException("Path " + path + " already exists. To overwrite it, please use"
          + " write.overwrite().save(path).");
    }
    String tag = UUID.randomUUID().toString();
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".saving-" + tag);
    try {
      write(fs, tmp);
      if (fs.exists(target)) {
        Path old = new Path(target.getParent(), "." + target.getName() + ".replaced-" + tag);
        rename(fs, target, old);
        rename(fs, tmp, target);
        fs.delete(old, true);
      } else {
        rename(fs, tmp, target);
      }
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  @Override
  public void saveImpl(String path) {
    try {
      Path dir = new Path(path);
      write(dir.getFileSystem(sc().hadoopConfiguration()), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the stage into {@code dir}: its content first, the metadata last. */
  void write(FileSystem fs, Path dir) throws IOException {
    fs.mkdirs(dir);
    ObjectNode meta = JSON.createObjectNode();
    meta.put("class", stage.getClass().getName());
    meta.put("timestamp", System.currentTimeMillis());
    meta.put("sparkVersion", sc().version());
    meta.put("uid", stage.uid());
    meta.set("paramMap", params(stage, true));
    meta.set("defaultParamMap", params(stage, false));
    meta.put("library", "mixturelib-spark");
    meta.put("formatVersion", FORMAT_VERSION);
    content.write(fs, dir, meta);
    writeFile(fs, new Path(dir, METADATA), JSON.writeValueAsString(meta) + "\n");
  }

  /** The stage's set (or default) param values as JSON, each encoded by its Param. */
  @SuppressWarnings("unchecked")
  private static ObjectNode params(Params stage, boolean set) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    for (Param<?> p : stage.params()) {
      scala.Option<?> value = set ? stage.get(p) : stage.getDefault(p);
      if (value.isDefined()) {
        out.set(p.name(), JSON.readTree(((Param<Object>) p).jsonEncode(value.get())));
      }
    }
    return out;
  }

  /** Writes a UTF-8 text file (overwriting). */
  static void writeFile(FileSystem fs, Path file, String text) throws IOException {
    writeBytes(fs, file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file (overwriting). */
  static void writeBytes(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }
}
