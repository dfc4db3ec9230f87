package org.mixturelib.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects the library's log lines (level and message) while open. */
final class LogCapture implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();
  private final AbstractAppender appender;
  private final LoggerConfig config;

  LogCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    config = ctx.getConfiguration().getLoggerConfig(EmEngine.class.getName());
    appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        synchronized (lines) {
          lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    config.addAppender(appender, null, null);
    ctx.updateLoggers();
  }

  /** Lines captured so far that contain {@code text}. */
  List<String> matching(String text) {
    synchronized (lines) {
      return lines.stream().filter(l -> l.contains(text)).toList();
    }
  }

  @Override
  public void close() {
    config.removeAppender(appender.getName());
    appender.stop();
    ((LoggerContext) LogManager.getContext(false)).updateLoggers();
  }
}
