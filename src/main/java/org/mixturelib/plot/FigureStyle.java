package org.mixturelib.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The common look of the figures and the series types they draw. */
final class FigureStyle {
  static final int WIDTH = 640;
  static final int HEIGHT = 440;

  private FigureStyle() {}

  static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    XYStyler st = c.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderVisible(true);
    st.setPlotGridLinesColor(new Color(225, 225, 225));
    st.setLegendPosition(LegendPosition.InsideNW);
    st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
    st.setMarkerSize(6);
    return c;
  }

  static XYSeries points(XYChart c, String name, double[] x, double[] y, Color colour,
      boolean inLegend) {
    XYSeries s = c.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(colour);
    s.setShowInLegend(inLegend);
    return s;
  }

  static XYSeries line(XYChart c, String name, double[] x, double[] y, Color colour,
      boolean dashed) {
    XYSeries s = c.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(colour);
    s.setMarkerColor(colour);
    s.setLineStyle(dashed
        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f)
        : new BasicStroke(2.5f));
    return s;
  }

  static String component(int k) {
    return "component " + (k + 1);
  }
}
