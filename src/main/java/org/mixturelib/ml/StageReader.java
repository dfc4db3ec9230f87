package org.mixturelib.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;

/**
 * Loads a stage saved by {@link StageWriter}. Every problem with the directory (missing,
 * not a saved stage, another class, malformed or corrupted files) is an {@code
 * IllegalArgumentException} that names the path and what is wrong.
 *
 * @param <T> the stage type
 */
final class StageReader<T> extends MLReader<T> {
  /** Builds the stage from its directory, once the metadata has been checked. */
  @FunctionalInterface
  interface Factory<T> {
    /** Creates the stage; {@code metadata} holds its params. */
    T create(String uid, JsonNode metadata, FileSystem fs, Path dir) throws IOException;
  }

  private final Class<T> type;
  private final Factory<T> factory;

  StageReader(Class<T> type, Factory<T> factory) {
    this.type = type;
    this.factory = factory;
  }

  @Override
  public T load(String path) {
    String prefix = "cannot load " + type.getSimpleName() + " from '" + path + "': ";
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(sc().hadoopConfiguration());
      return read(fs, dir);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(prefix + describe(e), e);
    }
  }

  /** Reads the stage saved in {@code dir}. */
  T read(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      throw new IllegalArgumentException("the directory does not exist");
    }
    if (!fs.getFileStatus(dir).isDirectory()) {
      throw new IllegalArgumentException("it is a file, not a saved stage's directory");
    }
    Path metaPath = new Path(dir, StageWriter.METADATA);
    if (!fs.exists(metaPath)) {
      throw new IllegalArgumentException("'metadata' is missing (not a saved stage, or the"
          + " save did not finish)");
    }
    FileStatus status = fs.getFileStatus(metaPath);
    if (status.isDirectory()) {
      throw new IllegalArgumentException("'metadata' is a directory; this stage was not saved"
          + " by mixturelib");
    }
    JsonNode meta;
    try {
      meta = StageWriter.JSON.readTree(new String(readBytes(fs, metaPath),
          StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("'metadata' is not valid JSON ("
          + e.getOriginalMessage() + ")");
    }
    String cls = text(meta, "class", "metadata");
    if (!type.getName().equals(cls)) {
      throw new IllegalArgumentException("it holds a " + cls + ", not a " + type.getName());
    }
    JsonNode version = meta.get("formatVersion");
    if (version == null || !version.canConvertToInt()
        || version.asInt() > StageWriter.FORMAT_VERSION) {
      throw new IllegalArgumentException("'metadata' has format version " + version
          + "; this library reads versions up to " + StageWriter.FORMAT_VERSION);
    }
    return factory.create(text(meta, "uid", "metadata"), meta, fs, dir);
  }

  /** Sets the params recorded in {@code metadata} (defaults, then explicit values) on a stage. */
  static void applyParams(Params stage, JsonNode metadata) {
    apply(stage, object(metadata, "defaultParamMap"), true);
    apply(stage, object(metadata, "paramMap"), false);
  }

  private static void apply(Params stage, JsonNode values, boolean defaults) {
    Iterator<Map.Entry<String, JsonNode>> it = values.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!stage.hasParam(e.getKey())) {
        throw new IllegalArgumentException("'metadata' names a param '" + e.getKey()
            + "' that " + stage.getClass().getSimpleName() + " does not have");
      }
      Param<Object> p = stage.getParam(e.getKey());
      Object v;
      try {
        v = p.jsonDecode(e.getValue().toString());
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("'metadata' has a malformed value for param '"
            + e.getKey() + "': " + e.getValue());
      }
      if (defaults) {
        stage.setDefault(p, v);
      } else {
        stage.set(p, v);
      }
    }
  }

  /** A required text field of a JSON object. */
  static String text(JsonNode node, String field, String file) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + file + "' lacks the text field '" + field + "'");
    }
    return v.asText();
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException("'metadata' lacks the object '" + field + "'");
    }
    return v;
  }

  /** Reads a whole file (a checksum error of the file system names the file). */
  static byte[] readBytes(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    } catch (ChecksumException e) {
      throw new IllegalArgumentException("'" + file.getName() + "' does not match the checksum"
          + " the file system recorded for it (the file is corrupted or was edited)");
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e instanceof IllegalArgumentException && m != null ? m
        : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
