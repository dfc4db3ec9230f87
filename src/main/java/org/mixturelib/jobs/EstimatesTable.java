package org.mixturelib.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Matrix;
import org.mixturelib.inference.StandardErrors;
import org.mixturelib.localmodels.DescribedExperts;
import org.mixturelib.localmodels.CoefficientStructure;
import org.mixturelib.ml.MixtureModel;
import org.mixturelib.ml.MixtureOfRegressionsModel;
import org.mixturelib.ml.MixtureSummary;
import org.mixturelib.plot.IntervalsPlot;

/**
 * The estimates with standard errors, z values and normal p-values (flexmix's {@code
 * summary(refit(...))}), per component, then the coefficients shared between components once
 * each (a section per set of components sharing them; a nested coefficient's structural 0 is
 * not an estimate and is left out), then the gate's log-odds against component 1 or the
 * mixing weights, and the intervals at {@link #LEVEL} for the report's figure.
 */
final class EstimatesTable {
  /** Level of the intervals in the report. */
  static final double LEVEL = 0.95;

  /**
   * One term.
   *
   * @param section the component or gate comparison it belongs to
   * @param term its name
   * @param estimate its estimate
   * @param se its standard error (NaN without one)
   * @param z {@code estimate / se}
   * @param p two-sided normal p-value
   * @param lower lower end of its interval at {@link #LEVEL}
   * @param upper upper end
   */
  record Row(String section, String term, double estimate, double se, double z, double p,
      double lower, double upper) {}

  private final List<Row> rows;
  private final List<String> warnings;

