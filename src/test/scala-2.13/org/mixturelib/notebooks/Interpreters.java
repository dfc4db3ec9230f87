package org.mixturelib.notebooks;

import java.io.PrintWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * The one place where the Scala REPL's API differs between the two Spark lines (Scala 2.13
 * here, {@code src/test/scala-2.12} for Spark 3.5): Scala 2.13's interpreter prints through a
 * reporter and is started by {@code initializeCompiler}. Maven adds the directory of the build's
 * Scala line as a test source.
 */
final class Interpreters {
  private Interpreters() {}

  /** A started interpreter that prints its results and errors to {@code out}. */
  static IMain start(Settings settings, PrintWriter out) {
    IMain intp = new IMain(settings, new ReplReporterImpl(settings, out));
    intp.initializeCompiler();
    return intp;
  }
}
