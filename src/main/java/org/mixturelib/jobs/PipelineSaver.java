package org.mixturelib.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWritable;
import scala.Option;

/**
 * Saves a fitted {@link PipelineModel} in Spark ML's layout ({@code metadata/} with the stage
 * uids, then {@code stages/<index>_<uid>/} per stage), so that {@code PipelineModel.load} and
 * the jobs' own loader read it as one saved by {@code pipeline.write().save(path)}, but with
 * fewer Spark jobs: Spark writes every metadata file through a one-row Spark job (about 0.1 s
 * each on a small fit). Here the pipeline's metadata and that of each stage that has nothing
 * but its params (Spark's {@code DefaultParamsWriter}: the SQL and assembler stages and a
 * formula's {@link FormulaFeatures}) are written by the driver, with the JSON Spark's own writer
 * produces; the other stages (the mixture) are saved by their own writers.
 */
final class PipelineSaver {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineSaver() {}

  /**
   * Writes the pipeline into {@code path}, which must not exist yet.
   *
   * @param pipeline the fitted pipeline
   * @param path the folder to create
   * @param sc the session's context (its Hadoop configuration and Spark version)
   * @throws IOException when a file cannot be written
   */
  static void save(PipelineModel pipeline, String path, SparkContext sc) throws IOException {
    Path dir = new Path(path);
    FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
    if (fs.exists(dir)) {
      throw new IOException("Path " + path + " already exists");
    }
    Transformer[] stages = pipeline.stages();
    ObjectNode metadata = (ObjectNode) JSON.readTree(metadata(pipeline, sc));
    // Spark's pipeline writer passes the stage uids as the pipeline's param map
    ArrayNode uids = ((ObjectNode) metadata.get("paramMap")).putArray("stageUids");
    for (Transformer t : stages) {
      uids.add(t.uid());
    }
    writeMetadata(fs, dir, JSON.writeValueAsString(metadata));
    String stagesDir = new Path(dir, "stages").toString();
    for (int i = 0; i < stages.length; i++) {
      String stagePath = Pipeline.SharedReadWrite$.MODULE$.getStagePath(stages[i].uid(), i,
          stages.length, stagesDir);
      if (((MLWritable) stages[i]).write() instanceof DefaultParamsWriter) {
        writeMetadata(fs, new Path(stagePath), metadata(stages[i], sc));
      } else {
        ((MLWritable) stages[i]).write().save(stagePath);
      }
    }
  }

  /** Spark's metadata JSON of a stage with no extra entries (class, uid, version, params). */
  private static String metadata(Params stage, SparkContext sc) {
    return DefaultParamsWriter$.MODULE$.getMetadataToSave(stage, sc, Option.empty(),
        Option.empty());
  }

  /**
   * {@code <dir>/metadata/part-00000} holding the JSON on one line, and {@code _SUCCESS}, as
   * Spark's one-partition text write leaves them.
   */
  private static void writeMetadata(FileSystem fs, Path dir, String json) throws IOException {
    Path folder = new Path(dir, "metadata");
    try (OutputStream out = fs.create(new Path(folder, "part-00000"), false)) {
      out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    }
    fs.create(new Path(folder, "_SUCCESS"), false).close();
  }
}
