package io.newsdrift.testing;

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
 * Records what newsdrift logs at WARN (or INFO) and above while it is open: a real log4j2 appender
 * added to the {@code io.newsdrift} logger (the one the jobs log through slf4j), removed again on
 * close. Spark's and Hadoop's own warnings are not recorded.
 */
public final class LogLines implements AutoCloseable {
  private static final String PACKAGE = "io.newsdrift";

  private final List<String> lines = new ArrayList<>();
  private final Recorder recorder = new Recorder();
  private final LoggerConfig logger;

  private LogLines(Level level) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    logger = context.getConfiguration().getLoggerConfig(PACKAGE);
    recorder.start();
    logger.addAppender(recorder, level, null);
    context.updateLoggers();
  }

  /** Starts recording WARN and above. */
  public static LogLines warnings() {
    return new LogLines(Level.WARN);
  }

  /** Starts recording INFO and above (what a job says it did). */
  public static LogLines infos() {
    return new LogLines(Level.INFO);
  }

  /** The recorded lines, each {@code LEVEL Logger: message}, in order. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeAppender(recorder.getName());
    ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    recorder.stop();
  }

  private final class Recorder extends AbstractAppender {
    Recorder() {
      super("newsdrift-test-warnings", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      if (event.getLoggerName().startsWith(PACKAGE)) {
        String name = event.getLoggerName();
        synchronized (LogLines.this) {
          lines.add(
              event.getLevel()
                  + " "
                  + name.substring(name.lastIndexOf('.') + 1)
                  + ": "
                  + event.getMessage().getFormattedMessage());
        }
      }
    }
  }
}
