package org.mixturelib.jobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The fit job's {@code --fixed} and {@code --nested} (flexmix's {@code FLXMRglmfix(fixed,
 * nested)}): terms whose coefficients all components share, and groups of components sharing
 * the coefficients of their own terms. {@code --fixed "~ w + f"} is a right-hand side over the
 * input's columns (factors allowed); {@code --nested "1,2: ~ x1"} (repeatable) names the
 * components (1-based) and their shared terms. The terms join the formula's design matrix, and
 * the coefficients they give become the estimator's {@code fixedFeatures} and {@code
 * nestedFeatures} by their place in it. A term is a column or an interaction {@code a:b}.
 */
final class SharedTerms {
  /**
   * One nested group.
   *
   * @param components its components, 1-based
   * @param terms its terms' right-hand side
   */
  record Group(int[] components, String terms) {}

  private final String fixed;
  private final List<Group> nested;

  private SharedTerms(String fixed, List<Group> nested) {
    this.fixed = fixed;
    this.nested = List.copyOf(nested);
  }

  /**
   * The options, or null when neither is given.
   *
   * @param fixed the {@code --fixed} value, or null
   * @param nested the {@code --nested} values
   * @param hasFormula whether {@code --formula} is given (they need it)
   * @param k the smallest number of components fitted (nested components must exist)
   * @throws UsageException naming the option when a value does not parse
   */
  static SharedTerms parse(String fixed, List<String> nested, boolean hasFormula, int k) {
    if (fixed == null && nested.isEmpty()) {
      return null;
    }
    String option = fixed != null ? "--fixed" : "--nested";
    if (!hasFormula) {
      throw new UsageException("fit: " + option + " needs --formula (the varying part, e.g."
          + " --formula 'y ~ x' --fixed '~ w')");
    }
    String fixedTerms = fixed == null ? null : rightHandSide(fixed, "--fixed");
    List<Group> groups = new ArrayList<>();
    for (String value : nested) {
      for (String g : value.split(";")) {
        int colon = g.indexOf(':');
        int tilde = g.indexOf('~');
        if (colon < 0 || tilde < colon) {
          throw new UsageException("fit: --nested must look like '1,2: ~ x1' (components,"
              + " then a right-hand side), got '" + g.trim() + "'");
        }
        String[] comps = g.substring(0, colon).split(",");
        int[] c = new int[comps.length];
        for (int i = 0; i < comps.length; i++) {
          try {
            c[i] = Integer.parseInt(comps[i].trim());
          } catch (NumberFormatException e) {
            c[i] = 0;
          }
          if (c[i] < 1 || c[i] > k) {
            throw new UsageException("fit: --nested '" + g.trim() + "': components are 1 to "
                + k + ", got '" + comps[i].trim() + "'");
          }
        }
        groups.add(new Group(c, rightHandSide(g.substring(colon + 1), "--nested")));
      }
    }
    return new SharedTerms(fixedTerms, groups);
  }

  /** The terms of {@code "~ terms"}, refusing a left-hand side or the intercept's terms. */
  private static String rightHandSide(String text, String option) {
    String t = text.trim();
    if (!t.startsWith("~") || t.substring(1).isBlank()) {
      throw new UsageException("fit: " + option + " must be a right-hand side such as '~ w'"
          + " or '~ w + f' (no label), got '" + text.trim() + "'");
    }
    String terms = t.substring(1).trim();
    if (terms.equals("0")) { // flexmix's '~ 0': no terms
      return "";
    }
    for (String term : terms.split("\\+")) {
      String s = term.trim();
      if (s.equals("1") || s.equals("0") || s.contains("-") || s.contains("*")
          || s.contains("(") || s.contains(".")) {
        throw new UsageException("fit: " + option + " '" + text.trim() + "': write its terms as"
            + " columns and interactions a:b joined by '+' (no intercept, '-', '*', '.' or"
            + " functions; the intercept always varies), got '" + s + "'");
      }
    }
    return terms;
  }

