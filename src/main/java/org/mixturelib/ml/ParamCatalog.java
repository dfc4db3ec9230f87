package org.mixturelib.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Option;

/**
 * The params of a stage as JSON, for the Python package's wrappers to be checked against: one
 * object per param, {@code {"name", "doc", "type", "default"}}, in the stage's order, where
 * {@code type} is the Param class's simple name ({@code IntParam}, {@code Param}, ...) and
 * {@code default} the default's JSON as Spark saves it ({@code Param.jsonEncode}; doubles such
 * as Infinity are the strings "Inf", "-Inf", "NaN"), or null without a default.
 */
public final class ParamCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ParamCatalog() {
  }

  /** The catalog of a stage. */
  public static String of(Params stage) {
    ArrayNode out = JSON.createArrayNode();
    for (Param<?> p : stage.params()) {
      ObjectNode entry = out.addObject();
      entry.put("name", p.name());
      entry.put("doc", p.doc());
      entry.put("type", p.getClass().getSimpleName());
      Option<?> value = stage.getDefault(p);
      if (value.isDefined()) {
        entry.set("default", parse(encode(p, value.get())));
      } else {
        entry.putNull("default");
      }
    }
    return out.toString();
  }

  /**
   * The catalog of a stage class, made with its public no-argument constructor.
   *
   * @param className a fully qualified stage class name, e.g. {@code
   *     org.mixturelib.ml.MixtureOfRegressions}
   * @throws IllegalArgumentException when the class is not a stage with such a constructor
   */
  public static String of(String className) {
    try {
      Object stage = Class.forName(className).getConstructor().newInstance();
      if (!(stage instanceof Params params)) {
        throw new IllegalArgumentException(className + " is not a Spark ML stage");
      }
      return of(params);
    } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException
        | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException("className: cannot make " + className + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> String encode(Param<T> p, Object value) {
    return p.jsonEncode((T) value);
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a param's default is not JSON: " + json, e);
    }
  }
}
