package org.mixturelib.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Matrix;
import org.mixturelib.engine.EmConfig;
import org.mixturelib.engine.EmEngine;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.localmodels.DescribedExperts;
import org.mixturelib.localmodels.ExpertFamily;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.MixtureOfRegressionsModel;
import org.mixturelib.ml.MixtureSummary;

/**
 * The summary a fit prints: the experts' family, per component its weight, size, dispersion
 * (as the experts say: Gaussian experts the noise standard deviation, Gamma experts the
 * dispersion {@code 1 / shape}, negative binomial experts theta; none for Poisson and binomial
 * experts) and coefficients on the link scale, then the log-likelihood, AIC, BIC, ICL,
 * iterations and convergence; with model
 * selection, first the criteria for every k tried; for a maximum-likelihood fit, last the
 * estimates with standard errors, z values and p-values. Rendered as plain text for the terminal and
 * as Markdown for reports.
 */
public final class FitSummary {
  /**
   * One component's row.
   *
   * @param weight its mixing weight (the mean gate probability for a mixture of experts)
   * @param size the case weight of the rows whose most likely component it is
   * @param dispersion its noise standard deviation (Gaussian experts), the parameter of its
   *     shape as its family reports it (Gamma: the dispersion {@code 1 / shape}; negative
   *     binomial: theta), or NaN for a family without one (Poisson, binomial)
   * @param intercept its intercept, or NaN for a model without one
   * @param coefficients its coefficients, one per feature
   */
  public record Component(double weight, double size, double dispersion, double intercept,
      double[] coefficients) {}

  /**
   * One k of a model selection.
   *
   * @param k number of components
   * @param logLikelihood the log-likelihood of the best fit with k components
   * @param numFreeParameters its number of free parameters
   * @param aic Akaike's criterion
   * @param bic Schwarz's criterion
   * @param icl the integrated completed likelihood criterion
   * @param converged whether that fit converged
   */
  public record Candidate(int k, double logLikelihood, int numFreeParameters, double aic,
      double bic, double icl, boolean converged) {}

  /**
   * The figures of the whole fit.
   *
   * @param logLikelihood log-likelihood at the fitted parameters
   * @param aic Akaike's criterion
   * @param bic Schwarz's criterion
   * @param icl the integrated completed likelihood criterion
   * @param iterations EM iterations of the chosen run
   * @param converged whether the tolerance was reached
   */
  public record Totals(double logLikelihood, double aic, double bic, double icl, int iterations,
      boolean converged) {}

  private final String title;
  private final List<String> features;
  private final List<Component> components;
  private final Totals totals;
  private final List<Candidate> candidates;
  private final String criterion;
  private final Family family;
  private EstimatesTable estimates;
  /** The background noise component's index, or -1 for none. */
  private int noiseComponent = -1;
  /** {@link MixtureSummary#removedNote()}, or "". */
  private String removed = "";
  /** How many starts ran and why ({@link #starts(int, int, long)}), or "". */
  private String starts = "";
  /** The shared and nested coefficients ({@link CoefficientStructure#describe}), or none. */
  private List<String> shared = List.of();
  /** {@link MixtureSummary#notes()}: what the data leave unidentified, or none. */
  private List<String> modelNotes = List.of();

  /**
   * @param title one line saying what was fitted to what
   * @param features the feature names, in the order of the coefficients
   * @param components one row per component
   * @param totals the whole fit's figures
   * @param candidates the model selection's table (empty without selection)
   * @param criterion the criterion that chose k (ignored without selection)
   * @param family how the experts describe themselves
   */
  public FitSummary(String title, List<String> features, List<Component> components,
      Totals totals, List<Candidate> candidates, String criterion, Family family) {
    this.title = title;
    this.features = List.copyOf(features);
    this.components = List.copyOf(components);
    this.totals = totals;
    this.candidates = List.copyOf(candidates);
    this.criterion = criterion;
    this.family = family;
    for (Component c : components) {
      if (c.coefficients().length != features.size()) {
        throw new IllegalArgumentException("a component has " + c.coefficients().length
            + " coefficients for " + features.size() + " features");
      }
    }
  }

