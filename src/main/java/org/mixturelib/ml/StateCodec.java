package org.mixturelib.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.persistence.Persistent;

/**
 * A model's fitted parameters as {@code data.json}: the sizes, then the experts and the gate,
 * each as {@code {"type": id, "parameters": {...}}} holding what the component wrote of itself
 * ({@link Persistent}, encoded by {@link JsonParameters}: doubles bit for bit). The metadata
 * records the file's CRC-32. Loading restores the numbers into experts and a gate built from
 * the model's params, and checks that the type ids agree. Files of the layout before type ids
 * are read through {@link LegacyLayout}.
 */
final class StateCodec {
  static final String DATA = "data.json";
  /** The field of the experts: their type id and parameters. */
  static final String EXPERTS = "experts";
  /** The field of the gate: its type id and parameters. */
  static final String GATE = "gate";
  /** The field inside a component that holds what it wrote. */
  static final String PARAMETERS = "parameters";

  private StateCodec() {}

  /** Writes {@code data.json} and its checksum into the metadata. */
  static void write(Fitted f, FileSystem fs, Path dir, ObjectNode metadata) throws IOException {
    byte[] bytes = StageWriter.JSON.writeValueAsBytes(encode(f));
    StageWriter.writeBytes(fs, new Path(dir, DATA), bytes);
    metadata.put("dataCrc32", crc(bytes));
  }

  /** Builds the experts and the gate that the params describe, before the numbers go in. */
  @FunctionalInterface
  interface Layout {
    /**
     * The configured state for features vectors of the given length and m outputs.
     *
     * @param savedExperts the type id of the experts the file holds (what the state's experts
     *     must have)
     */
    MixtureState build(int numFeatures, int numOutputs, int numGateInputs,
        String savedExperts);
  }

  /**
   * Reads {@code data.json} into the state that {@code layout} builds from the params and
   * returns the model's content.
   */
  static Fitted read(FileSystem fs, Path dir, JsonNode metadata, Layout layout)
      throws IOException {
    Path file = new Path(dir, DATA);
    if (!fs.exists(file)) {
      throw new IllegalArgumentException("'" + DATA + "' is missing");
    }
    byte[] bytes = StageReader.readBytes(fs, file);
    JsonNode crc = metadata.get("dataCrc32");
    if (crc == null || !crc.asText().equals(crc(bytes))) {
      throw new IllegalArgumentException("'" + DATA + "' does not match the checksum recorded"
          + " in 'metadata' (the file is corrupted or was edited)");
    }
    JsonNode data;
    try {
      data = StageWriter.JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("'" + DATA + "' is not valid JSON");
    }
    if (LegacyLayout.applies(data)) {
      data = LegacyLayout.upgrade(data);
    }
    return decode(data, layout.build(integer(data, "numFeatures"), integer(data,
        "numOutputs"), gateInputs(data), data.path(EXPERTS).path("type").asText()));
  }

  private static String crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return Long.toHexString(c.getValue());
  }

  private static ObjectNode encode(Fitted f) {
    ExpertFamily ex = f.state().experts();
    ObjectNode root = StageWriter.JSON.createObjectNode();
    root.put("numComponents", ex.numExperts());
    root.put("numFeatures", f.numFeatures());
    root.put("numCoefficients", ex.numFeatures());
    root.put("numOutputs", ex.numOutputs());
    root.put("vectorLabel", f.vectorLabel());
    if (f.numGateInputs() > 0) {
      root.put("numGateInputs", f.numGateInputs());
    }
    root.set(EXPERTS, component(ex));
    root.set(GATE, component(f.state().gate()));
    return root;
  }

  /** A component as {@code {"type": its id, "parameters": what it writes}}. */
  private static ObjectNode component(Persistent c) {
    ObjectNode node = StageWriter.JSON.createObjectNode();
    node.put("type", c.typeId());
    c.writeParameters(new JsonParameters(node.putObject(PARAMETERS)));
    return node;
  }

  /**
   * Restores a saved component into the configured one, whose type id it must have.
   *
   * @param what the component's field ({@value #EXPERTS} or {@value #GATE})
   */
  private static void restore(JsonNode root, String what, Persistent configured) {
    JsonParameters saved = JsonParameters.of(root.get(what), what);
    String type = saved.text("type");
    if (!type.equals(configured.typeId())) {
      throw corrupt("'" + what + "' has type '" + type + "' but the params describe '"
          + configured.typeId() + "'");
    }
    configured.readParameters(JsonParameters.of(root.get(what).get(PARAMETERS),
        what + "." + PARAMETERS));
  }

  private static Fitted decode(JsonNode root, MixtureState configured) {
    ExpertFamily family = configured.experts();
    expectInt(root, "numComponents", family.numExperts());
    expectInt(root, "numCoefficients", family.numFeatures());
    expectInt(root, "numOutputs", family.numOutputs());
    int numFeatures = integer(root, "numFeatures");
    restore(root, EXPERTS, family);
    restore(root, GATE, configured.gate());
    JsonNode vectorLabel = root.get("vectorLabel");
    if (vectorLabel == null || !vectorLabel.isBoolean()) {
      throw corrupt("'vectorLabel' is missing");
    }
    return new Fitted(configured, numFeatures, vectorLabel.asBoolean(), gateInputs(root));
  }

  /** The number of the gate's own inputs; 0 (absent, as in files saved before them). */
  private static int gateInputs(JsonNode root) {
    return root.has("numGateInputs") ? integer(root, "numGateInputs") : 0;
  }

  private static int integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToInt()) {
      throw corrupt("'" + field + "' is missing");
    }
    return v.asInt();
  }

  private static void expectInt(JsonNode node, String field, int expected) {
    int v = integer(node, field);
    if (v != expected) {
      throw corrupt("'" + field + "' is " + v + " but the params give " + expected);
    }
  }

  /** An error naming {@code data.json} and what in it is wrong. */
  static IllegalArgumentException corrupt(String what) {
    return new IllegalArgumentException("'" + DATA + "': " + what);
  }
}
