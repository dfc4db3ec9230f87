package org.mixturelib.mixture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.mixturelib.data.Block;
import org.mixturelib.data.BlockBuilder;
import org.mixturelib.data.DataSource;
import org.mixturelib.data.InMemorySource;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.engine.EmListener;
import org.mixturelib.engine.FitResult;
import org.mixturelib.engine.MixturePrediction;
import org.mixturelib.engine.MixtureState;
import org.mixturelib.engine.ModelType;
import org.mixturelib.hypermodels.Gate;
import org.mixturelib.hypermodels.SoftmaxGate;
import org.mixturelib.hypermodels.TrainedGate;
import org.mixturelib.mixture.EachModel;
import org.mixturelib.mixture.EachModelExperts;
import org.mixturelib.mixture.EachModelLinear;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.LinearExperts;
import org.mixturelib.regularizers.Regularizer;

/**
 * 0.4's MixtureEM: local models, a hyper model and regularizers fitted by EM. The fit runs the
 * shared {@link EmEngine}, on in-memory matrices or on a Spark {@code Dataset}; afterwards the
 * local models, the hyper model and {@code HyperParameters["beta"]} hold the fitted values.
 *
 * <p>Differences from 0.4 (its defects): in 'default' mode every expert learns from all
 * objects weighted by its responsibilities; in 'sample' mode each object goes to exactly one
 * expert; beta is the noise variance, updated as the mean expected squared residual over all
 * objects; symmetry is broken by several starts (random subsets and one k-means start); the fit
 * stops on a tolerance. The local models stay the ones given ({@code minPrior} is 0 here), and
 * the starts are cheaper than the engine's defaults: 5 short runs of at most 10 iterations.
 *
 * <p>A list of EachModelLinear models is one fused Gaussian family ({@code
 * EachModelLinear.pack}); a list of {@link EachModelFamily} of one family, none fitted yet,
 * is that family's K experts, fitted as the Spark ML estimators fit it (the list's models
 * then view the fitted family's experts); any other list is {@link EachModelExperts}, each
 * model's own
 * one-expert family side by side, and beta, the prior's evidence updates and the regularizers
 * (defined by 0.4 for linear models) are refused there or held fixed (see the constructor).
 *
 * @param <M> the kind of local models
 */
public final class MixtureEM<M extends EachModel> {
  private final HyperParameters hyperParameters;
  private Gate hyperModel;
  private final List<M> models;
  /** Whether every local model is an EachModelLinear (then one fused Gaussian family). */
  private final boolean linear;
  /**
   * The K experts of one family that a list of fresh {@link EachModelFamily} is, at their
   * current parameters; null for other lists.
   */
  private ExpertFamily family;
  private final List<Regularizer> regularizers;
  private final EmConfig config;
  /** Whether the gate reads the features (then a group's rows must share them): a trained gate. */
  private final boolean gateReadsFeatures;
  private EmEngine.Stepper stepper;
  private MixtureState stepState;
  private FitResult lastFit;

