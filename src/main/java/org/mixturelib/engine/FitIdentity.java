package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mixturelib.data.DataSource;

/**
 * What a checkpoint's fit was: every setting that shapes the fitted state, as {@code name =
 * value} entries, and a fingerprint of its data (row count, total weight and {@link
 * DataSource#contentHash()}, gathered in the pass that caches the rows). A checkpoint resumes
 * only a fit with the same identity; {@link #difference} names what differs.
 *
 * <p>The settings are the engine's own (seed, model type, start mode and count, the data's
 * dimensions, and the start model's number of components, its experts' and gate's type ids and
 * the gate's parameter count) and those the front end passes in {@link
 * EmConfig#fitSettings} (the estimators pass all their params but those that only bound the
 * run or name output columns: {@code maxIter}, {@code tol}, the checkpoint params, {@code
 * localRows}, {@code aggregationDepth}).
 *
 * @param settings the settings, in a fixed order
 * @param numRows the data's row count
 * @param totalWeight the data's total case weight
 * @param contentHash the data's content fingerprint
 */
public record FitIdentity(String[] settings, long numRows, double totalWeight, long contentHash) {
  private static final String IS = " = ";

  /**
   * The identity of a fit.
   *
   * @param config its settings
   * @param data its rows
   * @param initial the model it starts from (a resumed fit's configured start)
   */
  static FitIdentity of(EmConfig config, DataSource data, MixtureState initial) {
    List<String> s = new ArrayList<>();
    s.add("seed" + IS + config.seed());
    s.add("model type" + IS + config.modelType());
    s.add("init mode" + IS + config.initMode());
    s.add("starts" + IS + config.numInit());
    s.add("features" + IS + data.numFeatures());
    s.add("outputs" + IS + data.numOutputs());
    s.add("components" + IS + initial.k());
    s.add("experts type" + IS + initial.experts().typeId());
    s.add("gate type" + IS + initial.gate().typeId()
        + initial.abilities().trainedGate().map(trained -> " of "
            + trained.parameters().length + " parameters").orElse(""));
    s.addAll(Arrays.asList(config.fitSettings()));
    return new FitIdentity(s.toArray(new String[0]), data.numRows(), data.totalWeight(),
        data.contentHash());
  }

  /**
   * How a checkpoint's identity differs from this fit's, as "name: there, here", or null when
   * it does not. Settings that only one side records are not compared.
   *
   * @param saved the checkpoint's identity
   */
  String difference(FitIdentity saved) {
    Map<String, String> here = entries(settings);
    Map<String, String> there = entries(saved.settings);
    for (Map.Entry<String, String> e : there.entrySet()) {
      String mine = here.get(e.getKey());
      if (mine != null && !mine.equals(e.getValue())) {
        return e.getKey() + " " + e.getValue() + " in the checkpoint, " + mine + " in this fit";
      }
    }
    if (saved.numRows != numRows || saved.totalWeight != totalWeight) {
      return String.format(Locale.ROOT, "the data: %d rows of total weight %s in the"
          + " checkpoint, %d of %s in this fit", saved.numRows, saved.totalWeight, numRows,
          totalWeight);
    }
    if (saved.contentHash != contentHash) {
      return "the data: the same number of rows and total weight but other values (content"
          + " fingerprint " + Long.toHexString(saved.contentHash) + " in the checkpoint, "
          + Long.toHexString(contentHash) + " in this fit)";
    }
    return null;
  }

  private static Map<String, String> entries(String[] settings) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : settings) {
      int at = s.indexOf(IS);
      out.put(at < 0 ? s : s.substring(0, at), at < 0 ? "" : s.substring(at + IS.length()));
    }
    return out;
  }
}
