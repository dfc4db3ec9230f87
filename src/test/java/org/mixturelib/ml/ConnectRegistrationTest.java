package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark Connect's ML server (Spark 4) reaches a library's stages only through {@link
 * ServiceLoader} registrations under {@code META-INF/services/}: it lists the providers by
 * {@code ServiceLoader.load(type).stream()}, makes an instance by the {@code (String uid)}
 * constructor, sets params by name, and loads saved stages by the class's static {@code
 * load(String)}. This test does the same with our classes, on both Spark lines, and checks that
 * every public stage of {@code org.mixturelib.ml} is registered.
 */
class ConnectRegistrationTest {
  private static final String PACKAGE = "org.mixturelib.ml.";
  @TempDir
  static Path tmp;
  private static Dataset<Row> frame;

  @BeforeAll
  static void data() {
    frame = Lines.frame(Lines.twoLines(120, 3), 2);
  }

  /** Our registered providers of one service type, by class name, as the server lists them. */
  private static Map<String, Class<?>> registered(Class<?> service) {
    Map<String, Class<?>> out = new TreeMap<>();
    ServiceLoader.load(service, Thread.currentThread().getContextClassLoader()).stream()
        .map(ServiceLoader.Provider::type)
        .filter(t -> t.getName().startsWith(PACKAGE))
        .forEach(t -> out.put(t.getName(), t));
    return out;
  }

  /** Makes an instance the way the server does: the public (String uid) constructor. */
  private static <T> T make(Class<?> type, Class<T> as, String uid) throws Exception {
    return as.cast(type.getConstructor(String.class).newInstance(uid));
  }