  /** Each term of a right-hand side as its set of columns ({@code a*b} as a, b and a:b). */
  static List<Set<String>> termSets(String terms) {
    List<Set<String>> out = new ArrayList<>();
    for (String term : terms.split("\\+")) {
      String s = term.trim();
      if (s.isEmpty() || s.matches("-?\\s*[01]") || s.startsWith("-")) {
        continue;
      }
      String[] crossed = s.split("\\*");
      int n = crossed.length;
      for (int mask = 1; mask < 1 << n; mask++) {
        Set<String> set = new HashSet<>();
        for (int b = 0; b < n; b++) {
          if ((mask & 1 << b) != 0) {
            for (String c : crossed[b].split(":")) {
              set.add(c.trim());
            }
          }
        }
        if (!out.contains(set)) {
          out.add(set);
        }
      }
    }
    return out;
  }

  /** The shared terms' columns, to join the formula's right-hand side. */
  String extraTerms() {
    StringJoiner j = new StringJoiner(" + ");
    if (fixed != null && !fixed.isEmpty()) {
      j.add(fixed);
    }
    for (Group g : nested) {
      if (!g.terms().isEmpty()) {
        j.add(g.terms());
      }
    }
    return j.toString();
  }

  /**
   * Refuses a term that is both varying and shared, both fixed and nested, or in two nested
   * groups with a common component.
   *
   * @param varying the formula's right-hand side
   * @throws UsageException naming the term and the options
   */
  void check(String varying) {
    List<Set<String>> vary = termSets(varying);
    List<Set<String>> fix = fixed == null ? List.of() : termSets(fixed);
    for (Set<String> t : fix) {
      if (vary.contains(t)) {
        throw new UsageException("fit: --fixed term '" + String.join(":", t) + "' is also in"
            + " --formula's varying part; a coefficient is either shared by all components"
            + " or each component's own (remove it from one of them)");
      }
    }
    for (int g = 0; g < nested.size(); g++) {
      for (Set<String> t : termSets(nested.get(g).terms())) {
        String name = String.join(":", t);
        if (vary.contains(t)) {
          throw new UsageException("fit: --nested term '" + name + "' is also in --formula's"
              + " varying part (remove it from one of them)");
        }
        if (fix.contains(t)) {
          throw new UsageException("fit: term '" + name + "' is in both --fixed and --nested");
        }
      }
    }
  }

  /**
   * The estimator's {@code fixedFeatures}: the positions in the features vector of the
   * coefficients whose term is in {@code --fixed}.
   *
   * @param signatures per coefficient of the design, the columns of its term
   */
  int[] fixedFeatures(List<List<String>> signatures) {
    return fixed == null ? new int[0] : positions(termSets(fixed), signatures);
  }

  /** The estimator's {@code nestedFeatures} ({@code "1,2:0,3;..."}), or "". */
  String nestedFeatures(List<List<String>> signatures) {
    StringJoiner out = new StringJoiner(";");
    for (Group g : nested) {
      StringJoiner comps = new StringJoiner(",");
      for (int c : g.components()) {
        comps.add(Integer.toString(c));
      }
      StringJoiner feats = new StringJoiner(",");
      for (int j : positions(termSets(g.terms()), signatures)) {
        feats.add(Integer.toString(j));
      }
      out.add(comps + ":" + feats);
    }
    return out.toString();
  }

  private static int[] positions(List<Set<String>> terms, List<List<String>> signatures) {
    Set<Integer> out = new LinkedHashSet<>();
    for (int j = 0; j < signatures.size(); j++) {
      if (terms.contains(new HashSet<>(signatures.get(j)))) {
        out.add(j);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** For the summary's title: {@code " (fixed ~ w; nested 1,2: ~ x1)"}. */
  String describe() {
    StringJoiner out = new StringJoiner("; ", " (", ")");
    if (fixed != null) {
      out.add("fixed ~ " + (fixed.isEmpty() ? "0" : fixed));
    }
    for (Group g : nested) {
      StringJoiner comps = new StringJoiner(",");
      for (int c : g.components()) {
        comps.add(Integer.toString(c));
      }
      out.add("nested " + comps + ": ~ " + (g.terms().isEmpty() ? "0" : g.terms()));
    }
    return out.toString();
  }
}
