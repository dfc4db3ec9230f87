package org.mixturelib.ml;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The child JVM of {@link KilledSaveTest}: fits a small model, then saves it over and over,
 * overwriting {@code <dir>/model} and writing a new {@code <dir>/model-i} each round, printing
 * {@code SAVED i} after each round, until it is killed.
 */
public final class SaveLoop {
  private SaveLoop() {}

  /** @param args the output directory */
  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args[0]);
    MixtureOfRegressionsModel model = new MixtureOfRegressions().setK(2).setMaxIter(3)
        .setNumInit(1).fit(Lines.frame(Lines.twoLines(100, 1), 1));
    for (int i = 0; ; i++) {
      model.write().overwrite().save(out.resolve("model").toString());
      model.write().save(out.resolve("model-" + i).toString());
      System.out.println("SAVED " + i);
      System.out.flush();
    }
  }
}
