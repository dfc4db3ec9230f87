package org.mixturelib.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.mixturelib.data.SparkSource;
import org.mixturelib.engine.NumericalFailureException;

/**
 * The batch jobs' entry point: {@code fit}, {@code predict} and {@code demo} (see {@code
 * docs/jobs.md}). A user's or the environment's error (bad input, an unreadable or unwritable
 * path, a corrupt model, a numerical failure) prints one line on stderr and gives exit code 2;
 * any other failure (a defect of the library) prints its stack trace and gives 1; success gives
 * 0. {@code --verbose}, anywhere after the command, adds the stack trace to every error, logs
 * every EM iteration of every start (the library's DEBUG lines) and shows Spark's own warnings
 * and errors, which the jobs' logging configuration hides; {@code --quiet} leaves only the
 * result on stdout and errors on stderr (no warnings, no progress). By default the jobs print
 * warnings and the progress ({@link Progress}: a bar on a terminal, else on a fit longer than a
 * few seconds one line a second).
 *
 * <p>The jobs run on the active {@code SparkSession} when there is one (a notebook, a test),
 * otherwise on a new one: {@code spark-submit}'s master, or {@code local[*]} when no master is
 * configured.
 */
public final class Main {
  private static final String USAGE = String.join("\n",
      "usage: Main fit|predict|demo [options]   (--help after a command for its options)",
      "  fit       fit a mixture of regressions or of experts to a CSV or Parquet table",
      "  predict   score a table with a model written by fit",
      "  demo      the two-planes demo of the 0.4 documentation [output folder]");

  private static final String VERBOSE = "--verbose";
  private static final String QUIET = "--quiet";
  /** The library's loggers, whose level --quiet and --verbose set for one run. */
  private static final String LIBRARY = "org.mixturelib";

  private Main() {}

  /**
   * Runs a subcommand and exits the JVM with its code.
   *
   * @param args the subcommand and its options
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs a subcommand in this JVM, printing to {@code System.out} and {@code System.err}.
   *
   * @param args the subcommand and its options
   * @return the exit code: 0 success, 2 a user's mistake, 1 any other failure
   */
  public static int run(String... args) {
    return run(System.out, System.err, args);
  }

  /**
   * Runs a subcommand in this JVM.
   *
   * @param out where the summary and help go
   * @param err where errors go
   * @param args the subcommand and its options
   * @return the exit code: 0 success, 2 a user's mistake, 1 any other failure
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    boolean verbose = Arrays.asList(args).subList(1, args.length).contains(VERBOSE);
    boolean quiet = Arrays.asList(args).subList(1, args.length).contains(QUIET);
    String[] rest = Arrays.stream(args).skip(1).filter(a -> !VERBOSE.equals(a)
        && !QUIET.equals(a)).toArray(String[]::new);
    if (verbose && quiet) {
      err.println("error: " + args[0] + ": give --quiet or --verbose, not both");
      return 2;
    }
    String progress = Progress.class.getName();
    Level library = LogManager.getLogger(LIBRARY).getLevel();
    Level progressLevel = LogManager.getLogger(progress).getLevel();
    Level root = LogManager.getRootLogger().getLevel();
    if (verbose) {
      Configurator.setRootLevel(Level.WARN);
      Configurator.setLevel(LIBRARY, Level.DEBUG);
    } else if (quiet) {
      Configurator.setLevel(LIBRARY, Level.ERROR);
      Configurator.setLevel(progress, Level.OFF);
    }
    try {
      return dispatch(out, err, args[0], rest, verbose);
    } finally {
      if (verbose || quiet) {
        Configurator.setRootLevel(root);
        Configurator.setLevel(LIBRARY, library);
        Configurator.setLevel(progress, progressLevel);
      }
    }
  }

  private static int dispatch(PrintStream out, PrintStream err, String command, String[] rest,
      boolean verbose) {
    try {
      switch (command) {
        case "fit" -> {
          FitJob.Settings s = FitJob.parse(rest);
          if (s == null) {
            out.println(FitJob.USAGE);
          } else {
            FitJob.run(session("mixturelib fit"), s, out);
          }
        }
        case "predict" -> {
          PredictJob.Settings s = PredictJob.parse(rest);
          if (s == null) {
            out.println(PredictJob.USAGE);
          } else {
            PredictJob.run(session("mixturelib predict"), s, out);
          }
        }
        case "demo" -> {
          if (rest.length > 1) {
            throw new UsageException("demo: takes at most one argument, the output folder");
          }
          DemoJob.run(session("mixturelib demo"),
              Path.of(rest.length > 0 ? rest[0] : "demo-output"), out);
        }
        case "help", "--help", "-h" -> out.println(USAGE);
        default -> throw new UsageException("unknown command '" + command
            + "'; expected fit, predict or demo");
      }
      return 0;
    } catch (Exception | OutOfMemoryError | org.apache.hadoop.fs.FSError e) {
      String user = userMessage(e);
      if (user != null) {
        err.println("error: " + user);
        if (verbose) {
          e.printStackTrace(err);
        }
        return 2;
      }
      err.println("error: unexpected failure, please report it: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /**
   * The one-line message of a user's or the environment's error, or null when {@code e} is
   * something else. Errors raised inside Spark's tasks (a row a model cannot score while the
   * predictions are written) are found in the chain of causes; a full disk ({@code FSError})
   * and an exhausted heap are the environment's.
   */
  static String userMessage(Throwable e) {
    if (e instanceof NumericalFailureException n) {
      return "the fit failed numerically: " + n.getMessage() + " (degenerate or extreme data;"
          + " see docs/faults.md)";
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory (" + e.getMessage() + "): the data or the settings need more than"
          + " this JVM's heap of " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; give"
          + " it more (spark.driver.memory) or ask for less";
    }
    Throwable cause = e instanceof Exception x ? SparkSource.unwrap(x) : e;
    if (cause instanceof IllegalArgumentException || cause instanceof AnalysisException) {
      return firstLine(cause);
    }
    if (cause instanceof ArithmeticException) {
      return "scoring failed numerically: " + firstLine(cause) + " (degenerate or extreme"
          + " data; see docs/faults.md)";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return t == e ? firstLine(io) : firstLine(e) + ": " + firstLine(io);
      }
    }
    return null;
  }

  private static String firstLine(Throwable t) {
    String msg = String.valueOf(t.getMessage()).strip();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl).strip();
  }

  private static SparkSession session(String app) {
    for (scala.Option<SparkSession> existing : java.util.List.of(
        SparkSession.getActiveSession(), SparkSession.getDefaultSession())) {
      if (existing.isDefined()) {
        return existing.get();
      }
    }
    SparkSession.Builder b = SparkSession.builder().appName(app);
    if (!new SparkConf().contains("spark.master")) {
      b.master("local[*]");
    }
    return b.getOrCreate();
  }
}
