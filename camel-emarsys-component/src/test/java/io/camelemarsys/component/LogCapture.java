package io.camelemarsys.component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects the log events of every logger while open, to count what an on-call engineer would read. */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture() {
        super("test-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    static LogCapture open() {
        LogCapture capture = new LogCapture();
        capture.attach();
        return capture;
    }

    private void attach() {
        start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    /** Events at WARN or worse. */
    List<LogEvent> warnings() {
        return events.stream().filter(e -> e.getLevel().isMoreSpecificThan(Level.WARN)).toList();
    }

    /** Every message, formatted, with the text of any attached throwable. */
    List<String> lines() {
        return events.stream().map(e -> e.getMessage().getFormattedMessage()
                + (e.getThrown() == null ? "" : " " + e.getThrown())).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
