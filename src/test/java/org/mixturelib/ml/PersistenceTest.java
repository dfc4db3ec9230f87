package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.HyperModelDirichlet;
import org.mixturelib.hypermodels.HyperModelGateSparsed;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.support.LinearState;

class PersistenceTest {
  @TempDir
  static Path tmp;
  private static Dataset<Row> frame;
  private static MixtureOfRegressionsModel regressions;

  @BeforeAll
  static void fit() {
    frame = Lines.frame(Lines.gated(120, 5), 2);
    regressions = new MixtureOfRegressions().setNumInit(1).setMaxIter(5).fit(frame);
  }

  @Test
  void regressionModelRoundTripsBitExact() throws IOException {
    String path = tmp.resolve("reg").toString();
    regressions.write().save(path);
    MixtureOfRegressionsModel loaded = MixtureOfRegressionsModel.load(path);
    sameModel(regressions, loaded);
    assertFalse(loaded.hasSummary());
    assertArrayEquals(regressions.mixingWeights().toArray(), loaded.mixingWeights().toArray());
    assertEquals(regressions.logLikelihood(frame), loaded.logLikelihood(frame));
    assertEquals(regressions.transform(frame).collectAsList(),
        loaded.transform(frame).collectAsList());
  }

  @Test
  void priorsAndEveryGateRoundTripBitExact() throws IOException {
    MixtureOfRegressionsModel prior = new MixtureOfRegressions().setNumInit(1).setMaxIter(3)
        .setNoiseModel("shared").setPriorCovariance(10).setPriorMean(new double[] {0.5, 0})
        .setUpdatePrior(true).fit(frame);
    assertTrue(LinearState.experts(prior.mixtureState()).hasPrior(0));
    sameModel(prior, roundTrip(prior, MixtureOfRegressionsModel::load));
    for (String gate : List.of("linear", "mlp", "sparse")) {
      MixtureOfExpertsModel m = new MixtureOfExperts().setGate(gate)
          .setHiddenLayers(new int[] {3}).setNumInit(1).setMaxIter(2).fit(frame);
      MixtureOfExpertsModel loaded = roundTrip(m, MixtureOfExpertsModel::load);
      sameModel(m, loaded);
      assertArrayEquals(m.gateParameters().toArray(), loaded.gateParameters().toArray());
      assertEquals(m.transform(frame).collectAsList(), loaded.transform(frame).collectAsList(),
          gate);
    }
    MixtureOfExpertsModel relu = new MixtureOfExperts().setGate("mlp").setActivation("relu")
        .setHiddenLayers(new int[] {3, 3}).setNumInit(1).setMaxIter(2).fit(frame);
    MixtureOfExpertsModel reluLoaded = roundTrip(relu, MixtureOfExpertsModel::load);
    assertEquals("relu", reluLoaded.getActivation());
    assertEquals(org.mixturelib.hypermodels.Activation.RELU,
        ((org.mixturelib.hypermodels.NetworkGate) reluLoaded.mixtureState().gate())
            .activation());
    assertEquals(relu.transform(frame).collectAsList(),
        reluLoaded.transform(frame).collectAsList(), "relu");
  }

  /**
   * Saved files name the experts and the gate by their stable type ids (the family and gate
   * params' values), never by a class; a file whose type id disagrees with the params is
   * refused naming both.
   */
  @Test
  void componentsAreSavedUnderTheirTypeIds() throws IOException {
    Path dir = tmp.resolve("type-ids");
    regressions.write().save(dir.toString());
    String json = Files.readString(dir.resolve("data.json"));
    assertTrue(json.contains("\"experts\":{\"type\":\"gaussian\""), json);
    assertTrue(json.contains("\"gate\":{\"type\":\"dirichlet\""), json);
    assertFalse(json.contains("Hyper") || json.contains("LinearExperts"), json);
    for (String gate : List.of("linear", "mlp", "sparse")) {
      Path g = tmp.resolve("type-id-" + gate);
      new MixtureOfExperts().setGate(gate).setHiddenLayers(new int[] {3}).setNumInit(1)
          .setMaxIter(1).fit(frame).write().save(g.toString());
      assertTrue(Files.readString(g.resolve("data.json"))
          .contains("\"gate\":{\"type\":\"" + gate + "\""), gate);
    }
    String edited = json.replace("\"type\":\"gaussian\"", "\"type\":\"poisson\"");
    Files.writeString(dir.resolve("data.json"), edited);
    Files.delete(dir.resolve(".data.json.crc"));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(edited.getBytes(StandardCharsets.UTF_8));
    Path meta = dir.resolve("metadata");
    Files.writeString(meta, Files.readString(meta).replaceFirst("\"dataCrc32\":\"[0-9a-f]+\"",
        "\"dataCrc32\":\"" + Long.toHexString(crc.getValue()) + "\""));
    Files.delete(dir.resolve(".metadata.crc"));
    loadFails(dir.toString(), "'experts' has type 'poisson' but the params describe"
        + " 'gaussian'");
  }