  /**
   * The summary of a freshly fitted model: for a mixture of regressions the weight is the
   * mixing weight, for a mixture of experts the mean responsibility. With several outputs the
   * coefficient columns are named {@code output~term}, the intercept as the term {@code
   * (intercept)}, one block of columns per output; a categorical label (family 'multinomial')
   * has one block per level but the reference level 0, named {@code level~term}.
   *
   * @param model a model with its training summary
   * @param title one line saying what was fitted to what
   * @param features the feature names, in the order of the features vector
   * @param gateInputs the names of the gate's inputs, in their vector's order: the features,
   *     or the gate's own inputs when it has them
   * @param outputs the output names, one per output of the model
   * @param candidates a model selection's table (empty without selection)
   * @param criterion the criterion that chose k (ignored without selection)
   * @return the summary
   */
  public static FitSummary of(MixtureModel<?> model, String title, List<String> features,
      List<String> gateInputs, List<String> outputs, List<Candidate> candidates,
      String criterion) {
    String[] levels = model.levels();
    if (levels.length > 0) {
      // a categorical label: one block of coefficients per level but the reference
      outputs = List.of(levels).subList(1, levels.length);
    }
    int m = levels.length > 0 ? levels.length - 1 : model.numOutputs();
    if (m != outputs.size()) {
      throw new IllegalArgumentException("the model has " + m + " outputs but "
          + outputs.size() + " output names were given");
    }
    if (model.numFeatures() != features.size()) {
      throw new IllegalArgumentException("the model has " + model.numFeatures()
          + " features but " + features.size() + " names were given");
    }
    MixtureSummary ms = model.summary();
    Matrix coef = model.coefficients();
    double[] intercepts = model.intercepts().toArray();
    Family family = Family.of(model);
    double[] dispersions = family.dispersions(model.mixtureState().experts());
    double[] weights = model instanceof MixtureOfRegressionsModel mor
        ? mor.mixingWeights().toArray() : null;
    boolean intercept = model.getFitIntercept();
    List<String> names = new ArrayList<>();
    if (m == 1) {
      names.addAll(features);
    } else {
      for (String o : outputs) {
        if (intercept) {
          names.add(o + "~(intercept)");
        }
        for (String f : features) {
          names.add(o + "~" + f);
        }
      }
    }
    List<Component> comps = new ArrayList<>();
    for (int c = 0; c < model.numComponents(); c++) {
      double[] w = new double[names.size()];
      int at = 0;
      for (int j = 0; j < m; j++) {
        if (m > 1 && intercept) {
          w[at++] = intercepts[c * m + j];
        }
        for (int f = 0; f < features.size(); f++) {
          w[at++] = coef.apply(c * m + j, f);
        }
      }
      double weight = weights != null ? weights[c]
          : ms.componentWeights()[c] / ms.totalWeight();
      double dispersion = dispersions == null ? Double.NaN : dispersions[c];
      comps.add(new Component(weight, ms.clusterSizes()[c], dispersion,
          intercept && m == 1 ? intercepts[c] : Double.NaN, w));
    }
    FitSummary out = new FitSummary(title, names, comps, new Totals(ms.logLikelihood(),
        ms.aic(), ms.bic(), ms.icl(), ms.numIterations(), ms.converged()), candidates,
        criterion, family);
    // the estimates table reads one output's coefficients (or a categorical label's levels):
    // none with several outputs
    out.estimates = m == 1 || levels.length > 0
        ? EstimatesTable.of(model, features, gateInputs) : null;
    out.removed = ms.removedNote();
    out.modelNotes = ms.notes();
    out.noiseComponent = DescribedExperts.of(model.mixtureState().experts())
        .backgroundComponent();
    CoefficientStructure structure = model.coefficientStructure();
    if (structure != null) {
      List<String> columns = new ArrayList<>(features);
      if (intercept) {
        columns.add("(Intercept)");
      }
      out.shared = structure.describe(columns);
    }
    return out;
  }

  /**
   * This summary with a "starts" line stating the engine's start rule for this fit ({@link
   * EmEngine#numStarts}): {@code "1"}; {@code "10 short runs (at most 50 iterations each, on at
   * most 20000 rows), the best continued"}; or on small data {@code "37, each run to
   * convergence, the best kept (small data: numInit 10 x sqrt(2000 / 150 rows), at most
   * 100)"}.
   *
   * @param numInit the numInit param
   * @param k the number of components asked for
   * @param rows the rows fitted
   * @return this summary
   */
  FitSummary starts(int numInit, int k, long rows) {
    EmConfig config = new EmConfig().numInit(numInit);
    int n = EmEngine.numStarts(config, k, rows);
    if (n == 1) {
      starts = "1";
    } else if (n == numInit) {
      starts = String.format(Locale.ROOT, "%d short runs (at most %d iterations each, on at most"
          + " %d rows), the best continued", n, config.initIterations(), config.startRows());
    } else {
      starts = String.format(Locale.ROOT, "%d, each run to convergence, the best kept (small"
          + " data: numInit %d x sqrt(%d / %d rows), at most %d)", n, numInit,
          config.smallDataRows(), rows, EmEngine.MAX_STARTS);
    }
    return this;
  }

