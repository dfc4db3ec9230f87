package org.mixturelib.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code data.json} layout before components wrote themselves under type ids, rewritten
 * into today's layout so that models saved then load and score as they did. In that layout the
 * experts' values sat at the top level beside a list {@code "experts"} (Gaussian experts:
 * {@code "noiseVariances"}; GLM experts: {@code "family"} and {@code "dispersions"}; no family:
 * Gaussian; GLM experts now save their shapes, which are read as main did, {@code 1 /
 * dispersion}), and the gate was named by its class ({@code "HyperModelDirichlet"}, {@code
 * "HyperExpertNN"}, {@code "HyperModelGateSparsed"}), a network without its {@code
 * "activation"} being tanh. Each component's own values were what it writes today.
 */
final class LegacyLayout {
  private LegacyLayout() {}

  /** Whether {@code data} has the old layout (its experts are a list, not a component). */
  static boolean applies(JsonNode data) {
    return data.isObject() && data.path(StateCodec.EXPERTS).isArray();
  }

  /** The same model in today's layout. */
  static JsonNode upgrade(JsonNode data) {
    ObjectNode root = ((ObjectNode) data).deepCopy();
    ObjectNode experts = StageWriter.JSON.createObjectNode();
    JsonNode family = root.remove("family");
    experts.put("type", family == null ? "gaussian" : family.asText());
    ObjectNode values = experts.putObject(StateCodec.PARAMETERS);
    if (root.has("noiseVariances")) {
      values.set("noiseVariances", root.remove("noiseVariances"));
    }
    if (root.has("dispersions")) {
      // GLM experts now save their shapes; main's loader took 1 / dispersion as the shape
      JsonNode saved = root.remove("dispersions");
      ObjectNode holder = StageWriter.JSON.createObjectNode();
      holder.set("dispersions", saved);
      double[] shapes = new JsonParameters(holder).doubles("dispersions", saved.size());
      for (int e = 0; e < shapes.length; e++) {
        shapes[e] = 1 / shapes[e];
      }
      values.set("shapes", JsonParameters.bits(shapes));
    }
    values.set(StateCodec.EXPERTS, root.remove(StateCodec.EXPERTS));
    root.set(StateCodec.EXPERTS, experts);
    if (root.path(StateCodec.GATE).isObject()) {
      ObjectNode old = (ObjectNode) root.get(StateCodec.GATE);
      ObjectNode gate = StageWriter.JSON.createObjectNode();
      String type = old.path("type").asText();
      old.remove("type");
      if (type.equals("HyperExpertNN") && !old.has("activation")) {
        old.put("activation", "tanh");
      }
      gate.put("type", switch (type) {
        case "HyperModelDirichlet" -> "dirichlet";
        case "HyperModelGateSparsed" -> "sparse";
        case "HyperExpertNN" -> old.path("layerSizes").size() == 2 ? "linear" : "mlp";
        default -> type;
      });
      gate.set(StateCodec.PARAMETERS, old);
      root.set(StateCodec.GATE, gate);
    }
    return root;
  }
}