  private static <M extends MixtureModel<M>> M roundTrip(M model,
      java.util.function.Function<String, M> load) throws IOException {
    String path = tmp.resolve(model.uid() + "-" + System.nanoTime()).toString();
    model.write().save(path);
    return load.apply(path);
  }

  @Test
  void estimatorsAndTheEvaluatorRoundTrip() throws IOException {
    MixtureOfRegressions est = new MixtureOfRegressions().setK(3).setTol(1e-5).setSeed(7)
        .setWeightCol("weight").setInitMode("given").setInitialModel(regressions)
        .setCheckpointInterval(-1);
    String path = tmp.resolve("est").toString();
    est.write().save(path);
    MixtureOfRegressions loaded = MixtureOfRegressions.load(path);
    sameParams(est, loaded);
    assertEquals(3, loaded.getK());
    assertEquals(-1, loaded.getCheckpointInterval());
    sameModel(regressions, loaded.getInitialModel());

    MixtureOfExperts experts = new MixtureOfExperts().setGate("mlp")
        .setHiddenLayers(new int[] {4, 2}).setPriorMean(new double[] {1, 2});
    String epath = tmp.resolve("experts").toString();
    experts.write().save(epath);
    MixtureOfExperts eloaded = MixtureOfExperts.load(epath);
    sameParams(experts, eloaded);
    assertArrayEquals(new int[] {4, 2}, eloaded.getHiddenLayers());
    assertEquals(null, eloaded.getInitialModel());

    MixtureLikelihoodEvaluator ev = new MixtureLikelihoodEvaluator().setWeightCol("w");
    String vpath = tmp.resolve("eval").toString();
    ev.write().save(vpath);
    sameParams(ev, MixtureLikelihoodEvaluator.load(vpath));
  }