  /**
   * How the experts describe themselves in a summary, asked of the experts (never of the
   * family's name): the name a title gives them, the header of their dispersion column (null
   * for none) and the line under the component table (empty for none).
   *
   * @param name {@code linear} (Gaussian experts with the identity link), the GLM family's
   *     display name ({@code Poisson}, {@code negative binomial}, ...), or a registered
   *     family's type id
   * @param dispersion the dispersion column's header ({@code noise sd}, {@code dispersion},
   *     {@code theta}), or null for none
   * @param note the line under the component table of a GLM family (its link scale and
   *     dispersion), empty for Gaussian experts (the title says linear; the coefficients are
   *     on the answer's scale)
   */
  public record Family(String name, String dispersion, String note) {
    /** What the fitted model's experts say of themselves. */
    public static Family of(MixtureModel<?> model) {
      return of(model.mixtureState().experts());
    }

    /** What the experts say of themselves ({@link DescribedExperts}). */
    public static Family of(ExpertFamily experts) {
      DescribedExperts d = DescribedExperts.of(experts);
      return new Family(d.displayName(), d.dispersionName(), d.summaryNote());
    }

    /** Each expert's figure for the dispersion column, or null when there is none. */
    double[] dispersions(ExpertFamily experts) {
      return DescribedExperts.of(experts).dispersionFigures();
    }
  }

  /** The line under the component table with its ending, or "" for none. */
  private String familyLine(String end) {
    return family.note().isEmpty() ? "" : family.note() + end;
  }

  /** The estimates with standard errors, or null (not a maximum-likelihood fit). */
  EstimatesTable estimates() {
    return estimates;
  }

  /**
   * The title line.
   *
   * @return what was fitted to what
   */
  public String title() {
    return title;
  }

  /**
   * The component rows.
   *
   * @return one per component
   */
  public List<Component> components() {
    return components;
  }

  /**
   * The whole fit's figures.
   *
   * @return log-likelihood, criteria, iterations, convergence
   */
  public Totals totals() {
    return totals;
  }

  /**
   * The model selection's table.
   *
   * @return one row per k tried; empty without selection
   */
  public List<Candidate> candidates() {
    return candidates;
  }

