package org.mixturelib.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A notebook in Databricks' source format for Scala: a first line {@code // Databricks notebook
 * source}, cells separated by {@code // COMMAND ----------}, and magic cells ({@code %md},
 * {@code %sh}, ...) whose lines all start with {@code // MAGIC}.
 *
 * @param name file name
 * @param cells the cells in order
 */
record Notebook(String name, List<Cell> cells) {
  static final String HEADER = "// Databricks notebook source";
  static final String SEPARATOR = "// COMMAND ----------";
  static final String MAGIC = "// MAGIC";

  /**
   * One cell.
   *
   * @param index 1-based position in the notebook
   * @param magic the magic command ("md", "sh", ...) or null for a Scala cell
   * @param text the cell's text without the MAGIC prefixes
   */
  record Cell(int index, String magic, String text) {}

  static Notebook read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
      throw new IllegalArgumentException(file + ": the first line must be '" + HEADER + "'");
    }
    List<Cell> cells = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.trim().equals(SEPARATOR)) {
        add(file, cells, current);
        current = new ArrayList<>();
      } else {
        current.add(line);
      }
    }
    add(file, cells, current);
    return new Notebook(file.getFileName().toString(), cells);
  }

  private static void add(Path file, List<Cell> cells, List<String> lines) {
    List<String> body = new ArrayList<>();
    for (String l : lines) {
      if (!body.isEmpty() || !l.isBlank()) {
        body.add(l);
      }
    }
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
    }
    if (body.isEmpty()) {
      return;
    }
    int index = cells.size() + 1;
    boolean magic = body.get(0).startsWith(MAGIC);
    if (!magic) {
      cells.add(new Cell(index, null, String.join("\n", body)));
      return;
    }
    StringBuilder text = new StringBuilder();
    for (String l : body) {
      if (!l.startsWith(MAGIC)) {
        throw new IllegalArgumentException(file + ", cell " + index + ": a magic cell mixes"
            + " '// MAGIC' lines with code: '" + l + "'");
      }
      text.append(l.length() > MAGIC.length() + 1 ? l.substring(MAGIC.length() + 1) : "")
          .append('\n');
    }
    String t = text.toString().strip();
    if (!t.startsWith("%")) {
      throw new IllegalArgumentException(file + ", cell " + index + ": a MAGIC cell must start"
          + " with a %command");
    }
    int end = t.indexOf(' ') < 0 ? t.indexOf('\n') : Math.min(t.indexOf(' '),
        t.indexOf('\n') < 0 ? Integer.MAX_VALUE : t.indexOf('\n'));
    String command = end < 0 ? t.substring(1) : t.substring(1, end);
    cells.add(new Cell(index, command, end < 0 ? "" : t.substring(end).strip()));
  }

  /** The Scala cells. */
  List<Cell> code() {
    return cells.stream().filter(c -> c.magic() == null).toList();
  }
}
