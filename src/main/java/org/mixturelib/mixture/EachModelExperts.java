package org.mixturelib.mixture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mixturelib.data.Block;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;
import org.mixturelib.persistence.Resumable;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.localmodels.ExpertKernel;
import org.mixturelib.localmodels.ExpertStatistics;

/**
 * K local models of any kind ({@link EachModel}) as one family: each model's own one-expert
 * family ({@link EachModel#expert}) side by side, so that the engine fits a list of local
 * models of one's own. Every block goes to each expert in turn (its log-likelihood into its
 * column of the gate's log weights, its responsibility column into its own statistics); the
 * M-step updates each from its statistics; the statistics are the experts' own, merged pairwise.
 */
public final class EachModelExperts implements ExpertFamily, Resumable {
  private static final long serialVersionUID = 1L;
  private final List<ExpertFamily> experts;
  private final int d;
  private final int m;

  private EachModelExperts(List<ExpertFamily> experts) {
    this.experts = experts;
    this.d = experts.get(0).numFeatures();
    this.m = experts.get(0).numOutputs();
  }

  /**
   * The local models' experts at their current parameters.
   *
   * @throws IllegalArgumentException when the list is empty or the models' sizes differ
   */
  public static EachModelExperts of(List<? extends EachModel> models, NamedValues hp) {
    if (models == null || models.isEmpty()) {
      throw new IllegalArgumentException("ListOfModels must hold at least one local model");
    }
    List<ExpertFamily> experts = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      EachModel mk = models.get(k);
      ExpertFamily e = mk.expert(hp);
      if (e.numExperts() != 1 || e.numFeatures() != models.get(0).inputDim()
          || e.numOutputs() != models.get(0).outputDim()) {
        throw new IllegalArgumentException("local model " + k + " (" + mk.getClass()
            .getSimpleName() + ") gives " + e.numExperts() + " experts of " + e.numFeatures()
            + " features and " + e.numOutputs() + " outputs; expected one of "
            + models.get(0).inputDim() + " and " + models.get(0).outputDim());
      }
      experts.add(e);
    }
    return new EachModelExperts(experts);
  }

  /** Gives each model its fitted expert back. */
  public void adoptInto(List<? extends EachModel> models) {
    for (int k = 0; k < models.size(); k++) {
      models.get(k).adopt(experts.get(k));
    }
  }

  @Override
  public int numExperts() {
    return experts.size();
  }

  @Override
  public int numFeatures() {
    return d;
  }

  @Override
  public int numOutputs() {
    return m;
  }

  /** Each expert's statistics. */
  private record Stacked(ExpertStatistics[] parts) implements ExpertStatistics {
    @Override
    public ExpertStatistics merge(ExpertStatistics other) {
      ExpertStatistics[] o = ((Stacked) other).parts;
      for (int k = 0; k < parts.length; k++) {
        parts[k] = parts[k].merge(o[k]);
      }
      return this;
    }
  }

  @Override
  public ExpertStatistics newStatistics() {
    ExpertStatistics[] parts = new ExpertStatistics[experts.size()];
    Arrays.setAll(parts, k -> experts.get(k).newStatistics());
    return new Stacked(parts);
  }

  @Override
  public ExpertKernel newKernel() {
    int k = experts.size();
    ExpertKernel[] kernels = new ExpertKernel[k];
    Arrays.setAll(kernels, e -> experts.get(e).newKernel());
    return new ExpertKernel() {
      private double[] column = new double[0];

      private double[] column(int n) {
        if (column.length < n) {
          column = new double[n];
        }
        return column;
      }

      @Override
      public void addLogLikelihood(Block b, boolean plugIn, double[] out) {
        double[] one = column(b.n);
        for (int e = 0; e < k; e++) {
          Arrays.fill(one, 0, b.n, 0.0);
          kernels[e].addLogLikelihood(b, plugIn, one);
          for (int i = 0; i < b.n; i++) {
            out[i * k + e] += one[i];
          }
        }
      }

      @Override
      public void addStatistics(Block b, double[] rw, ExpertStatistics statistics) {
        ExpertStatistics[] parts = ((Stacked) statistics).parts;
        for (int e = 0; e < k; e++) {
          kernels[e].addStatistics(b, Arrays.copyOfRange(rw, e * b.n, (e + 1) * b.n),
              parts[e]);
        }
      }
    };
  }

  @Override
  public void mStep(ExpertStatistics stats, double[] weights) {
    ExpertStatistics[] parts = ((Stacked) stats).parts;
    for (int e = 0; e < experts.size(); e++) {
      experts.get(e).mStep(parts[e], new double[] {weights[e]});
    }
  }

  @Override
  public double boundTerm() {
    return experts.stream().mapToDouble(ExpertFamily::boundTerm).sum();
  }

  @Override
  public int numFreeParameters() {
    return experts.stream().mapToInt(ExpertFamily::numFreeParameters).sum();
  }

  @Override
  public EachModelExperts copy() {
    int[] all = new int[experts.size()];
    Arrays.setAll(all, e -> e);
    return restrictTo(all);
  }

  @Override
  public EachModelExperts restrictTo(int[] keep) {
    List<ExpertFamily> kept = new ArrayList<>();
    for (int e : keep) {
      kept.add(experts.get(e).copy());
    }
    return new EachModelExperts(kept);
  }

  @Override
  public void predict(Block b, double[] out) {
    double[] one = new double[b.n * m];
    for (int e = 0; e < experts.size(); e++) {
      experts.get(e).predict(b, one);
      System.arraycopy(one, 0, out, e * m * b.n, b.n * m);
    }
  }

  @Override
  public boolean isFinite() {
    return experts.stream().allMatch(ExpertFamily::isFinite);
  }

  @Override
  public List<String> takeNotes() {
    List<String> notes = new ArrayList<>();
    for (int e = 0; e < experts.size(); e++) {
      for (String note : experts.get(e).takeNotes()) {
        notes.add("local model " + (e + 1) + ": " + note);
      }
    }
    return notes;
  }

  /** {@code "eachModels"}: local models of the 0.4-style API (not a Spark ML family). */
  @Override
  public String typeId() {
    return "eachModels";
  }

  /** Per local model: its expert's type id and what it writes. */
  @Override
  public void writeParameters(ParameterWriter out) {
    for (ExpertFamily e : experts) {
      ParameterWriter one = out.item("models");
      one.text("type", e.typeId());
      e.writeParameters(one.item("parameters"));
    }
  }

  @Override
  public void readParameters(ParameterReader in) {
    List<ParameterReader> models = in.items("models", experts.size());
    for (int e = 0; e < experts.size(); e++) {
      String type = models.get(e).text("type");
      if (!type.equals(experts.get(e).typeId())) {
        throw in.corrupt("local model " + e + " has type '" + type + "', expected '"
            + experts.get(e).typeId() + "'");
      }
      experts.get(e).readParameters(models.get(e).items("parameters", 1).get(0));
    }
  }

  /** Per local model that has one, its record of the fit in progress. */
  @Override
  public void writeProgress(ParameterWriter out) {
    for (ExpertFamily e : experts) {
      ParameterWriter one = out.item("models");
      if (e instanceof Resumable r) {
        r.writeProgress(one.item("progress"));
      }
    }
  }

  @Override
  public void readProgress(ParameterReader in) {
    List<ParameterReader> models = in.items("models", experts.size());
    for (int e = 0; e < experts.size(); e++) {
      if (experts.get(e) instanceof Resumable r) {
        r.readProgress(models.get(e).items("progress", 1).get(0));
      }
    }
  }
}