  /**
   * The summary as aligned plain text.
   *
   * @return several lines, ending with a newline
   */
  public String text() {
    StringBuilder b = new StringBuilder();
    if (!candidates.isEmpty()) {
      b.append("Model selection by ").append(criterion.toUpperCase(Locale.ROOT)).append('\n');
      b.append(align(candidateTable())).append('\n');
    }
    b.append(title).append('\n');
    b.append(align(componentTable())).append(familyLine("\n")).append('\n');
    for (String[] row : totalsTable()) {
      b.append(String.format(Locale.ROOT, "%-15s %s%n", row[0], row[1]));
    }
    for (String note : notes()) {
      b.append("note: ").append(note).append('\n');
    }
    if (estimates != null) {
      b.append('\n').append("Estimates (observed information)").append('\n')
          .append(align(estimates.table()));
      for (String w : estimates.warnings()) {
        b.append("warning: ").append(w).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * The summary as Markdown tables.
   *
   * @return Markdown text
   */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    if (!candidates.isEmpty()) {
      b.append("Model selection by ").append(criterion.toUpperCase(Locale.ROOT))
          .append(":\n\n").append(markdownTable(candidateTable())).append('\n');
    }
    b.append(title).append(":\n\n").append(markdownTable(componentTable())).append('\n')
        .append(familyLine(".\n\n"));
    List<String[]> t = new ArrayList<>();
    t.add(new String[] {"figure", "value"});
    t.addAll(totalsTable());
    b.append(markdownTable(t));
    for (String note : notes()) {
      b.append("\n**Note:** ").append(note).append('\n');
    }
    if (estimates != null) {
      b.append("\nEstimates with standard errors from the observed information, z values and"
          + " normal p-values:\n\n").append(markdownTable(estimates.table()));
      for (String w : estimates.warnings()) {
        b.append("\n- warning: ").append(w);
      }
    }
    return b.toString();
  }

  private List<String[]> componentTable() {
    boolean intercept = components.stream().anyMatch(c -> !Double.isNaN(c.intercept()));
    List<String[]> rows = new ArrayList<>();
    String dispersion = family.dispersion();
    List<String> head = new ArrayList<>(List.of("component", "weight", "size"));
    if (dispersion != null) {
      head.add(dispersion);
    }
    if (intercept) {
      head.add("(intercept)");
    }
    head.addAll(features);
    rows.add(head.toArray(new String[0]));
    for (int k = 0; k < components.size(); k++) {
      Component c = components.get(k);
      String name = k == noiseComponent ? (k + 1) + " (noise)" : Integer.toString(k + 1);
      List<String> r = new ArrayList<>(List.of(name, number(c.weight()),
          size(c.size())));
      if (dispersion != null) {
        r.add(number(c.dispersion()));
      }
      if (intercept) {
        r.add(number(c.intercept()));
      }
      for (double v : c.coefficients()) {
        r.add(number(v));
      }
      rows.add(r.toArray(new String[0]));
    }
    return rows;
  }

  /**
   * What the reader must know about the fit: components removed below minPrior (numbered among
   * those asked for), parameters the data do not identify ({@link MixtureSummary#notes()}),
   * components that collapsed onto each other (equal coefficients, intercept
   * and noise to 1e-6 relative), which the data do not tell apart.
   */
  List<String> notes() {
    List<String> notes = new ArrayList<>();
    if (!shared.isEmpty()) {
      notes.add("shared coefficients (one estimate each): " + String.join("; ", shared));
    }
    if (!removed.isEmpty()) {
      notes.add(removed);
    }
    notes.addAll(modelNotes);
    if (noiseComponent >= 0) {
      notes.add("component " + (noiseComponent + 1) + " is the background noise component"
          + " (flexmix's FLXMRrobglm): its density is fixed by the answer's mean and spread, and"
          + " its coefficients are that background's mean as an intercept");
    }
    for (int i = 0; i < components.size(); i++) {
      for (int j = i + 1; j < components.size(); j++) {
        if (same(components.get(i), components.get(j))) {
          notes.add("components " + (i + 1) + " and " + (j + 1) + " have collapsed onto each"
              + " other (equal coefficients and noise): the data support fewer components");
        }
      }
    }
    return notes;
  }

  private static boolean same(Component a, Component b) {
    if (!close(a.dispersion(), b.dispersion()) || !(close(a.intercept(), b.intercept())
        || Double.isNaN(a.intercept()) && Double.isNaN(b.intercept()))) {
      return false;
    }
    for (int j = 0; j < a.coefficients().length; j++) {
      if (!close(a.coefficients()[j], b.coefficients()[j])) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  private List<String[]> totalsTable() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"log-likelihood", criterion(totals.logLikelihood())});
    rows.add(new String[] {"AIC", criterion(totals.aic())});
    rows.add(new String[] {"BIC", criterion(totals.bic())});
    rows.add(new String[] {"ICL", criterion(totals.icl())});
    rows.add(new String[] {"iterations", Integer.toString(totals.iterations())});
    rows.add(new String[] {"converged", Boolean.toString(totals.converged())});
    if (!starts.isEmpty()) {
      rows.add(new String[] {"starts", starts});
    }
    return rows;
  }

  private List<String[]> candidateTable() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"k", "log-likelihood", "parameters", "AIC", "BIC", "ICL",
        "converged", "chosen"});
    int chosen = chosenK();
    for (Candidate c : candidates) {
      rows.add(new String[] {Integer.toString(c.k()), criterion(c.logLikelihood()),
          Integer.toString(c.numFreeParameters()), criterion(c.aic()), criterion(c.bic()),
          criterion(c.icl()), Boolean.toString(c.converged()), c.k() == chosen ? "*" : ""});
    }
    return rows;
  }

  /**
   * The criterion that chose k.
   *
   * @return "bic", "aic" or "icl" (meaningful only with a model selection)
   */
  public String criterion() {
    return criterion;
  }

  /**
   * The chosen number of components.
   *
   * @return K of the summarised model
   */
  public int chosenK() {
    return components.size();
  }

  /** Numbers as flexmix prints them: four decimals, scientific when very large or small. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a >= 1e6 || a < 1e-3)) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /**
   * Log-likelihoods and criteria: like {@link #number}, but never coarser than 0.01 (at 3
   * million rows they differ in the fifth significant digit).
   */
  static String criterion(double v) {
    return Double.isFinite(v) && Math.abs(v) >= 1e6 ? String.format(Locale.ROOT, "%.2f", v)
        : number(v);
  }

  private static String size(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : number(v);
  }

  private static String align(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int j = 0; j < cols; j++) {
        w[j] = Math.max(w[j], r[j].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < cols; j++) {
        line.append(j == 0 ? "" : "  ").append(" ".repeat(w[j] - r[j].length())).append(r[j]);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  /** Rows as a Markdown table; a {@code |} within a cell ({@code Pr(>|z|)}) escaped. */
  private static String markdownTable(List<String[]> rows) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      List<String> cells = Arrays.stream(rows.get(i)).map(c -> c.replace("|", "\\|")).toList();
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
      if (i == 0) {
        b.append("|").append(" ---: |".repeat(rows.get(0).length)).append('\n');
      }
    }
    return b.toString();
  }
}
