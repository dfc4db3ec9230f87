package org.mixturelib.notebooks;

import java.io.PrintWriter;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;

/**
 * The one place where the Scala REPL's API differs between the two Spark lines (Scala 2.12
 * here, {@code src/test/scala-2.13} for Spark 4): how an interpreter that prints to a writer is
 * made and started. Maven adds the directory of the build's Scala line as a test source.
 */
final class Interpreters {
  private Interpreters() {}

  /** A started interpreter that prints its results and errors to {@code out}. */
  static IMain start(Settings settings, PrintWriter out) {
    IMain intp = new IMain(settings, out);
    intp.initializeSynchronous();
    return intp;
  }
}
