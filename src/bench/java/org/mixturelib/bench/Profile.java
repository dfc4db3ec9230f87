package org.mixturelib.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A Java Flight Recorder profile of a case's timed fit, the warm-up excluded: with {@code
 * -Dbench.jfr=FILE} the harness records from the start of the timed fit to its end (JDK's
 * {@code profile} settings: a stack sample of every running Java thread each 10 ms) and
 * writes FILE; without it, nothing is recorded. Read it with {@code jfr print --events
 * jdk.ExecutionSample FILE} or {@code jfr summary FILE}.
 */
final class Profile implements AutoCloseable {
  private final Recording recording;
  private final Path file;

  private Profile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** Starts a recording when {@code bench.jfr} is set. */
  static Profile start() {
    String file = System.getProperty("bench.jfr");
    if (file == null || file.isEmpty()) {
      return new Profile(null, null);
    }
    try {
      Recording r = new Recording(Configuration.getConfiguration("profile"));
      r.start();
      return new Profile(r, Path.of(file));
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("cannot start the JFR recording", e);
    }
  }

  /** Stops the recording and writes its file. */
  @Override
  public void close() {
    if (recording == null) {
      return;
    }
    recording.stop();
    try {
      recording.dump(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      recording.close();
    }
  }
}
