package org.mixturelib.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.mixturelib.data.SparkSource;

/**
 * The batch jobs' entry point: {@code fit}, {@code predict} and {@code demo} (see {@code
 * docs/jobs.md}). A mistake the user can fix prints one line on stderr and gives exit code 2;
 * any other failure prints its stack trace and gives 1; success gives 0.
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
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
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
            PredictJob.run(session("mixturelib predict"), s);
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
        default -> throw new UsageException("unknown command '" + args[0]
            + "'; expected fit, predict or demo");
      }
      return 0;
    } catch (Exception e) {
      String user = userMessage(e);
      if (user != null) {
        err.println("error: " + user);
        return 2;
      }
      err.println("error: unexpected failure, please report it: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /** The one-line message of a user's mistake, or null when {@code e} is something else. */
  static String userMessage(Exception e) {
    Exception cause = e instanceof RuntimeException r ? SparkSource.unwrap(r) : e;
    if (cause instanceof IllegalArgumentException || cause instanceof AnalysisException) {
      String msg = String.valueOf(cause.getMessage()).strip();
      int nl = msg.indexOf('\n');
      return nl < 0 ? msg : msg.substring(0, nl).strip();
    }
    return null;
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
