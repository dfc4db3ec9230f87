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
 * Collects the library's warnings (logger {@code org.mixturelib}, WARN and above) while open, so
 * that a test can check that a degenerate input was reported.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> messages = new ArrayList<>();
  private final LoggerConfig config;
  private final AbstractAppender appender;

  /** Starts collecting. */
  public LogCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    config = ctx.getConfiguration().getLoggerConfig("org.mixturelib");
    appender = new AbstractAppender("capture-" + System.identityHashCode(this), null, null, true,
        Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        synchronized (messages) {
          messages.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    config.addAppender(appender, Level.WARN, null);
    ctx.updateLoggers();
  }

  /** The warnings so far. */
  public List<String> warnings() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  @Override
  public void close() {
    config.removeAppender(appender.getName());
    appender.stop();
    ((LoggerContext) LogManager.getContext(false)).updateLoggers();
  }
}