  /**
   * @param hyperParameters must contain {@code "beta"} (the initial noise variance) when a
   *     local model is an EachModelLinear; and {@code "alpha"} when a RegularizeModel is given
   * @param hyperModel the gate; its number of outputs must equal the number of local models
   * @param listOfModels the local models (at least one, same dimensions): EachModelLinear ones,
   *     or any {@link EachModel}; an EachModelLinear among others keeps beta, A and w_0 fixed
   *     and must say so (OptimizedHyper empty)
   * @param listOfRegularizeModel regularizers (may be empty; EachModelLinear models only):
   *     0.4's {@link RegularizeModel} / {@link RegularizeFunc} over these local models ({@link
   *     LocalRegularizer}), or the engine's {@link Regularizer}s over expert indices
   * @param modelType "default" or "sample"
   */
  public MixtureEM(HyperParameters hyperParameters, Gate hyperModel,
      List<M> listOfModels, List<?> listOfRegularizeModel,
      String modelType) {
    if (hyperParameters == null) {
      throw new IllegalArgumentException("HyperParameters must not be null");
    }
    if (hyperModel == null) {
      throw new IllegalArgumentException("HyperModel must not be null");
    }
    if (listOfModels == null || listOfModels.isEmpty()) {
      throw new IllegalArgumentException("ListOfModels must hold at least one local model");
    }
    this.linear = listOfModels.stream().allMatch(EachModelLinear.class::isInstance);
    boolean anyLinear = listOfModels.stream().anyMatch(EachModelLinear.class::isInstance);
    if (anyLinear) {
      double beta = hyperParameters.scalar("beta");
      if (!(beta > 0) || Double.isInfinite(beta)) {
        throw new IllegalArgumentException("HyperParameters 'beta' (noise variance) must be"
            + " finite and > 0, got " + beta);
      }
    }
    if (!linear) {
      checkOwnModels(listOfModels, listOfRegularizeModel);
    }
    if (hyperModel.numComponents() != listOfModels.size()) {
      throw new IllegalArgumentException("HyperModel has " + hyperModel.numComponents()
          + " outputs but ListOfModels has " + listOfModels.size() + " local models");
    }
    this.hyperParameters = hyperParameters;
    this.hyperModel = hyperModel;
    this.models = List.copyOf(listOfModels);
    this.regularizers = bind(listOfRegularizeModel == null ? List.of() : listOfRegularizeModel);
    // the list of local models is fixed: a degenerate component is kept, never dropped; the
    // starts are cheaper than the engine's defaults (an MLP gate costs up to gateMaxIter passes
    // per iteration, and 0.4 had no restarts at all)
    this.config = new EmConfig().modelType(ModelType.parse(modelType)).minPrior(0).numInit(5)
        .initIterations(10);
    if (hyperModel instanceof SoftmaxGate nn) {
      config.gateMaxIter(nn.epochs()); // 0.4's epochs: the gate's budget per M-step
    }
    this.gateReadsFeatures = hyperModel instanceof TrainedGate;
    this.family = linear ? null : EachModelFamily.fused(listOfModels);
  }

  /**
   * The engine's regularizers: 0.4's bound to the positions of their local models in this
   * mixture's list, the engine's as given.
   *
   * @throws IllegalArgumentException naming an element that is neither
   */
  private List<Regularizer> bind(List<?> given) {
    List<Regularizer> out = new ArrayList<>();
    for (Object r : given) {
      if (r instanceof LocalRegularizer local) {
        out.add(local.bind(indices(local.listOfModels()), hyperParameters));
      } else if (r instanceof Regularizer engine) {
        out.add(engine);
      } else {
        throw new IllegalArgumentException("ListOfRegularizeModel holds "
            + (r == null ? "null" : r.getClass().getName()) + ", not a RegularizeModel or"
            + " RegularizeFunc");
      }
    }
    return out;
  }

  /**
   * A list with local models of one's own: beta, the prior's evidence updates and the
   * regularizers are the linear experts' (0.4 defined them for EachModelLinear only), so an
   * EachModelLinear among them must keep them fixed, and no regularizer applies.
   */
  private static void checkOwnModels(List<? extends EachModel> models,
      List<?> regularizers) {
    if (regularizers != null && !regularizers.isEmpty()) {
      throw new IllegalArgumentException("ListOfRegularizeModel: RegularizeModel and"
          + " RegularizeFunc link the priors of EachModelLinear models; ListOfModels holds "
          + models.stream().filter(m -> !(m instanceof EachModelLinear)).findFirst()
              .orElseThrow().getClass().getSimpleName());
    }
    for (int k = 0; k < models.size(); k++) {
      if (models.get(k) instanceof EachModelLinear l && !l.optimizedHyper().isEmpty()) {
        throw new IllegalArgumentException("local model " + k + " is an EachModelLinear among"
            + " local models of other kinds: its " + l.optimizedHyper() + " cannot be"
            + " optimized there (beta is shared by linear experts only); construct it with an"
            + " empty OptimizedHyper to keep them fixed");
      }
    }
  }

