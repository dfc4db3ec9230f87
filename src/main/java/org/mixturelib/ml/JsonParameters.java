package org.mixturelib.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * A component's parameters as one JSON object of {@code data.json}: every double as the 16 hex
 * digits of its raw IEEE bits (a load is bit-exact), ints and strings as JSON values, lists as
 * arrays of objects. The one place that knows this encoding.
 */
final class JsonParameters implements ParameterWriter, ParameterReader {
  private final ObjectNode node;

  JsonParameters(ObjectNode node) {
    this.node = node;
  }

  /** The parameters of {@code node}, or an error naming {@code what} when it is no object. */
  static JsonParameters of(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw StateCodec.corrupt("'" + what + "' is missing");
    }
    return new JsonParameters((ObjectNode) node);
  }

  @Override
  public void doubles(String name, double[] values) {
    node.set(name, bits(values));
  }

  /** The hex bits of every value. */
  static ArrayNode bits(double[] values) {
    ArrayNode a = StageWriter.JSON.createArrayNode();
    for (double v : values) {
      a.add(String.format("%016x", Double.doubleToRawLongBits(v)));
    }
    return a;
  }

  @Override
  public void ints(String name, int[] values) {
    ArrayNode a = node.putArray(name);
    for (int v : values) {
      a.add(v);
    }
  }

  @Override
  public void integer(String name, int value) {
    node.put(name, value);
  }

  @Override
  public void text(String name, String value) {
    node.put(name, value);
  }

  @Override
  public void flag(String name, boolean value) {
    node.put(name, value);
  }

  @Override
  public ParameterWriter item(String name) {
    JsonNode list = node.get(name);
    ArrayNode a = list instanceof ArrayNode existing ? existing : node.putArray(name);
    return new JsonParameters(a.addObject());
  }

  @Override
  public boolean has(String name) {
    return node.has(name);
  }

  @Override
  public double[] doubles(String name, int length) {
    JsonNode a = node.get(name);
    if (a == null || !a.isArray() || a.size() != length) {
      throw corrupt("'" + name + "' must hold " + length + " values, found "
          + (a == null ? "none" : a.isArray() ? a.size() : "no array"));
    }
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      String s = a.get(i).asText();
      if (s.length() != 16) {
        throw corrupt("'" + name + "' holds a malformed value '" + s + "'");
      }
      try {
        out[i] = Double.longBitsToDouble(Long.parseUnsignedLong(s, 16));
      } catch (NumberFormatException e) {
        throw corrupt("'" + name + "' holds a malformed value '" + s + "'");
      }
    }
    return out;
  }

  @Override
  public int[] ints(String name) {
    JsonNode a = node.get(name);
    if (a == null || !a.isArray()) {
      throw corrupt("'" + name + "' is missing");
    }
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).canConvertToInt()) {
        throw corrupt("'" + name + "' holds '" + a.get(i) + "', not a whole number");
      }
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  @Override
  public int integer(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.canConvertToInt()) {
      throw corrupt("'" + name + "' is missing");
    }
    return v.asInt();
  }

  @Override
  public String text(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw corrupt("'" + name + "' is missing");
    }
    return v.asText();
  }

  @Override
  public boolean flag(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isBoolean()) {
      throw corrupt("'" + name + "' is missing");
    }
    return v.asBoolean();
  }

  @Override
  public List<ParameterReader> items(String name, int count) {
    JsonNode a = node.get(name);
    if (a == null || !a.isArray() || a.size() != count) {
      throw corrupt("'" + name + "' must list " + count + " items, found "
          + (a == null ? "none" : a.isArray() ? a.size() : "no list"));
    }
    List<ParameterReader> out = new ArrayList<>(count);
    for (JsonNode item : a) {
      out.add(of(item, name + "' item"));
    }
    return out;
  }

  @Override
  public IllegalArgumentException corrupt(String what) {
    return StateCodec.corrupt(what);
  }
}