  @Test
  void everyPublicStageIsRegisteredUnderItsServiceType() throws IOException {
    Set<String> estimators = new TreeSet<>();
    Set<String> transformers = new TreeSet<>();
    Set<String> evaluators = new TreeSet<>();
    Path dir = Paths.get("target", "classes", "org", "mixturelib", "ml");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(PACKAGE + name.substring(0, name.length() - 6));
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
        if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
          continue;
        }
        if (Estimator.class.isAssignableFrom(c)) {
          estimators.add(c.getName());
        } else if (Transformer.class.isAssignableFrom(c)) {
          transformers.add(c.getName());
        } else if (Evaluator.class.isAssignableFrom(c)) {
          evaluators.add(c.getName());
        }
      }
    }
    assertEquals(Set.of(PACKAGE + "MixtureOfRegressions", PACKAGE + "MixtureOfExperts"),
        estimators);
    assertEquals(estimators, registered(Estimator.class).keySet());
    assertEquals(transformers, registered(Transformer.class).keySet());
    assertEquals(evaluators, registered(Evaluator.class).keySet());
    assertEquals(Set.of(PACKAGE + "MixtureOfRegressionsModel", PACKAGE + "MixtureOfExpertsModel",
        PACKAGE + "MixtureModelParameters"), transformers);
    assertEquals(1, evaluators.size());
  }

  @Test
  void everyRegisteredClassIsMadeByItsUidConstructorWithDefaultParams() throws Exception {
    for (Class<?> service : new Class<?>[] {Estimator.class, Transformer.class,
        Evaluator.class}) {
      for (Class<?> type : registered(service).values()) {
        Params p = make(type, Params.class, "connect-" + type.getSimpleName());
        assertEquals("connect-" + type.getSimpleName(), p.uid(), type.getName());
        assertTrue(service.isInstance(p), type.getName());
        // the server sets params by name from the client's literals
        if (p.hasParam("k")) {
          p.set(p.getParam("k"), 3);
          assertEquals(3, p.getOrDefault(p.getParam("k")));
        }
        assertTrue(p.params().length > 0, type.getName());
        if (p instanceof MLWritable) {
          assertNotNull(type.getMethod("load", String.class), type.getName());
          assertTrue(Modifier.isStatic(type.getMethod("load", String.class).getModifiers()));
        }
      }
    }
  }

  @Test
  void estimatorsMadeLikeTheServerFitAndTheirModelsLoadThroughTheRegisteredClass()
      throws Exception {
    Map<String, Class<?>> models = registered(Transformer.class);
    for (Class<?> type : registered(Estimator.class).values()) {
      Estimator<?> e = make(type, Estimator.class, "est-" + type.getSimpleName());
      e.set(e.getParam("k"), 2);
      e.set(e.getParam("numInit"), 1);
      e.set(e.getParam("maxIter"), 5);
      Model<?> m = (Model<?>) e.fit(frame);
      Class<?> modelType = models.get(m.getClass().getName());
      assertSame(m.getClass(), modelType, "the fitted model's class is registered");
      String path = tmp.resolve(type.getSimpleName()).toString();
      ((MixtureModel<?>) m).write().save(path);
      Method load = modelType.getMethod("load", String.class);
      Transformer loaded = (Transformer) load.invoke(null, path);
      assertEquals(m.uid(), loaded.uid());
      assertEquals(m.transform(frame).collectAsList(), loaded.transform(frame).collectAsList());
      // an estimator's saved params load through its registered class too
      String estPath = tmp.resolve(type.getSimpleName() + "-estimator").toString();
      ((org.apache.spark.ml.util.MLWritable) e).write().save(estPath);
      PipelineStage again = (PipelineStage) type.getMethod("load", String.class)
          .invoke(null, estPath);
      assertEquals(2, ((Params) again).getOrDefault(((Params) again).getParam("k")));
    }
  }

  @Test
  void anEmptyModelSaysSoInsteadOfScoring() throws Exception {
    for (Class<?> type : registered(Transformer.class).values()) {
      if (!MixtureModel.class.isAssignableFrom(type)) {
        continue;
      }
      MixtureModel<?> m = make(type, MixtureModel.class, "empty");
      IllegalStateException ex = assertThrows(IllegalStateException.class,
          () -> m.transform(frame));
      assertTrue(ex.getMessage().contains("'empty' is empty"), ex.getMessage());
      assertEquals("empty", m.copy(new org.apache.spark.ml.param.ParamMap()).uid());
    }
  }

  @Test
  void theParametersTransformerReturnsWhatTheAccessorsReturnForEitherSavedModel()
      throws Exception {
    MixtureOfRegressionsModel regressions = new MixtureOfRegressions().setK(2).setNumInit(1)
        .setMaxIter(5).fit(frame);
    MixtureOfExpertsModel experts = new MixtureOfExperts().setK(2).setGate("linear")
        .setNumInit(1).setMaxIter(5).fit(frame);
    for (MixtureModel<?> m : java.util.List.<MixtureModel<?>>of(regressions, experts)) {
      String path = tmp.resolve("parameters-" + m.uid()).toString();
      m.write().save(path);
      // made and set by name, as the server makes a registered transformer
      Transformer t = make(registered(Transformer.class).get(PACKAGE + "MixtureModelParameters"),
          Transformer.class, "params-" + m.uid());
      t.set(t.getParam("modelPath"), path);
      java.util.List<Row> rows = t.transform(frame).collectAsList();
      assertEquals(1, rows.size());
      Row r = rows.get(0);
      assertEquals(m.getClass().getName(), r.getAs("modelClass"));
      assertEquals(m.numComponents(), (int) r.getAs("numComponents"));
      assertEquals(m.numFeatures(), (int) r.getAs("numFeatures"));
      assertEquals(m.numOutputs(), (int) r.getAs("numOutputs"));
      assertEquals(m.coefficients(), r.getAs("coefficients"));
      assertEquals(m.intercepts(), r.getAs("intercepts"));
      assertEquals(m.noiseVariances(), r.getAs("noiseVariances"));
      assertEquals(m.dispersions(), r.getAs("dispersions"));
      assertEquals(m.expertLink().id(), r.getAs("expertLink"));
      Matrix[] cov = m.posteriorCovariances();
      assertEquals(java.util.Arrays.asList(cov), r.getList(r.fieldIndex("posteriorCovariances")));
      if (m instanceof MixtureOfExpertsModel e) {
        assertEquals(e.gateParameters(), r.getAs("gateParameters"));
        assertEquals(java.util.Arrays.stream(e.gateLayerSizes()).boxed().toList(),
            r.getList(r.fieldIndex("gateLayerSizes")));
        assertTrue(r.isNullAt(r.fieldIndex("mixingWeights")));
      } else {
        assertEquals(regressions.mixingWeights(), r.getAs("mixingWeights"));
        assertTrue(r.isNullAt(r.fieldIndex("gateParameters")));
      }
    }
  }

  @Test
  void theParametersTransformerNamesAMissingOrWrongModelPath() {
    IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
        () -> new MixtureModelParameters().transform(frame));
    assertTrue(unset.getMessage().startsWith("modelPath is not set"), unset.getMessage());
    String nowhere = tmp.resolve("no-model-here").toString();
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> new MixtureModelParameters().setModelPath(nowhere).transform(frame));
    assertEquals("modelPath '" + nowhere + "' holds no mixturelib model (no 'metadata' file)",
        missing.getMessage());
  }
}
