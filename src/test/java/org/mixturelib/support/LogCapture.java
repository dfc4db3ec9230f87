package org.mixturelib.support;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the library's log lines (logger {@code org.mixturelib}) while open, so that a test
 * can check that a degenerate input was reported or a step was logged.
 */
public final class LogCapture implements AutoCloseable {
  private record Line(Level level, String logger, String message) {}

  private final List<Line> lines = new ArrayList<>();
  private final LoggerConfig config;
  private final AbstractAppender appender;
  private final Level level;

  /** Starts collecting. */
  public LogCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    config = ctx.getConfiguration().getLoggerConfig("org.mixturelib");
    appender = new AbstractAppender("capture-" + System.identityHashCode(this), null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        synchronized (lines) {
          lines.add(new Line(event.getLevel(), event.getLoggerName(),
              event.getMessage().getFormattedMessage()));
        }
      }
    };
    appender.start();
    level = config.getLevel();
    // the library's progress lines (each iteration, start, re-seed, removal) are at DEBUG
    config.setLevel(Level.DEBUG);
    config.addAppender(appender, null, null);
    ctx.updateLoggers();
  }

  /** The warnings and errors so far, each as {@code "logger: message"}. */
  public List<String> warnings() {
    synchronized (lines) {
      return lines.stream().filter(l -> l.level().isMoreSpecificThan(Level.WARN))
          .map(l -> l.logger() + ": " + l.message()).toList();
    }
  }

  /** The lines so far, each as {@code "LEVEL message"}, that contain {@code text}. */
  public List<String> matching(String text) {
    synchronized (lines) {
      return lines.stream().map(l -> l.level() + " " + l.message())
          .filter(l -> l.contains(text)).toList();
    }
  }

  @Override
  public void close() {
    config.removeAppender(appender.getName());
    config.setLevel(level);
    appender.stop();
    ((LoggerContext) LogManager.getContext(false)).updateLoggers();
  }
}
