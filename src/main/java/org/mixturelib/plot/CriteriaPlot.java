package org.mixturelib.plot;

import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Information criteria against the number of components (flexmix's {@code plot} of a {@code
 * stepFlexmix} result): AIC, BIC and ICL for each k fitted; smaller is better, and the chosen k
 * is named in the title.
 */
public final class CriteriaPlot {
  private CriteriaPlot() {}

  /**
   * The chart.
   *
   * @param ks the numbers of components fitted, in increasing order
   * @param aic AIC for each k
   * @param bic BIC for each k
   * @param icl ICL for each k
   * @param chosenK the k that was chosen
   * @param criterion the name of the criterion that chose it
   * @return the chart
   */
  public static XYChart chart(int[] ks, double[] aic, double[] bic, double[] icl, int chosenK,
      String criterion) {
    if (ks.length == 0 || aic.length != ks.length || bic.length != ks.length
        || icl.length != ks.length) {
      throw new IllegalArgumentException("need one AIC, BIC and ICL value for each of the "
          + ks.length + " values of k");
    }
    XYChart c = FigureStyle.xy("information criteria against k (" + criterion + " chooses k = "
        + chosenK + ")", "k (number of components)", "criterion (smaller is better)");
    double[] x = new double[ks.length];
    for (int i = 0; i < ks.length; i++) {
      x[i] = ks[i];
    }
    FigureStyle.line(c, "AIC", x, aic, Palette.component(0), false)
        .setMarker(SeriesMarkers.CIRCLE);
    FigureStyle.line(c, "BIC", x, bic, Palette.component(1), false)
        .setMarker(SeriesMarkers.SQUARE);
    FigureStyle.line(c, "ICL", x, icl, Palette.component(2), true)
        .setMarker(SeriesMarkers.DIAMOND);
    c.getStyler().setXAxisDecimalPattern("0").setXAxisTickMarkSpacingHint(60);
    c.getStyler().setLegendPosition(LegendPosition.InsideNE);
    return c;
  }

  /**
   * Writes the chart.
   *
   * @param ks the numbers of components fitted
   * @param aic AIC for each k
   * @param bic BIC for each k
   * @param icl ICL for each k
   * @param chosenK the chosen k
   * @param criterion the criterion that chose it
   * @param file the PNG to write
   * @return {@code file}
   */
  public static Path write(int[] ks, double[] aic, double[] bic, double[] icl, int chosenK,
      String criterion, Path file) {
    return Png.save(chart(ks, aic, bic, icl, chosenK, criterion), file);
  }
}
