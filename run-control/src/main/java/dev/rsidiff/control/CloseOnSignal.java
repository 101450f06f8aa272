package dev.rsidiff.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Closes what a command started, in the given order, when the JVM is stopped by a signal (Ctrl-C, SIGTERM) before
 * the command closed them itself. try-with-resources does not run then, so the five service processes and the S3
 * server would outlive {@code rsi demo} or {@code rsi study}, the services hanging on a broker that is gone. Closed
 * normally, it unregisters itself and closes nothing: the command's own try-with-resources does.
 */
final class CloseOnSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloseOnSignal.class);

    private final Thread hook;

    CloseOnSignal(AutoCloseable... inOrder) {
        List<AutoCloseable> resources = List.of(inOrder);
        hook = new Thread(() -> resources.forEach(CloseOnSignal::closeQuietly), "close-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Closing {} on exit failed: {}", resource, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
    }
}
