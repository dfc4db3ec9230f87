package org.mixturelib.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  @TempDir
  Path tmp;

  @Test
  void pipelinesFitSaveLoadAndTransformIdentically() throws IOException {
    Dataset<Row> df = Lines.frame(Lines.gated(150, 11), 2).drop("features");
    List<PipelineStage> estimators = List.of(
        new MixtureOfRegressions().setNumInit(1).setMaxIter(20),
        new MixtureOfExperts().setNumInit(1).setMaxIter(4));
    for (PipelineStage est : estimators) {
      Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
          new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("raw"),
          new StandardScaler().setInputCol("raw").setOutputCol("features"), est});
      PipelineModel model = pipeline.fit(df);
      String path = tmp.resolve(est.uid()).toString();
      model.write().overwrite().save(path);
      PipelineModel loaded = PipelineModel.load(path);
      assertEquals(est.getClass().getName() + "Model",
          loaded.stages()[2].getClass().getName());
      List<Row> before = model.transform(df).collectAsList();
      assertEquals(before, loaded.transform(df).collectAsList(), est.uid());
      assertEquals(150, before.size());
      // the unfitted pipeline persists too, with the estimator's params
      String estPath = tmp.resolve(est.uid() + "-pipeline").toString();
      pipeline.write().save(estPath);
      PipelineStage reloaded = Pipeline.load(estPath).getStages()[2];
      PersistenceTest.sameParams(est, reloaded);
    }
  }

  @Test
  void crossValidationOnHeldOutLikelihoodPicksTwoComponents() throws IOException {
    Dataset<Row> df = Lines.frame(Lines.twoLines(600, 21), 2);
    MixtureOfRegressions est = new MixtureOfRegressions().setNumInit(2).setMaxIter(30);
    ParamMap[] grid = new ParamGridBuilder().addGrid(est.k(), new int[] {1, 2, 3}).build();
    MixtureLikelihoodEvaluator evaluator = new MixtureLikelihoodEvaluator();
    CrossValidatorModel cv = new CrossValidator().setEstimator(est).setEvaluator(evaluator)
        .setEstimatorParamMaps(grid).setNumFolds(2).setSeed(5).fit(df);
    double[] metrics = cv.avgMetrics();
    System.out.println("held-out mean log-likelihood for k = 1, 2, 3: "
        + java.util.Arrays.toString(metrics));
    MixtureOfRegressionsModel best = (MixtureOfRegressionsModel) cv.bestModel();
    assertEquals(2, best.getK());
    assertTrue(metrics[1] > metrics[0] + 0.5, "k = 2 beats one line by far");
    // the evaluator's metric is the per-row mean of the model's log-likelihood
    double mean = evaluator.evaluate(best.transform(df));
    assertEquals(best.logLikelihood(df) / 600, mean, 1e-9 * Math.abs(mean));
    // Spark's tuning persistence saves and finds the estimator, the grid and the evaluator
    String path = tmp.resolve("cv").toString();
    cv.write().save(path);
    CrossValidatorModel loaded = CrossValidatorModel.load(path);
    assertEquals(2, ((MixtureOfRegressionsModel) loaded.bestModel()).getK());
    assertEquals(MixtureLikelihoodEvaluator.class, loaded.getEvaluator().getClass());
    assertEquals(3, loaded.getEstimatorParamMaps().length);
  }
}
