package dev.rsidiff.control.dashboard;

import dev.rsidiff.control.RunFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@link RunBoard} kept current by one thread that follows every topic from the beginning (the Kafka consumer
 * is not thread-safe, so only that thread touches it); pages read {@link #snapshot()}.
 */
public final class LiveRuns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRuns.class);

    private final RunBoard board = new RunBoard(Clock.systemUTC());
    private final Thread thread;
    private volatile boolean running = true;

    public LiveRuns(String bootstrapServers) {
        RunFollower follower = new RunFollower(bootstrapServers).fromBeginning();
        thread = new Thread(() -> follow(follower), "dashboard-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(RunFollower follower) {
        try (follower) {
            while (running) {
                try {
                    follower.poll(board);
                } catch (RuntimeException e) {
                    // the broker away for a while: the page shows what was read so far, and reading goes on
                    LOG.warn("Reading the run events failed, retrying in 2 s: {}", e.toString());
                    sleep();
                }
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Every run seen so far, newest first. */
    public List<RunStatus> snapshot() {
        return board.snapshot();
    }

    /** The status of one run, if its events have been seen. */
    public Optional<RunStatus> status(String runId) {
        return board.status(runId);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
