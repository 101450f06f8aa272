package dev.rsidiff.bus.fatal;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A service's record of the first {@link Error} (out of memory, stack overflow, a class that failed to link) thrown
 * on one of its consumer threads. micronaut-kafka lets an {@code Error} end the poll loop of that consumer without
 * a word while the process and its {@code /health} carry on: a zombie that holds its partitions and does nothing.
 * Here the error makes the service report DOWN and then exit with {@link #EXIT_CODE}, so that an orchestrator
 * restarts it and its partitions move to a healthy instance; the record in hand was not committed and is
 * delivered again.
 *
 * <p>The exit is delayed by {@code rsidiff.fatal.exit-delay} (default 2 s) so that a health probe can see DOWN, and
 * forced with {@link ProcessExit#halt} if the orderly shutdown hangs: the dead consumer never reports itself
 * closed, so micronaut-kafka's shutdown could wait for it forever.
 */
@Singleton
public class FatalErrors {

    /** The exit status of a service stopped by a fatal error (EX_SOFTWARE). */
    public static final int EXIT_CODE = 70;

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);
    private static final Duration HALT_AFTER = Duration.ofSeconds(20);

    private final AtomicReference<Fatal> first = new AtomicReference<>();
    private final ProcessExit exit;
    private final Duration exitDelay;

    public FatalErrors(ProcessExit exit, @Value("${rsidiff.fatal.exit-delay:2s}") Duration exitDelay) {
        this.exit = exit;
        this.exitDelay = exitDelay;
    }

    /** A fatal error and where it was thrown. */
    public record Fatal(String where, Error error) {
    }

    /** Records {@code error} thrown in {@code where}; the first one stops the process. */
    public void report(String where, Error error) {
        if (!first.compareAndSet(null, new Fatal(where, error))) {
            LOG.error("Another fatal error in {} (the service is already stopping)", where, error);
            return;
        }
        LOG.error("Fatal error in {}: the service reports DOWN and exits with status {} in {}", where, EXIT_CODE,
                exitDelay, error);
        Thread stopper = new Thread(this::stop, "fatal-error-exit");
        stopper.setDaemon(false);
        stopper.start();
    }

    /** The first fatal error, if any. */
    public Optional<Fatal> fatal() {
        return Optional.ofNullable(first.get());
    }

    private void stop() {
        try {
            Thread.sleep(exitDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.error("Orderly shutdown did not finish within {}; halting", HALT_AFTER);
            exit.halt(EXIT_CODE);
        }, "fatal-error-halt");
        watchdog.setDaemon(true);
        watchdog.start();
        exit.exit(EXIT_CODE);
    }
}
