package org.mixturelib.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness: runs every case in its own JVM ({@link BenchCase}, 4 GB heap, Spark
 * on {@code local[2]}), then prints markdown tables with ratios and writes them to
 * {@code benchmarks/results.md}.
 *
 * <p>Usage: {@code Benchmark [quick|full] [out=benchmarks/results.md] [resume]}. {@code quick}
 * runs small sizes to check the harness; {@code full} the table of issue 5 (about half an hour
 * on a quiet 2-core machine). Every case's raw result is appended to {@code results.tsv}
 * beside the report; {@code resume} reuses the cases found there instead of running them
 * again.
 */
public final class Benchmark {
  private final List<Map<String, String>> results = new ArrayList<>();
  private final Map<String, Map<String, String>> previous = new LinkedHashMap<>();
  private final String heap = "-Xmx4g";
  private Path out;
  private String mode;
  private String loadBefore;
  private long start;

  private Benchmark() {}

  /** Runs the suite. */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "quick";
    Path out = Path.of("benchmarks/results.md");
    for (String a : args) {
      if (a.startsWith("out=")) {
        out = Path.of(a.substring(4));
      }
    }
    new Benchmark().run(mode, out, List.of(args).contains("resume"));
  }

  private void run(String mode, Path out, boolean resume)
      throws IOException, InterruptedException {
    String loadBefore = uptime();
    long start = System.nanoTime();
    boolean full = mode.equals("full");
    double big = full ? 1e6 : 2e4;
    double small = full ? 1e5 : 5e3;
    this.out = out;
    this.mode = mode;
    if (resume) {
      loadPrevious();
    } else {
      Files.deleteIfExists(tsv());
    }
    this.loadBefore = loadBefore;
    this.start = start;
    // the headline case first, flexmix before ours so that our fit can be timed to its
    // log-likelihood; the report is rewritten after every case
    Map<String, String> fxBig = run("flexmix", big, 10, 4);
    run("ours", big, 10, 4, target(fxBig));
    run("ours", big, 10, 4, target(fxBig), "numInit=1");
    run("gmm", big, 10, 4);
    run("lr", big, 10, 1);
    if (full) {
      // a few iterations suffice for the time per iteration and the 4 GB heap
      run("ours", 1e7, 10, 4, "numInit=1", "maxIter=8");
    }
    // the standard errors' information pass after a one-start fit (issue 14: at most two EM
    // iterations' time)
    run("ours", big, 10, 4, "numInit=1", "information=1");
    // grouped rows (groups of 10, each group's rows in one component) beside the same rows
    // ungrouped, with the same start and iteration budget
    run("ours", big, 10, 4, "numInit=1", "maxIter=8");
    run("ours", big, 10, 4, "numInit=1", "maxIter=8", "groupSize=10");
    Map<String, String> fxSmall = run("flexmix", small, 10, 4);
    run("ours", small, 10, 4, target(fxSmall));
    run("gmm", small, 10, 4);
    run("lr", small, 10, 1);
    for (int[] dk : new int[][] {{2, 2}, {2, 8}, {10, 2}, {10, 8}, {50, 4}}) {
      run("ours", small, dk[0], dk[1]);
    }
    run("ours", big, 2, 2);
    run("ours", big, 10, 8);
    double mlpSmall = full ? 1e4 : 2e3;
    double mlpBig = full ? 1e5 : 5e3;
    run("mlp", mlpSmall, 10, 4, "hidden=10", "gateMaxIter=5", "numInit=1", "maxIter=30");
    run("mlp", mlpSmall, 10, 4, "hidden=10", "gateMaxIter=50", "numInit=1", "maxIter=30");
    run("mlp", mlpBig, 10, 4, "hidden=10", "gateMaxIter=5", "numInit=1", "maxIter=30");
    // issue 12: 0.4's benchmark size to convergence, the two-planes Spark ML fits with their
    // Spark jobs, and the planted soft-gated mixture of experts with default settings
    run("mlp", mlpSmall, 10, 4, "hidden=10", "numInit=1");
    run("twoplanes", 200, 2, 2);
    run("moe", full ? 1e6 : 2e4, 10, 4, "hidden=16");
    // issue 11: Poisson experts, at most 2x our Gaussian s/iter and 10x faster than flexmix
    run("flexmix-poisson", big, 10, 4);
    run("poisson", big, 10, 4);
    // issue 23: penalised (elastic-net) experts on wide data, lambda chosen per component
    run("elasticnet", full ? 1e5 : 1e4, full ? 1000 : 100, 2, "numInit=1", "maxIter=50");
    System.out.println(write());
    System.out.println("written to " + out);
  }

  /** Every case's raw result, one line each, beside the report. */
  private Path tsv() {
    return out.toAbsolutePath().resolveSibling("results.tsv");
  }

  /** Loads the raw results of an earlier run, so that {@code resume} skips those cases. */
  private void loadPrevious() throws IOException {
    if (!Files.exists(tsv())) {
      return;
    }
    for (String line : Files.readAllLines(tsv())) {
      if (!line.startsWith("RESULT\t")) {
        continue;
      }
      Map<String, String> r = new LinkedHashMap<>();
      String signature = null;
      for (String kv : line.substring(7).split("\t")) {
        String[] parts = kv.split("=", 2);
        if (parts[0].equals("case")) {
          signature = parts[1];
        } else {
          r.put(parts[0], parts[1]);
        }
      }
      if (signature != null && !r.containsKey("error")) {
        previous.put(signature, r);
      }
    }
  }

  /** Writes the report of the cases run so far and returns it. */
  private String write() throws IOException {
    String report = report(mode, loadBefore, uptime(), (System.nanoTime() - start) / 6e10);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    return report;
  }

  private static String target(Map<String, String> flexmix) {
    String ll = flexmix.get("logLik");
    return ll == null ? "numInit=5" : "target=" + ll;
  }

  private Map<String, String> run(String kind, double n, int d, int k, String... options)
      throws IOException, InterruptedException {
    String signature = String.format(Locale.ROOT, "%s %.0f %d %d %s", kind, n, d, k,
        String.join(" ", options)).trim();
    if (previous.containsKey(signature)) {
      Map<String, String> r = previous.get(signature);
      System.err.println("== " + signature + " (from " + tsv() + ")");
      results.add(r);
      return r;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(heap);
    cmd.add("-XX:+UseParallelGC");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("--add-modules")
          || a.startsWith("-Dmixturelib.")
          || a.startsWith("-Ddev.ludovic.")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchCase.class.getName());
    cmd.add(kind);
    cmd.add(String.format(Locale.ROOT, "%.0f", n));
    cmd.add(Integer.toString(d));
    cmd.add(Integer.toString(k));
    cmd.addAll(List.of(options));
    System.err.println("== " + String.join(" ", cmd.subList(cmd.indexOf(kind), cmd.size())));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Map<String, String> r = new LinkedHashMap<>();
    StringBuilder tail = new StringBuilder();
    try (var reader = p.inputReader()) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("RESULT")) {
          for (String kv : line.substring(6).trim().split("\t")) {
            String[] parts = kv.split("=", 2);
            r.put(parts[0], parts[1]);
          }
        } else if (line.contains("EmEngine: EM finished") || line.contains("Exception")) {
          System.err.println("   " + line);
          tail.append(line).append(' ');
        }
      }
    }
    if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
      r.put("kind", kind);
      r.put("n", String.format(Locale.ROOT, "%.0f", n));
      r.put("d", Integer.toString(d));
      r.put("k", Integer.toString(k));
      r.put("error", "exit " + p.exitValue() + " " + tail);
    }
    System.err.println("   " + r);
    results.add(r);
    StringBuilder line = new StringBuilder("RESULT\tcase=").append(signature);
    r.forEach((key, v) -> line.append('\t').append(key).append('=').append(v));
    Files.writeString(tsv(), line.append('\n'), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    write();
    return r;
  }

  // ---------------------------------------------------------------- report

  private String report(String mode, String loadBefore, String loadAfter, double minutes) {
    StringBuilder s = new StringBuilder();
    s.append("# Benchmark results (").append(mode).append(")\n\n");
    s.append("Run ").append(ZonedDateTime.now().withNano(0)).append(" on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(", Spark local[2], 4 GB heap per"
            + " case, BLAS ").append(first("blas")).append(", ")
        .append(String.format(Locale.ROOT, "%.1f", minutes)).append(" minutes.\n");
    s.append("Load before: `").append(loadBefore).append("`; at the last case: `")
        .append(loadAfter).append("`.\n\n");
    s.append("Ours: EM for a mixture of K linear regressions (intercept, one noise variance per"
        + " expert, maximum-likelihood mixing weights), tolerance 1e-6 on the change of the"
        + " log-likelihood per row, the engine's defaults unless noted: 10 starts (the second"
        + " from k-means on [x, y], every third from y-bins, the others random subsets), their"
        + " short runs of at most 50 iterations to tolerance 1e-4 on a 20,000-row sample of the"
        + " rows, the best continues on all rows; SQUAREM-accelerated EM. 1 start is one"
        + " random-subset start on all rows. s/iter = fit seconds / E-step passes over all rows"
        + " (the starts' work on the sample, M-steps and driver work included). Every"
        + " Spark case (ours and MLlib's) first runs a warm-up fit of the same kind on 20,000"
        + " rows in the same JVM, so that the JIT has compiled the kernels and Spark's per-job"
        + " code, as in a long-lived session; flexmix runs in R as it is.\n\n");
    s.append("## Ours\n\n");
    s.append("| N | D | K | starts | load s | fit s | passes | s/iter | CPU s/iter | median pass s"
        + " | iterations | converged | log-lik | peak heap MB | peak RSS MB |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, String> r : of("ours")) {
      s.append(row(r.get("n"), r.get("d"), r.get("k"), r.get("numInit"), f2(r.get("loadS")),
          f2(r.get("fitS")), r.get("ePasses"), f3(r.get("sPerIter")), f3(r.get("cpuSPerIter")),
          f3(r.get("medianEPassS")),
          r.get("iterations"), r.get("converged"), f1(r.get("logLik")), r.get("peakHeapMb"),
          r.get("peakRssMb"), r.get("error")));
    }
    s.append("\n## Against Spark MLlib and flexmix (D = 10, K = 4)\n\n");
    s.append("Per iteration, ours is the one-start fit (the default fit's starts run on a sample,"
        + " so its fit seconds over its few passes on all rows are no time per iteration); the"
        + " whole fits compare the default fit with flexmix's.\n\n");
    s.append("| N | ours s/iter (one start) | MLlib GaussianMixture s/iter | ratio | MLlib"
        + " LinearRegression (normal, one pass) s | ratio | flexmix s/iter | ratio | flexmix"
        + " iterations | flexmix s | ours default fit s | ratio | flexmix log-lik | ours log-lik"
        + " | ours s to flexmix's log-lik (default starts / 1 start) | flexmix R max MB / RSS MB"
        + " |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Peers p : headline()) {
      Map<String, String> o = p.ours();
      Map<String, String> fx = p.flexmix();
      String n = o.get("n");
      Map<String, String> one = oneStart(n);
      Map<String, String> perIter = one != null ? one : o;
      double ours = num(perIter.get("sPerIter"));
      s.append(row(n, f3(perIter.get("sPerIter")) + (one == null ? " (default fit)" : ""),
          f3(value(p.gmm(), "sPerIter")), ratio(value(p.gmm(), "sPerIter"), ours),
          f3(value(p.lr(), "fitS")), ratio(value(p.lr(), "fitS"), ours),
          fx != null && fx.containsKey("skipped") ? "skipped: " + fx.get("skipped")
              : f3(value(fx, "sPerIter")),
          ratio(value(fx, "sPerIter"), ours), value(fx, "iter"), f2(value(fx, "seconds")),
          f2(o.get("fitS")), ratio(value(fx, "seconds"), num(o.get("fitS"))),
          f1(value(fx, "logLik")), f1(o.get("logLik")),
          f2(o.get("toTargetS")) + " / " + f2(value(one, "toTargetS")),
          fx == null ? "" : fx.get("rMaxMb") + " / " + fx.get("rRssMb"), null));
    }
    s.append("\nThe same in CPU seconds (all threads of the process; R's user + system time),"
        + " which a loaded machine distorts less than wall time:\n\n");
    s.append("| N | ours CPU s/iter (one start) | MLlib GaussianMixture CPU s/iter | ratio |"
        + " MLlib LinearRegression CPU s | ratio | flexmix CPU s/iter | ratio |\n");
    s.append("|---|---|---|---|---|---|---|---|\n");
    for (Peers p : headline()) {
      Map<String, String> one = oneStart(p.ours().get("n"));
      Map<String, String> perIter = one != null ? one : p.ours();
      double ours = num(perIter.get("cpuSPerIter"));
      s.append(row(p.ours().get("n"),
          f3(perIter.get("cpuSPerIter")) + (one == null ? " (default fit)" : ""),
          f3(value(p.gmm(), "cpuSPerIter")), ratio(value(p.gmm(), "cpuSPerIter"), ours),
          f3(value(p.lr(), "fitCpuS")), ratio(value(p.lr(), "fitCpuS"), ours),
          f3(value(p.flexmix(), "cpuSPerIter")), ratio(value(p.flexmix(), "cpuSPerIter"), ours),
          null));
    }
    s.append("\nRatios are the other's time over ours (above 1: ours is faster). MLlib's"
        + " GaussianMixture runs a fixed number of iterations (tol 0) on the joint [x, y]"
        + " vector; LinearRegression's normal solver is one weighted pass (K = 1).\n");
    Map<String, String> a = null;
    Map<String, String> b = null;
    for (Map<String, String> r : of("ours")) {
      if ("8".equals(r.get("maxIter")) && "10".equals(r.get("d")) && "4".equals(r.get("k"))
          && r.get("groupSize") == null) {
        if ("1000000".equals(r.get("n"))) {
          a = r;
        } else if ("10000000".equals(r.get("n"))) {
          b = r;
        }
      }
    }
    Map<String, String> grouped = null;
    Map<String, String> ungrouped = null;
    for (Map<String, String> r : of("ours")) {
      if ("10".equals(r.get("groupSize")) && "8".equals(r.get("maxIter"))) {
        grouped = r;
      }
    }
    for (Map<String, String> r : of("ours")) {
      if (grouped != null && grouped.get("n").equals(r.get("n")) && "8".equals(r.get("maxIter"))
          && "10".equals(r.get("d")) && "4".equals(r.get("k")) && r.get("groupSize") == null) {
        ungrouped = r;
      }
    }
    if (grouped != null && ungrouped != null) {
      s.append(String.format(Locale.ROOT, "\nGrouped rows (N = %s in groups of 10, 8 iterations"
          + " from one start, load with the shuffle by group %s s): %s s/iter against %s"
          + " ungrouped, ratio %.2f; median pass %s against %s.%n", grouped.get("n"),
          f2(grouped.get("loadS")), f3(grouped.get("sPerIter")),
          f3(ungrouped.get("sPerIter")),
          num(grouped.get("sPerIter")) / num(ungrouped.get("sPerIter")),
          f3(grouped.get("medianEPassS")), f3(ungrouped.get("medianEPassS"))));
    }
    if (a != null && b != null) {
      s.append(String.format(Locale.ROOT, "\nLinear in N (8 iterations from one start at each"
          + " size): s/iter at N = 1e7 over 10 x s/iter at N = 1e6 = %.2f; median pass %.2f;"
          + " CPU s/iter %.2f.\n",
          num(b.get("sPerIter")) / (10 * num(a.get("sPerIter"))),
          num(b.get("medianEPassS")) / (10 * num(a.get("medianEPassS"))),
          num(b.get("cpuSPerIter")) / (10 * num(a.get("cpuSPerIter")))));
    }
    for (Map<String, String> r : of("ours")) {
      if (r.containsKey("informationS")) {
        double pass = num(r.get("informationS"));
        s.append(String.format(Locale.ROOT, "\nStandard errors (N = %s, D = %s, K = %s, %s"
            + " parameters): the information pass takes %.3f s, %.2f EM iterations (%.3f s"
            + " each in the same fit), %.2f median E-step passes.\n", r.get("n"), r.get("d"),
            r.get("k"), r.get("informationParameters"), pass, pass / num(r.get("sPerIter")),
            num(r.get("sPerIter")), pass / num(r.get("medianEPassS"))));
      }
    }
    s.append("\n## Mixture of experts with an MLP gate (D = 10, K = 4, one hidden layer of 10,"
        + " one start)\n\n");
    s.append("| N | gateMaxIter | fit s | EM iterations | converged | E passes | gate passes |"
        + " s per EM iteration | log-lik | peak heap MB |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, String> r : of("mlp")) {
      double it = Math.max(1, num(r.get("iterations")));
      s.append(row(r.get("n"), r.get("gateMaxIter"), f2(r.get("fitS")), r.get("iterations"),
          r.get("converged"), r.get("ePasses"), r.get("gatePasses"),
          String.format(Locale.ROOT, "%.3f", num(r.get("fitS")) / it), f1(r.get("logLik")),
          r.get("peakHeapMb"), r.get("error")));
    }
    s.append("\n## Two planes, 200 rows, Spark ML default settings (one JVM, cached rows)\n\n");
    s.append("| mixture of models s | iterations | MLP-gate mixture of experts s | iterations |"
        + " ratio | Spark jobs per EM iteration, one start |\n|---|---|---|---|---|---|\n");
    for (Map<String, String> r : of("twoplanes")) {
      s.append(row(f2(r.get("morFitS")), r.get("morIterations"), f2(r.get("moeFitS")),
          r.get("moeIterations"), f2(r.get("ratio")), f2(r.get("jobsPerIteration")),
          r.get("error")));
    }
    s.append("\n## Planted mixture of experts (D = 10, K = 4, softmax gate x 3, MLP gate of 16,"
        + " default settings)\n\n");
    s.append("| N | fit s | EM iterations | converged | E passes | gate passes | gate passes per"
        + " EM iteration | log-lik gap per row to the truth | held-out MSE / oracle's |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, String> r : of("moe")) {
      s.append(row(r.get("n"), f2(r.get("fitS")), r.get("iterations"), r.get("converged"),
          r.get("ePasses"), r.get("gatePasses"), f2(r.get("gatePassesPerIteration")),
          String.format(Locale.ROOT, "%.2e", num(r.get("gapPerRow"))), f2(r.get("mseRatio")),
          r.get("error")));
    }
    s.append(poisson());
    return s.toString();
  }

  /**
   * One of our default-starts D = 10, K = 4 cases (timed to flexmix's log-likelihood) and the
   * peers run on the same N (null if not).
   */
  private record Peers(Map<String, String> ours, Map<String, String> gmm, Map<String, String> lr,
      Map<String, String> flexmix) {}

  private List<Peers> headline() {
    List<Peers> l = new ArrayList<>();
    for (Map<String, String> o : of("ours")) {
      if ("10".equals(o.get("d")) && "4".equals(o.get("k")) && o.containsKey("target")
          && !"1".equals(o.get("numInit"))) {
        String n = o.get("n");
        l.add(new Peers(o, find("gmm", n, "10", "4"), find("lr", n, "10", "1"),
            find("flexmix", n, "10", "4")));
      }
    }
    return l;
  }

  /** Our one-start D = 10, K = 4 case timed to flexmix's log-likelihood on N rows, or null. */
  private Map<String, String> oneStart(String n) {
    Map<String, String> one = null;
    for (Map<String, String> r : of("ours")) {
      if (n.equals(r.get("n")) && "10".equals(r.get("d")) && "4".equals(r.get("k"))
          && "1".equals(r.get("numInit")) && r.containsKey("target")) {
        one = r;
      }
    }
    return one;
  }

  /** {@code r.get(key)}, or null when the case did not run. */
  private static String value(Map<String, String> r, String key) {
    return r == null ? null : r.get(key);
  }

  private List<Map<String, String>> of(String kind) {
    List<Map<String, String>> l = new ArrayList<>();
    for (Map<String, String> r : results) {
      if (kind.equals(r.get("kind"))) {
        l.add(r);
      }
    }
    return l;
  }

  private Map<String, String> find(String kind, String n, String d, String k) {
    for (Map<String, String> r : of(kind)) {
      if (n.equals(r.get("n")) && d.equals(r.get("d")) && k.equals(r.get("k"))
          && !"1".equals(r.get("numInit"))) {
        return r;
      }
    }
    return null;
  }

  /** Poisson experts against our Gaussian ones (default starts) and flexmix's FLXMRglm. */
  private String poisson() {
    StringBuilder s = new StringBuilder("\n## Poisson experts (D = 10, K = 4, default settings)"
        + "\n\n| N | fit s | passes | s/iter | median pass s | Gaussian s/iter (same settings)"
        + " | ratio | flexmix s/iter | CPU s/iter | iterations | ours / flexmix, wall | ours /"
        + " flexmix CPU | ours log-lik | flexmix log-lik |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map<String, String> r : of("poisson")) {
      String n = r.get("n");
      Map<String, String> gauss = null;
      for (Peers p : headline()) {
        if (n.equals(p.ours().get("n"))) {
          gauss = p.ours();
        }
      }
      Map<String, String> fx = find("flexmix-poisson", n, r.get("d"), r.get("k"));
      double ours = num(r.get("sPerIter"));
      s.append(row(n, f2(r.get("fitS")), r.get("ePasses"), f3(r.get("sPerIter")),
          f3(r.get("medianEPassS")), f3(value(gauss, "sPerIter")),
          gauss == null ? "" : String.format(Locale.ROOT, "%.2f",
              ours / num(gauss.get("sPerIter"))),
          f3(value(fx, "sPerIter")), f3(value(fx, "cpuSPerIter")), value(fx, "iter"),
          ratio(value(fx, "sPerIter"), ours), ratio(value(fx, "cpuSPerIter"), ours),
          f1(r.get("logLik")), f1(value(fx, "logLik")), r.get("error")));
    }
    return s.toString();
  }

  private String first(String key) {
    for (Map<String, String> r : results) {
      if (r.containsKey(key)) {
        return r.get(key);
      }
    }
    return "?";
  }

  private static String row(Object... cells) {
    StringBuilder s = new StringBuilder("|");
    Object error = cells[cells.length - 1];
    for (int i = 0; i < cells.length - 1; i++) {
      s.append(' ').append(cells[i] == null ? "" : cells[i]).append(" |");
    }
    if (error != null) {
      s.append(" error: ").append(error.toString().replace('|', '/')).append(" |");
    }
    return s.append('\n').toString();
  }

  private static double num(String v) {
    try {
      return v == null ? Double.NaN : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String fmt(String v, int digits) {
    double x = num(v);
    return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%." + digits + "f", x);
  }

  private static String f1(String v) {
    return fmt(v, 1);
  }

  private static String f2(String v) {
    return fmt(v, 2);
  }

  private static String f3(String v) {
    return fmt(v, 3);
  }

  private static String ratio(String other, double ours) {
    double o = num(other);
    return Double.isNaN(o) || !(ours > 0) ? "" : String.format(Locale.ROOT, "%.1fx", o / ours);
  }

  private static String uptime() {
    try {
      Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return s;
    } catch (IOException | InterruptedException e) {
      return "uptime unavailable";
    }
  }
}
