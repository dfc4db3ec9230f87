package org.mixturelib.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.mixturelib.plot.BoundPlot;
import org.mixturelib.plot.CriteriaPlot;
import org.mixturelib.plot.ExpertsPlot;
import org.mixturelib.plot.FittedSample;
import org.mixturelib.plot.GatePlot;
import org.mixturelib.plot.IntervalsPlot;
import org.mixturelib.plot.Rootogram;

/**
 * The report of a fit: {@code report.md} with the summary tables and the figures beside it as
 * PNG files (experts over the data, gate probabilities for a mixture of experts, the bound per
 * iteration, the rootogram of posterior probabilities, the criteria against k after a model
 * selection, and the estimates' intervals for a maximum-likelihood fit).
 */
final class Report {
  private Report() {}

  /**
   * What the report shows.
   *
   * @param command the command line that ran the fit
   * @param input the input path
   * @param summary the fit's summary
   * @param sample rows scored by the model, for the figures
   * @param numRows the number of rows fitted
   * @param history the bound per iteration
   * @param gateDependsOnX whether the gate depends on x (a mixture of experts)
   */
  record Content(String command, String input, FitSummary summary, FittedSample sample,
      long numRows, double[] history, boolean gateDependsOnX) {}

  /**
   * Writes the report into a folder (a job's staging folder, see {@link OutputSet}).
   *
   * @param dir the folder, existing and empty
   * @param c what to show
   */
  static void write(Path dir, Content c) {
    try {
      fill(dir, c);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report", e);
    }
  }

  private static void fill(Path dir, Content c) throws IOException {
    FitSummary s = c.summary();
    FittedSample sample = c.sample();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(s.title()).append("\n\n");
    md.append("Input `").append(c.input()).append("`, ").append(c.numRows())
        .append(" rows; written ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(" by\n\n```\n").append(c.command()).append("\n```\n\n");
    md.append("## Summary\n\n").append(s.markdown()).append('\n');
    String rows = sample.n() < c.numRows()
        ? "a random sample of " + sample.n() + " of the " + c.numRows() + " rows"
        : "all " + sample.n() + " rows";
    md.append("## Fitted experts\n\n").append("Each point is a row (").append(rows)
        .append("), coloured by its most likely component and more opaque the surer that is;"
            + " each line is an expert");
    md.append(sample.d() > 1
        ? ", drawn against one input with the others held at their means under that expert.\n\n"
        : ", the dashed line the mixture mean.\n\n");
    ExpertsPlot.write(sample, dir.resolve("experts.png"));
    md.append("![experts over the data](experts.png)\n\n");
    if (c.gateDependsOnX()) {
      GatePlot.write(sample, dir.resolve("gate.png"));
      md.append("## Gate probabilities\n\nThe probability of each component given x.\n\n")
          .append("![gate probabilities](gate.png)\n\n");
    }
    BoundPlot.write(c.history(), dir.resolve("bound.png"));
    md.append("## Bound per iteration\n\n").append("![bound per iteration](bound.png)\n\n");
    Rootogram.write(sample.posterior(), dir.resolve("rootogram.png"));
    md.append("## Posterior probabilities\n\nRootograms (square roots of counts) of the rows'"
        + " posterior probabilities of each component, those below ")
        .append(Rootogram.EPS).append(" left out (flexmix's plot). Mass near 0 and 1 means"
            + " well separated components.\n\n")
        .append("![rootogram of posterior probabilities](rootogram.png)\n\n");
    if (s.estimates() != null) {
      IntervalsPlot.write(s.estimates().panels(), EstimatesTable.LEVEL,
          dir.resolve("intervals.png"));
      md.append("## Confidence intervals\n\nEach estimate with its ")
          .append(Math.round(100 * EstimatesTable.LEVEL)).append("% Wald interval from the"
              + " observed information, per component (flexmix's `plot(refit(...))`).\n\n")
          .append("![confidence intervals](intervals.png)\n\n");
    }
    List<FitSummary.Candidate> cands = s.candidates();
    if (!cands.isEmpty()) {
      int n = cands.size();
      int[] ks = new int[n];
      double[] aic = new double[n];
      double[] bic = new double[n];
      double[] icl = new double[n];
      for (int i = 0; i < n; i++) {
        ks[i] = cands.get(i).k();
        aic[i] = cands.get(i).aic();
        bic[i] = cands.get(i).bic();
        icl[i] = cands.get(i).icl();
      }
      CriteriaPlot.write(ks, aic, bic, icl, s.chosenK(),
          s.criterion().toUpperCase(Locale.ROOT), dir.resolve("criteria.png"));
      md.append("## Information criteria against k\n\n")
          .append("![information criteria against k](criteria.png)\n");
    }
    Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
  }
}