  private EstimatesTable(List<Row> rows, List<String> warnings) {
    this.rows = List.copyOf(rows);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The table of a fitted one-output model whose summary has standard errors, or null.
   *
   * @param model the model
   * @param features the feature names
   * @param gateInputs the names of the gate's inputs (the features unless it has its own)
   */
  static EstimatesTable of(MixtureModel<?> model, List<String> features,
      List<String> gateInputs) {
    MixtureSummary s = model.summary();
    if (!s.hasStandardErrors()) {
      return null;
    }
    List<Row> rows = new ArrayList<>();
    Matrix coef = model.coefficients();
    Matrix se = s.coefficientStandardErrors();
    Matrix z = s.tValues();
    Matrix p = s.pValues();
    Matrix[] ci = s.coefficientConfidenceIntervals(LEVEL);
    int d = features.size();
    CoefficientStructure structure = model.coefficientStructure();
    List<Row> shared = new ArrayList<>();
    boolean[] listed = new boolean[structure == null ? 0 : structure.size()];
    // a categorical label has a block of rows per level but the reference (level 0)
    String[] levels = model.levels();
    int m = Math.max(1, levels.length - 1);
    for (int k = 0; k < model.numComponents(); k++) {
      for (int l = 0; l < m; l++) {
        int row = k * m + l;
        String section = "component " + (k + 1) + (levels.length == 0 ? ""
            : ", " + levels[l + 1] + " vs " + levels[0]);
        // the intercept first (the structure's column d), then the features
        for (int at = model.getFitIntercept() ? -1 : 0; at < d; at++) {
          int column = at < 0 ? d : at;
          Row r = at < 0
              ? new Row(section, "(Intercept)", model.intercepts().apply(row),
                  s.interceptStandardErrors().apply(row), z.apply(row, d), p.apply(row, d),
                  ci[0].apply(row, d), ci[1].apply(row, d))
              : new Row(section, features.get(at), coef.apply(row, at), se.apply(row, at),
                  z.apply(row, at), p.apply(row, at), ci[0].apply(row, at),
                  ci[1].apply(row, at));
          int t = structure == null ? 0 : structure.index(k, column);
          if (structure == null || t >= 0 && structure.holders(t).length == 1) {
            rows.add(r);
          } else if (t >= 0 && !listed[t]) { // shared: once, in its own section
            listed[t] = true;
            shared.add(new Row(sharedSection(structure.holders(t), model.numComponents()),
                r.term(), r.estimate(), r.se(), r.z(), r.p(), r.lower(), r.upper()));
          }
        }
      }
    }
    rows.addAll(sections(DescribedExperts.of(model.mixtureState().experts()),
        model.numComponents(), s.standardErrors()));
    shared.sort(java.util.Comparator.comparing(Row::section)); // each section's rows together
    rows.addAll(shared);
    if (model instanceof MixtureOfRegressionsModel mor) {
      double[] w = mor.mixingWeights().toArray();
      double[] wse = s.mixingWeightStandardErrors().toArray();
      double[] wz = s.mixingWeightTValues().toArray();
      double[] wp = s.mixingWeightPValues().toArray();
      org.apache.spark.ml.linalg.Vector[] wci = s.mixingWeightConfidenceIntervals(LEVEL);
      for (int k = 0; k < w.length; k++) {
        rows.add(new Row("mixing weights", "component " + (k + 1), w[k], wse[k], wz[k], wp[k],
            wci[0].apply(k), wci[1].apply(k)));
      }
    } else {
      Matrix g = s.gateCoefficients();
      Matrix gse = s.gateStandardErrors();
      Matrix gz = s.gateTValues();
      Matrix gp = s.gatePValues();
      Matrix[] gci = s.gateConfidenceIntervals(LEVEL);
      for (int c = 0; c < g.numRows(); c++) {
        String section = "gate: component " + (c + 2) + " against 1";
        for (int t = 0; t < g.numCols(); t++) {
          rows.add(new Row(section, t == 0 ? "(Intercept)" : gateInputs.get(t - 1),
              g.apply(c, t), gse.apply(c, t), gz.apply(c, t), gp.apply(c, t),
              gci[0].apply(c, t), gci[1].apply(c, t)));
        }
      }
    }
    return new EstimatesTable(rows, s.standardErrorWarnings());
  }

  /**
   * The experts' own sections beyond the coefficients ({@link
   * DescribedExperts#parameterSections}: a zero part's log-odds of a structural zero), per
   * component: together, the last parameters of each expert in the standard errors' layout.
   */
  private static List<Row> sections(DescribedExperts experts, int k, StandardErrors se) {
    List<Row> out = new ArrayList<>();
    List<DescribedExperts.ParameterSection> sections = experts.parameterSections();
    int first = se.layout().expertParameters();
    for (DescribedExperts.ParameterSection p : sections) {
      first -= p.terms().size();
    }
    for (DescribedExperts.ParameterSection p : sections) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < p.terms().size(); j++) {
          int at = se.layout().expert(c, first + j);
          double[] ci = se.interval(at, LEVEL);
          out.add(new Row(p.title() + " of component " + (c + 1), p.terms().get(j),
              se.estimate(at), se.standardError(at), se.zValue(at), se.pValue(at), ci[0],
              ci[1]));
        }
      }
      first += p.terms().size();
    }
    return out;
  }

  /** The section of a coefficient shared by the given components (0-based). */
  private static String sharedSection(int[] holders, int k) {
    if (holders.length == k) {
      return "shared by all components";
    }
    StringBuilder b = new StringBuilder("shared by components ");
    for (int i = 0; i < holders.length; i++) {
      b.append(i == 0 ? "" : ", ").append(holders[i] + 1);
    }
    return b.toString();
  }

  /** The rows, component by component. */
  List<Row> rows() {
    return rows;
  }

  /** The header and one line per row, for {@link FitSummary}'s tables. */
  List<String[]> table() {
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {"", "term", "estimate", "std. error", "z value", "Pr(>|z|)"});
    String last = null;
    for (Row r : rows) {
      out.add(new String[] {r.section().equals(last) ? "" : r.section(), r.term(),
          FitSummary.number(r.estimate()), FitSummary.number(r.se()),
          FitSummary.number(r.z()), FitSummary.number(r.p())});
      last = r.section();
    }
    return out;
  }

  /** The warnings of the standard errors, each naming a parameter without one. */
  List<String> warnings() {
    return warnings;
  }

  /** One panel per section, for the report's figure. */
  List<IntervalsPlot.Panel> panels() {
    List<IntervalsPlot.Panel> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= rows.size(); i++) {
      if (i == rows.size() || !rows.get(i).section().equals(rows.get(from).section())) {
        List<Row> part = rows.subList(from, i);
        out.add(new IntervalsPlot.Panel(part.get(0).section(),
            part.stream().map(Row::term).toList(),
            part.stream().mapToDouble(Row::estimate).toArray(),
            part.stream().mapToDouble(Row::lower).toArray(),
            part.stream().mapToDouble(Row::upper).toArray()));
        from = i;
      }
    }
    return out;
  }
}