  private int[] indices(List<EachModelLinear> regularized) {
    int[] idx = new int[regularized.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = -1;
      for (int k = 0; k < models.size(); k++) {
        if (models.get(k) == regularized.get(i)) {
          idx[i] = k;
        }
      }
      if (idx[i] < 0) {
        throw new IllegalArgumentException("a regularizer refers to a local model that is not"
            + " in ListOfModels");
      }
    }
    return idx;
  }

  /** The fit settings (iterations, tolerance, seed, restarts, ...), to adjust before fit. */
  public EmConfig config() {
    return config;
  }

  /** The local models. */
  public List<M> listOfModels() {
    return models;
  }

  /** The hyper model; after a fit, the fitted one (a copy of the one given). */
  public Gate hyperModel() {
    return hyperModel;
  }

  /** The hyperparameters (beta holds the fitted noise variance after a fit). */
  public HyperParameters hyperParameters() {
    return hyperParameters;
  }

  /** The result of the last fit, or null. */
  public FitResult lastFit() {
    return lastFit;
  }

  /** Fits on in-memory matrices (X: N x D, Y: N x M). */
  public FitResult fit(double[][] x, double[][] y) {
    return fit(InMemorySource.of(x, y, null));
  }

  /**
   * Fits with at most {@code epoch} EM iterations (0.4's {@code fit(X, Y, epoch)}); the
   * configured {@code maxIter} holds again for the fits after this one.
   */
  public FitResult fit(double[][] x, double[][] y, int epoch) {
    return withMaxIter(epoch, () -> fit(x, y));
  }

  /** Runs {@code fit} with {@code maxIter} set to {@code epoch}, then restores it. */
  private FitResult withMaxIter(int epoch, Supplier<FitResult> fit) {
    int configured = config.maxIter();
    config.maxIter(epoch);
    try {
      return fit.get();
    } finally {
      config.maxIter(configured);
    }
  }

  /**
   * Fits grouped rows (flexmix's {@code y ~ x | g}): the rows with equal {@code group} keys
   * (by {@code equals}; strings or numbers, no null, no NaN) belong to one component. A gate
   * trained on the features (a linear or network gate) needs them equal on every row of a group.
   *
   * @param group one key per row of X
   */
  public FitResult fit(double[][] x, double[][] y, Object[] group) {
    return fit(InMemorySource.grouped(x, y, null, group, gateReadsFeatures));
  }

  /**
   * Fits on a Spark Dataset with a vector features column and a numeric (or vector) label
   * column.
   */
  public FitResult fit(Dataset<Row> data, String featuresCol, String labelCol) {
    return fit(data, featuresCol, labelCol, null);
  }

  /**
   * Fits grouped rows of a Spark Dataset (see {@link #fit(double[][], double[][], Object[])}),
   * each group gathered into one partition once.
   *
   * @param groupCol the group column (strings or numbers), or null for ungrouped rows
   */
  public FitResult fit(Dataset<Row> data, String featuresCol, String labelCol,
      String groupCol) {
    return fit(data, featuresCol, labelCol, groupCol, p -> {});
  }

  /**
   * Fits grouped rows of a Spark Dataset as {@link #fit(Dataset, String, String, String)} does,
   * telling {@code progress} of every iteration of every start.
   */
  public FitResult fit(Dataset<Row> data, String featuresCol, String labelCol,
      String groupCol, EmListener progress) {
    try (SparkSource source = SparkSource.fromDataset(data,
        new SparkSource.Columns(featuresCol, labelCol, null, false)
            .grouped(groupCol, gateReadsFeatures),
        BlockBuilder.DEFAULT_CAPACITY, 2, StorageLevel.MEMORY_AND_DISK())) {
      return fit(source, progress);
    }
  }