  @Test
  void saveRefusesAnExistingPathUnlessOverwriting() throws IOException {
    String path = tmp.resolve("twice").toString();
    MixtureOfRegressions est = new MixtureOfRegressions().setK(3);
    est.write().save(path);
    assertThrows(IOException.class, () -> est.write().save(path));
    est.setK(4).write().overwrite().save(path);
    assertEquals(4, MixtureOfRegressions.load(path).getK());
    try (var names = Files.list(tmp)) {
      assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith(".")),
          "no temporary directory is left behind");
    }
  }

  @Test
  void anInterruptedSaveLeavesNothingAtThePath() throws IOException {
    Path path = tmp.resolve("interrupted");
    StageWriter failing = new StageWriter(regressions, (fs, dir, meta) -> {
      StateCodec.write(regressions.fitted(), fs, dir, meta);
      throw new IOException("disk full");
    });
    assertThrows(IOException.class, () -> failing.save(path.toString()));
    assertFalse(Files.exists(path));
    regressions.write().save(path.toString());
    assertThrows(IOException.class, () -> failing.overwrite().save(path.toString()));
    sameModel(regressions, MixtureOfRegressionsModel.load(path.toString()));
    try (var names = Files.list(tmp)) {
      assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith(".")),
          "no temporary directory is left behind");
    }
  }

  @Test
  void corruptedDirectoriesGiveClearErrors() throws IOException {
    Path dir = tmp.resolve("corrupt");
    String path = dir.toString();
    loadFails(path, "the directory does not exist");
    regressions.write().save(path);
    loadFailsAs(MixtureOfExpertsModel::load, path,
        "holds a org.mixturelib.ml.MixtureOfRegressionsModel, not a");
    Path data = dir.resolve("data.json");
    String json = Files.readString(data);
    Files.writeString(data, json.replaceFirst("\"3f", "\"40"));
    // caught by the local file system's own checksum, then by the one in the metadata
    loadFails(path, "'data.json' does not match the checksum the file system recorded");
    Files.delete(dir.resolve(".data.json.crc"));
    loadFails(path, "'data.json' does not match the checksum recorded in 'metadata'");
    Files.delete(data);
    loadFails(path, "'data.json' is missing");
    Path meta = dir.resolve("metadata");
    Files.delete(dir.resolve(".metadata.crc"));
    Files.writeString(meta, "{\"class\": \"org.mixturelib.ml.Mix", StandardCharsets.UTF_8);
    loadFails(path, "'metadata' is not valid JSON");
    Files.delete(meta);
    loadFails(path, "'metadata' is missing");
    Path file = tmp.resolve("plain-file");
    Files.writeString(file, "x");
    loadFails(file.toString(), "it is a file");
  }

  @Test
  void inconsistentDataIsReportedAsCorruption() throws IOException {
    Path dir = tmp.resolve("inconsistent");
    regressions.write().save(dir.toString());
    Path meta = dir.resolve("metadata");
    // the params say 3 components, the data holds 2
    Files.writeString(meta, Files.readString(meta).replace("\"k\":2", "\"k\":3"));
    Files.delete(dir.resolve(".metadata.crc"));
    loadFails(dir.toString(), "sizes do not agree: the params give k = 3 components,"
        + " 'data.json' has 2");
  }

  private static void loadFails(String path, String part) {
    loadFailsAs(MixtureOfRegressionsModel::load, path, part);
  }

  private static void loadFailsAs(java.util.function.Function<String, ?> load, String path,
      String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> load.apply(path));
    assertTrue(e.getMessage().contains(path), e.getMessage());
    assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part
        + "'");
  }

  static void sameModel(MixtureModel<?> a, MixtureModel<?> b) {
    assertNotNull(b);
    assertEquals(a.uid(), b.uid());
    sameParams(a, b);
    assertEquals(a.numFeatures(), b.numFeatures());
    sameState(a.mixtureState(), b.mixtureState());
  }

  static void sameParams(Params a, Params b) {
    assertEquals(a.uid(), b.uid());
    assertEquals(a.params().length, b.params().length);
    for (Param<?> p : a.params()) {
      Param<Object> q = b.getParam(p.name());
      assertEquals(a.isSet(p), b.isSet(q), p.name());
      assertEquals(a.hasDefault(p), b.hasDefault(q), p.name());
      if (a.isDefined(p)) {
        assertTrue(Objects.deepEquals(a.getOrDefault(p), b.getOrDefault(q)), p.name());
      }
    }
  }

  static void sameState(MixtureState a, MixtureState b) {
    LinearExperts x = LinearState.experts(a);
    LinearExperts y = LinearState.experts(b);
    assertEquals(x.noiseModel(), y.noiseModel());
    assertArrayEquals(x.noiseVariances(), y.noiseVariances());
    for (int e = 0; e < x.numExperts(); e++) {
      assertArrayEquals(x.coefficients(e), y.coefficients(e));
      assertArrayEquals(x.covariance(e), y.covariance(e));
      assertArrayEquals(x.priorPrecision(e), y.priorPrecision(e));
      assertArrayEquals(x.priorMean(e), y.priorMean(e));
    }
    Gate g = a.gate();
    Gate h = b.gate();
    assertEquals(g.getClass(), h.getClass());
    if (g instanceof HyperModelDirichlet dg) {
      assertArrayEquals(dg.posterior(), ((HyperModelDirichlet) h).posterior());
    } else if (g instanceof HyperModelGateSparsed sg) {
      assertArrayEquals(sg.meanResponsibility(), ((HyperModelGateSparsed) h)
          .meanResponsibility());
    } else {
      assertTrue(Arrays.equals(((TrainedGate) g).parameters(), ((TrainedGate) h).parameters()));
    }
  }
}
