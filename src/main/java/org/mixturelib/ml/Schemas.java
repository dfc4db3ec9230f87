package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mixturelib.data.GroupKeys;

/**
 * Schema checks and output columns of the mixture stages. Messages name the param and the
 * column.
 */
final class Schemas {
  private Schemas() {}

  /**
   * Checks the input columns and returns the schema with the output columns appended: the
   * prediction (a double, or a vector when {@code vectorPrediction}), probability,
   * componentPredictions and predictionStd (for a categorical family, levelProbability instead
   * of predictionStd, and the prediction a level index with the levels as its nominal
   * attribute's values), then, when the label column is present,
   * responsibility and logLikelihood. An output param set to "" adds no column.
   *
   * @param fitting whether the label (and weight) columns are required
   */
  static StructType transform(MixtureParams p, StructType schema, boolean fitting,
      boolean vectorPrediction) {
    DataType features = type(schema, p.featuresCol(), p.getFeaturesCol(), true);
    if (!(features instanceof VectorUDT)) {
      throw new IllegalArgumentException("featuresCol: column '" + p.getFeaturesCol()
          + "' has type " + features.simpleString() + "; expected a vector (use"
          + " VectorAssembler)");
    }
    DataType label = type(schema, p.labelCol(), p.getLabelCol(), fitting);
    boolean categorical = LabelLevels.applies(p);
    if (label != null && !(label instanceof VectorUDT) && !(label instanceof NumericType)
        && !(categorical && label instanceof StringType)) {
      throw new IllegalArgumentException("labelCol: column '" + p.getLabelCol() + "' has type "
          + label.simpleString() + "; expected a numeric type or a vector" + (label
          instanceof StringType ? " (strings are levels for family 'multinomial')" : ""));
    }
    if (fitting && !p.getWeightCol().isEmpty()) {
      DataType weight = type(schema, p.weightCol(), p.getWeightCol(), true);
      if (!(weight instanceof NumericType)) {
        throw new IllegalArgumentException("weightCol: column '" + p.getWeightCol()
            + "' has type " + weight.simpleString() + "; expected a numeric type");
      }
    }
    numeric(schema, p.offsetCol(), p.getOffsetCol(), true);
    numeric(schema, p.trialsCol(), p.getTrialsCol(), fitting);
    FamilyInputs.check(p, schema, true);
    if (!p.getGroupCol().isEmpty()) {
      DataType group = type(schema, p.groupCol(), p.getGroupCol(), fitting);
      if (group != null && !GroupKeys.supported(group)) {
        throw new IllegalArgumentException("groupCol: column '" + p.getGroupCol()
            + "' has type " + group.simpleString() + "; expected a string, integer or floating"
            + " point type");
      }
    }
    checkGateInputs(p, schema);
    List<StructField> fields = new ArrayList<>(List.of(schema.fields()));
    Map<String, String> taken = new HashMap<>();
    add(fields, taken, schema, p.predictionCol(), p.getPredictionCol(),
        vectorPrediction ? SQLDataTypes.VectorType() : DataTypes.DoubleType,
        categorical ? levelsMetadata(p) : Metadata.empty());
    add(fields, taken, schema, p.probabilityCol(), p.getProbabilityCol(),
        SQLDataTypes.VectorType());
    add(fields, taken, schema, p.componentPredictionsCol(), p.getComponentPredictionsCol(),
        SQLDataTypes.VectorType());
    if (categorical) {
      // a categorical answer's spread is its level probabilities, not a standard deviation
      add(fields, taken, schema, p.levelProbabilityCol(), p.getLevelProbabilityCol(),
          SQLDataTypes.VectorType());
    } else {
      add(fields, taken, schema, p.predictionStdCol(), p.getPredictionStdCol(),
          DataTypes.DoubleType);
    }
    if (label != null) {
      add(fields, taken, schema, p.responsibilityCol(), p.getResponsibilityCol(),
          SQLDataTypes.VectorType());
      add(fields, taken, schema, p.logLikelihoodCol(), p.getLogLikelihoodCol(),
          DataTypes.DoubleType);
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Checks that the gate's own inputs column, when named, exists and holds vectors. */
  private static void checkGateInputs(MixtureParams p, StructType schema) {
    String name = p.gateInputsColumn();
    if (name.isEmpty()) {
      return;
    }
    if (!has(schema, name)) {
      throw new IllegalArgumentException("gateFeaturesCol: column '" + name
          + "' does not exist; columns: " + String.join(", ", schema.fieldNames()));
    }
    DataType t = schema.apply(name).dataType();
    if (!(t instanceof VectorUDT)) {
      throw new IllegalArgumentException("gateFeaturesCol: column '" + name + "' has type "
          + t.simpleString() + "; expected a vector (use VectorAssembler)");
    }
  }

  /** Whether the schema has the named column. */
  static boolean has(StructType schema, String name) {
    for (String f : schema.fieldNames()) {
      if (f.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The column's type, or null when it is absent and not required. */
  private static DataType type(StructType schema, Param<String> param, String name,
      boolean required) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(param.name() + ": the column name is empty");
    }
    if (!has(schema, name)) {
      if (!required) {
        return null;
      }
      throw new IllegalArgumentException(param.name() + ": column '" + name
          + "' does not exist; columns: " + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(name).dataType();
  }

  /** Checks an optional numeric input column (nothing when its name is empty). */
  private static void numeric(StructType schema, Param<String> param, String name,
      boolean required) {
    if (name.isEmpty()) {
      return;
    }
    DataType t = type(schema, param, name, required);
    if (t != null && !(t instanceof NumericType)) {
      throw new IllegalArgumentException(param.name() + ": column '" + name + "' has type "
          + t.simpleString() + "; expected a numeric type");
    }
  }

  /**
   * The prediction's metadata for a categorical label: a nominal attribute with the levels'
   * names (when known), as Spark's classifiers write it, so that {@code IndexToString} turns
   * the predicted index back into the level's name.
   */
  private static Metadata levelsMetadata(MixtureParams p) {
    String[] levels = p.getLabelLevels();
    NominalAttribute a = NominalAttribute.defaultAttr().withName(p.getPredictionCol());
    return (levels.length > 0 ? a.withValues(levels) : a).toMetadata();
  }

  private static void add(List<StructField> fields, Map<String, String> taken,
      StructType schema, Param<String> param, String name, DataType type) {
    add(fields, taken, schema, param, name, type, Metadata.empty());
  }

  private static void add(List<StructField> fields, Map<String, String> taken,
      StructType schema, Param<String> param, String name, DataType type, Metadata metadata) {
    if (name.isEmpty()) {
      return;
    }
    if (has(schema, name)) {
      throw new IllegalArgumentException(param.name() + ": output column '" + name
          + "' already exists in the input; choose another name (or \"\" for no column)");
    }
    String other = taken.put(name, param.name());
    if (other != null) {
      throw new IllegalArgumentException(param.name() + " and " + other
          + " name the same output column '" + name + "'");
    }
    fields.add(new StructField(name, type, false, metadata));
  }

  /**
   * The names of the features vector's entries from its ML attributes (a {@code
   * VectorAssembler} records its input columns there), or null when it has none for every
   * entry.
   */
  static String[] featureNames(StructType schema, String featuresCol) {
    if (!has(schema, featuresCol)) {
      return null;
    }
    scala.Option<Attribute[]> attrs = AttributeGroup.fromStructField(schema.apply(featuresCol))
        .attributes();
    if (attrs.isEmpty()) {
      return null;
    }
    String[] names = new String[attrs.get().length];
    for (int j = 0; j < names.length; j++) {
      scala.Option<String> n = attrs.get()[j].name();
      if (n.isEmpty()) {
        return null;
      }
      names[j] = n.get();
    }
    return names;
  }
}