  /**
   * 0.4's {@code fit(X, Y, epoch, progress)} on a Spark Dataset: at most {@code epoch} EM
   * iterations, {@code progress} (or null) told of every iteration of every start; the
   * configured {@code maxIter} holds again for the fits after this one.
   */
  public FitResult fit(Dataset<Row> data, String featuresCol, String labelCol, int epoch,
      EmListener progress) {
    return withMaxIter(epoch,
        () -> fit(data, featuresCol, labelCol, null, progress == null ? p -> {} : progress));
  }

  /**
   * 0.4's {@code fit(X, Y, epoch, progress)}: at most {@code epoch} EM iterations, {@code
   * progress} told of every iteration of every start (the engine's {@link EmListener}); the
   * configured {@code maxIter} holds again for the fits after this one.
   */
  public FitResult fit(double[][] x, double[][] y, int epoch, EmListener progress) {
    return withMaxIter(epoch, () -> fit(InMemorySource.of(x, y, null), progress));
  }

  /** Fits on any data source. */
  public FitResult fit(DataSource source) {
    return fit(source, p -> {});
  }

  /** Fits on any data source, telling {@code progress} of every iteration. */
  public FitResult fit(DataSource source, EmListener progress) {
    MixtureState initial = state();
    FitResult result = new EmEngine(source, regularizers, config).listener(progress)
        .fit(initial);
    adopt(result.state());
    lastFit = result;
    stepper = null;
    return result;
  }

  private MixtureState state() {
    if (family != null) {
      return new MixtureState(family.copy(), hyperModel.copy());
    }
    if (!linear) {
      return new MixtureState(EachModelExperts.of(models, hyperParameters), hyperModel.copy());
    }
    LinearExperts experts = EachModelLinear.pack(linearModels(), hyperParameters.scalar("beta"));
    return new MixtureState(experts, hyperModel.copy());
  }

  /** The local models, all EachModelLinear (when {@link #linear}). */
  @SuppressWarnings("unchecked")
  private List<EachModelLinear> linearModels() {
    return (List<EachModelLinear>) models;
  }

  private void adopt(MixtureState fitted) {
    // the engine keeps the family it was given: the experts that state() made
    if (family != null) {
      family = fitted.experts();
      EachModelFamily.adoptInto(family, models);
    } else if (fitted.experts() instanceof EachModelExperts own) {
      own.adoptInto(models);
    } else {
      LinearExperts experts = (LinearExperts) fitted.experts();
      EachModelLinear.unpack(experts, linearModels());
      hyperParameters.set("beta", experts.noiseVariances()[0]);
    }
    hyperModel = fitted.gate();
  }

  /** 0.4's {@code E_step} on in-memory data; returns the bound at the current parameters. */
  public double eStep(double[][] x, double[][] y) {
    stepState = state();
    stepper = new EmEngine(InMemorySource.of(x, y, null), regularizers, config)
        .stepper(stepState);
    return stepper.eStep();
  }

  /** 0.4's {@code M_step}: the M-steps from the last {@link #eStep}. */
  public void mStep(double[][] x, double[][] y) {
    if (stepper == null) {
      throw new IllegalStateException("call eStep before mStep");
    }
    stepper.mStep();
    adopt(stepState);
    stepper = null;
  }

  /** 0.4's {@code predict}: the answers (N x M) and the mixing weights (N x K). */
  public Prediction predict(double[][] x) {
    MixtureState s = state();
    int m = models.get(0).outputDim();
    double[][] none = new double[x.length][m];
    double[][] answers = new double[x.length][m];
    double[][] pi = new double[x.length][s.k()];
    for (Block b : BlockBuilder.fromArrays(x, none, null, BlockBuilder.DEFAULT_CAPACITY)) {
      MixturePrediction p = MixturePrediction.of(s, b);
      for (int i = 0; i < b.n; i++) {
        int row = (int) b.firstRow + i;
        for (int j = 0; j < m; j++) {
          answers[row][j] = p.mean()[j * b.n + i];
        }
        for (int k = 0; k < s.k(); k++) {
          pi[row][k] = p.pi()[i * s.k() + k];
        }
      }
    }
    return new Prediction(answers, pi);
  }
}
