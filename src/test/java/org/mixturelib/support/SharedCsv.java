package org.mixturelib.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV of {@code ../shared/data} (header row, quoted names and strings) read by column name;
 * the calling test skips when the shared folder is absent.
 */
public final class SharedCsv {
  /** A comma outside double quotes (patent.csv's company names hold commas). */
  private static final String FIELD = ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";
  private final List<String> names;
  private final List<String[]> rows;

  private SharedCsv(List<String> names, List<String[]> rows) {
    this.names = names;
    this.rows = rows;
  }

  /** Reads {@code ../shared/data/<file>}. */
  public static SharedCsv data(String file) {
    return read(Fixtures.shared().resolve("data").resolve(file));
  }

  /** Reads the CSV file {@code p} (a header line, then one row per line). */
  public static SharedCsv read(Path p) {
    try {
      List<String> lines = Files.readAllLines(p);
      List<String> names = new ArrayList<>();
      for (String s : lines.get(0).split(",")) {
        names.add(unquote(s));
      }
      List<String[]> rows = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) {
        if (!l.isBlank()) {
          rows.add(l.split(FIELD, -1));
        }
      }
      return new SharedCsv(names, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }

  /** A numeric column. */
  public double[] column(String name) {
    int c = names.indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException("no column '" + name + "' in " + names);
    }
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Double.parseDouble(unquote(rows.get(i)[c]));
    }
    return out;
  }

  /** A factor column as 0/1: 1 where the (unquoted) value is {@code level}. */
  public double[] indicator(String name, String level) {
    int c = names.indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException("no column '" + name + "' in " + names);
    }
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = unquote(rows.get(i)[c]).equals(level) ? 1 : 0;
    }
    return out;
  }
}
