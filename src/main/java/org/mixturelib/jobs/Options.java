package org.mixturelib.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed command line: {@code --name value} (or {@code --name=value}) options, {@code --flag}
 * switches and positional arguments. Every error is a {@link UsageException} naming the option
 * and what was expected.
 */
final class Options {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, List<String>> repeated = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final String command;

  private Options(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args}.
   *
   * @param command the subcommand (for messages)
   * @param args the arguments after the subcommand
   * @param valued names of the options that take a value
   * @param flags names of the switches
   */
  static Options parse(String command, String[] args, Set<String> valued, Set<String> flags) {
    return parse(command, args, valued, flags, Set.of());
  }

  /**
   * Parses {@code args} where some valued options may be given several times.
   *
   * @param command the subcommand (for messages)
   * @param args the arguments after the subcommand
   * @param valued names of the options that take a value
   * @param flags names of the switches
   * @param repeatable those of {@code valued} that may be given several times ({@link #all})
   */
  static Options parse(String command, String[] args, Set<String> valued, Set<String> flags,
      Set<String> repeatable) {
    Options o = new Options(command);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() == 2) {
        o.positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException(command + ": --" + name + " takes no value");
        }
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new UsageException(command + ": --" + name + " needs a value");
          }
          value = args[++i];
        }
      } else {
        Set<String> known = new TreeSet<>(valued);
        known.addAll(flags);
        throw new UsageException(command + ": unknown option --" + name + "; expected one of --"
            + String.join(", --", known));
      }
      if (repeatable.contains(name)) {
        o.repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        o.values.put(name, value);
      } else if (o.values.put(name, value) != null) {
        throw new UsageException(command + ": --" + name + " is given twice");
      }
    }
    return o;
  }

  /** The positional arguments. */
  List<String> positional() {
    return positional;
  }

  /** Whether the option or switch was given. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** Every value of a repeatable option, in order (empty when absent). */
  List<String> all(String name) {
    return List.copyOf(repeated.getOrDefault(name, List.of()));
  }

  /** A switch. */
  boolean flag(String name) {
    return values.containsKey(name);
  }

  /** The value of a required option. */
  String required(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new UsageException(command + ": --" + name + " is required");
    }
    return v;
  }

  /** The value of an option, or {@code fallback}. */
  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** An integer option of at least {@code min}, or {@code fallback}. */
  int integer(String name, int fallback, int min) {
    return integer(name, fallback, min, Integer.MAX_VALUE);
  }

  /** An integer from {@code min} to {@code max}, or {@code fallback}. */
  int integer(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be an integer, got '" + v + "'");
    }
    if (n < min) {
      throw new UsageException(command + ": --" + name + " must be >= " + min + ", got " + n);
    }
    if (n > max) {
      throw new UsageException(command + ": --" + name + " must be <= " + max + ", got " + n
          + " (see docs/jobs.md#limits)");
    }
    return n;
  }

  /** A positive finite number, or {@code fallback}. */
  double positive(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be a number, got '" + v + "'");
    }
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new UsageException(command + ": --" + name + " must be a finite number > 0, got "
          + v);
    }
    return x;
  }

  /** A comma-separated list (empty entries dropped), or null when absent. */
  List<String> list(String name) {
    String v = values.get(name);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    if (out.isEmpty()) {
      throw new UsageException(command + ": --" + name + " needs at least one name");
    }
    return out;
  }

  /** One of the allowed words (case-insensitive), or {@code fallback}. */
  String choice(String name, String fallback, String... allowed) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v.trim())) {
        return a;
      }
    }
    throw new UsageException(command + ": --" + name + " must be one of "
        + String.join(", ", allowed) + "; got '" + v + "'");
  }

  /**
   * A range of k: {@code "a..b"} with 1 <= a <= b, or a single {@code "b"} meaning 1..b.
   *
   * @return {lo, hi}, or null when absent
   */
  int[] range(String name) {
    String v = values.get(name);
    if (v == null) {
      return null;
    }
    String t = v.trim();
    int[] r;
    try {
      int dots = t.indexOf("..");
      r = dots < 0 ? new int[] {1, Integer.parseInt(t)}
          : new int[] {Integer.parseInt(t.substring(0, dots).trim()),
              Integer.parseInt(t.substring(dots + 2).trim())};
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be a range like 1..6, got '"
          + v + "'");
    }
    if (r[0] < 1 || r[1] < r[0]) {
      throw new UsageException(command + ": --" + name + " must be a range lo..hi with"
          + " 1 <= lo <= hi, got '" + v + "'");
    }
    return r;
  }

  /** Fails on positional arguments beyond {@code max}. */
  void maxPositional(int max) {
    if (positional.size() > max) {
      throw new UsageException(command + ": unexpected argument"
          + (positional.size() - max > 1 ? "s " : " ")
          + String.join(" ", positional.subList(max, positional.size())));
    }
  }
}
