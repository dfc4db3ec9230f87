package org.mixturelib.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperExpertNN;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.GlmExperts;
import org.mixturelib.localmodels.LinearExperts;

/**
 * A model's fitted parameters as {@code data.json}: every double as the 16 hex digits of its
 * raw IEEE bits, so that a load is bit-exact. The metadata records the file's CRC-32. Loading
 * restores the numbers into experts and a gate built from the model's params, and checks that
 * the two agree.
 */
final class StateCodec {
  static final String DATA = "data.json";

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
    /** The configured state for features vectors of the given length and m outputs. */
    MixtureState build(int numFeatures, int numOutputs, int numGateInputs);
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
    return decode(data, layout.build(integer(data, "numFeatures"), integer(data,
        "numOutputs"), gateInputs(data)));
  }

  private static String crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return Long.toHexString(c.getValue());
  }

  private static ObjectNode encode(Fitted f) {
    if (f.state().experts() instanceof GlmExperts glm) {
      return encodeGlm(f, glm);
    }
    LinearExperts ex = linear(f.state());
    ObjectNode root = header(f, ex);
    root.set("noiseVariances", bits(ex.noiseVariances()));
    ArrayNode experts = root.putArray("experts");
    for (int e = 0; e < ex.numExperts(); e++) {
      ObjectNode one = experts.addObject();
      one.set("coefficients", bits(ex.coefficients(e)));
      double[] cov = ex.covariance(e);
      if (cov != null) {
        one.set("covariance", bits(cov));
      }
      if (ex.hasPrior(e)) {
        one.set("priorPrecision", bits(ex.priorPrecision(e)));
        one.set("priorMean", bits(ex.priorMean(e)));
        one.put("diagonalPrior", ex.diagonalPrior(e));
      }
    }
    root.set("gate", encodeGate(f.state().gate()));
    return root;
  }

  /** The sizes every saved model starts with (each family's parameters follow). */
  private static ObjectNode header(Fitted f, ExpertFamily ex) {
    ObjectNode root = StageWriter.JSON.createObjectNode();
    root.put("numComponents", ex.numExperts());
    root.put("numFeatures", f.numFeatures());
    root.put("numCoefficients", ex.numFeatures());
    root.put("numOutputs", ex.numOutputs());
    root.put("vectorLabel", f.vectorLabel());
    if (f.numGateInputs() > 0) {
      root.put("numGateInputs", f.numGateInputs());
    }
    return root;
  }

  /** GLM experts: the family, each expert's coefficients and the dispersions. */
  private static ObjectNode encodeGlm(Fitted f, GlmExperts ex) {
    ObjectNode root = header(f, ex);
    root.put("family", ex.family().paramName());
    root.set("dispersions", bits(ex.dispersions()));
    ArrayNode experts = root.putArray("experts");
    for (int e = 0; e < ex.numExperts(); e++) {
      experts.addObject().set("coefficients", bits(ex.coefficients(e)));
    }
    root.set("gate", encodeGate(f.state().gate()));
    return root;
  }

  private static void decodeGlm(JsonNode root, GlmExperts ex) {
    int k = ex.numExperts();
    String family = StageReader.text(root, "family", DATA);
    if (!family.equals(ex.family().paramName())) {
      throw corrupt("the experts are of family '" + family + "' but the params say '"
          + ex.family().paramName() + "'");
    }
    double[] dispersions = doubles(root, "dispersions", k);
    JsonNode experts = root.get("experts");
    if (experts == null || !experts.isArray() || experts.size() != k) {
      throw corrupt("'experts' must list " + k + " experts");
    }
    for (int e = 0; e < k; e++) {
      ex.setCoefficients(e, doubles(experts.get(e), "coefficients", ex.numFeatures()));
      if (ex.family().hasDispersion()) {
        ex.setDispersion(e, dispersions[e]);
      }
    }
  }

  private static ObjectNode encodeGate(Gate gate) {
    ObjectNode g = StageWriter.JSON.createObjectNode();
    g.put("type", gate.getClass().getSimpleName());
    if (gate instanceof HyperModelDirichlet dir) {
      g.set("posterior", bits(dir.posterior()));
    } else if (gate instanceof HyperExpertNN nn) {
      ArrayNode sizes = g.putArray("layerSizes");
      for (int s : nn.layerSizes()) {
        sizes.add(s);
      }
      g.put("skippedTrailingFeatures", nn.skippedTrailingFeatures());
      g.put("activation", nn.activation().id());
      g.set("parameters", bits(nn.parameters()));
    } else if (gate instanceof HyperModelGateSparsed sparse) {
      g.set("meanResponsibility", bits(sparse.meanResponsibility()));
    } else {
      throw new IllegalArgumentException("cannot save a " + gate.getClass().getName());
    }
    return g;
  }

  /** The state's experts, which this codec knows how to write: the Gaussian family's. */
  private static LinearExperts linear(MixtureState state) {
    if (!(state.experts() instanceof LinearExperts ex)) {
      throw new IllegalArgumentException("cannot save experts of type "
          + state.experts().getClass().getSimpleName());
    }
    return ex;
  }

  private static Fitted decode(JsonNode root, MixtureState configured) {
    ExpertFamily family = configured.experts();
    int k = family.numExperts();
    expectInt(root, "numComponents", k);
    expectInt(root, "numCoefficients", family.numFeatures());
    expectInt(root, "numOutputs", family.numOutputs());
    int numFeatures = integer(root, "numFeatures");
    if (family instanceof GlmExperts glm) {
      decodeGlm(root, glm);
    } else {
      decodeLinear(root, linear(configured));
    }
    decodeGate(root.get("gate"), configured.gate(), k);
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

  private static void decodeLinear(JsonNode root, LinearExperts ex) {
    int k = ex.numExperts();
    int d = ex.numFeatures();
    int m = ex.numOutputs();
    double[] noise = doubles(root, "noiseVariances", k);
    JsonNode experts = root.get("experts");
    if (experts == null || !experts.isArray() || experts.size() != k) {
      throw corrupt("'experts' must list " + k + " experts");
    }
    for (int e = 0; e < k; e++) {
      JsonNode one = experts.get(e);
      if (one.has("priorPrecision") != ex.hasPrior(e)) {
        throw corrupt("expert " + e + (ex.hasPrior(e) ? " lacks" : " has")
            + " a prior, but the params (priorCovariance) say otherwise");
      }
      if (ex.hasPrior(e)) {
        JsonNode diag = one.get("diagonalPrior");
        if (diag == null || !diag.isBoolean()) {
          throw corrupt("expert " + e + " lacks 'diagonalPrior'");
        }
        ex.restorePrior(e, doubles(one, "priorPrecision", d * d), diag.asBoolean(),
            doubles(one, "priorMean", d * m));
      }
      double[] coef = doubles(one, "coefficients", d * m);
      if (one.has("covariance")) {
        ex.restorePosterior(e, coef, doubles(one, "covariance", d * d));
      } else {
        ex.setCoefficients(e, coef);
      }
      ex.setNoiseVariance(e, noise[e]);
    }
  }

  private static void decodeGate(JsonNode g, Gate gate, int k) {
    if (g == null || !g.isObject()) {
      throw corrupt("'gate' is missing");
    }
    String type = StageReader.text(g, "type", DATA);
    if (!type.equals(gate.getClass().getSimpleName())) {
      throw corrupt("the gate is a " + type + " but the params describe a "
          + gate.getClass().getSimpleName());
    }
    if (gate instanceof HyperModelDirichlet dir) {
      dir.setPosterior(doubles(g, "posterior", k));
    } else if (gate instanceof HyperExpertNN nn) {
      JsonNode sizes = g.get("layerSizes");
      int[] saved = new int[sizes == null ? 0 : sizes.size()];
      for (int i = 0; i < saved.length; i++) {
        saved[i] = sizes.get(i).asInt();
      }
      if (!Arrays.equals(saved, nn.layerSizes())) {
        throw corrupt("the gate's layer sizes " + Arrays.toString(saved)
            + " differ from the params' " + Arrays.toString(nn.layerSizes()));
      }
      expectInt(g, "skippedTrailingFeatures", nn.skippedTrailingFeatures());
      // saves from before the activation param hold tanh networks
      String act = g.has("activation") ? g.get("activation").asText() : "tanh";
      if (!act.equals(nn.activation().id())) {
        throw corrupt("the gate's activation '" + act + "' differs from the params' '"
            + nn.activation().id() + "'");
      }
      nn.setParameters(doubles(g, "parameters", nn.parameters().length));
    } else if (gate instanceof HyperModelGateSparsed sparse) {
      sparse.setMeanResponsibility(doubles(g, "meanResponsibility", k));
    }
  }

  private static ArrayNode bits(double[] values) {
    ArrayNode a = StageWriter.JSON.createArrayNode();
    for (double v : values) {
      a.add(String.format("%016x", Double.doubleToRawLongBits(v)));
    }
    return a;
  }

  private static double[] doubles(JsonNode node, String field, int length) {
    JsonNode a = node.get(field);
    if (a == null || !a.isArray() || a.size() != length) {
      throw corrupt("'" + field + "' must hold " + length + " values, found "
          + (a == null ? "none" : a.isArray() ? a.size() : "no array"));
    }
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      String s = a.get(i).asText();
      if (s.length() != 16) {
        throw corrupt("'" + field + "' holds a malformed value '" + s + "'");
      }
      try {
        out[i] = Double.longBitsToDouble(Long.parseUnsignedLong(s, 16));
      } catch (NumberFormatException e) {
        throw corrupt("'" + field + "' holds a malformed value '" + s + "'");
      }
    }
    return out;
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

  private static IllegalArgumentException corrupt(String what) {
    return new IllegalArgumentException("'" + DATA + "': " + what);
  }
}
