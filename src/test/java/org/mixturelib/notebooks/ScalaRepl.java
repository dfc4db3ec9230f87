package org.mixturelib.notebooks;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import scala.Console$;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * The Scala REPL's interpreter (the one spark-shell and notebooks wrap) on the test classpath,
 * so that a notebook's cells run as a user's would: each cell is compiled and run in turn, and
 * names defined in one cell are visible in the next.
 */
final class ScalaRepl implements AutoCloseable {
  private final StringWriter output = new StringWriter();
  private final IMain intp;

  ScalaRepl() {
    Settings settings = new Settings();
    settings.processArgumentString("-classpath " + classpath() + " -nowarn");
    intp = Interpreters.start(settings, new PrintWriter(output, true));
  }

  /**
   * The classpath of this JVM. Surefire starts tests through a manifest-only jar and passes the
   * real classpath in {@code surefire.test.class.path}.
   */
  private static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
  }

  /**
   * Interprets one piece of code.
   *
   * @return null when it compiled and ran, otherwise what the interpreter printed
   */
  String run(String code) {
    output.getBuffer().setLength(0);
    PrintStream console = new PrintStream(new WriterOutputStream(output), true,
        StandardCharsets.UTF_8);
    Results.Result r = Console$.MODULE$.withOut(console,
        (scala.Function0<Results.Result>) () -> intp.interpret(code));
    console.flush();
    if (r instanceof Results.Success$) {
      return null;
    }
    String printed = output.toString();
    return (r instanceof Results.Incomplete$ ? "incomplete input\n" : "") + printed;
  }

  /** What the last piece of code printed. */
  String lastOutput() {
    return output.toString();
  }

  /** Appends the bytes printed to the console, as UTF-8 text, to a writer. */
  private static final class WriterOutputStream extends OutputStream {
    private final StringWriter target;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    WriterOutputStream(StringWriter target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      pending.write(b);
      if (b == '\n') {
        flush();
      }
    }

    @Override
    public void flush() {
      target.write(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
    }
  }

  @Override
  public void close() {
    intp.close();
  }
}
