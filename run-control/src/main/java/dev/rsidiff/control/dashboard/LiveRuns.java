package dev.rsidiff.control.dashboard;

import dev.rsidiff.control.BestOfRun;
import dev.rsidiff.control.RunFollower;
import dev.rsidiff.control.RunProgress;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.RunStarted;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every run on the topics as its events tell it, kept current by one thread that follows all topics from the
 * beginning (the Kafka consumer is not thread-safe, so only that thread touches it); pages read
 * {@link #snapshot()}.
 */
public final class LiveRuns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRuns.class);

    private final Map<String, Followed> runs = new LinkedHashMap<>(); // guarded by this
    private final Thread thread;
    private volatile boolean running = true;

    private static final class Followed {
        final RunProgress progress;
        RunConfig config;
        Instant started;

        Followed(String runId) {
            progress = new RunProgress(runId);
        }
    }

    public LiveRuns(String bootstrapServers) {
        RunFollower follower = new RunFollower(bootstrapServers).fromBeginning();
        thread = new Thread(() -> follow(follower), "dashboard-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(RunFollower follower) {
        RunFollower.EventSink sink = new RunFollower.EventSink() {
            @Override
            public void event(String topic, SpecificRecord event) {
                synchronized (LiveRuns.this) {
                    Followed run = runs.computeIfAbsent(metaOf(event).getRunId(), Followed::new);
                    if (event instanceof RunStarted started) {
                        run.config = started.getConfig();
                        run.started = started.getMeta().getTimestamp();
                    }
                    run.progress.accept(topic, event);
                }
            }

            @Override
            public void deadLetter(String topic, SpecificRecord event) {
                synchronized (LiveRuns.this) {
                    runs.computeIfAbsent(metaOf(event).getRunId(), Followed::new).progress.acceptDeadLetter(topic, event);
                }
            }
        };
        try (follower) {
            while (running) {
                try {
                    follower.poll(sink);
                } catch (RuntimeException e) {
                    // the broker away for a while: the page shows what was read so far, and reading goes on
                    LOG.warn("Reading the run events failed, retrying in 2 s: {}", e.toString());
                    sleep();
                }
            }
        }
    }

    private static EventMeta metaOf(SpecificRecord event) {
        return (EventMeta) event.get(event.getSchema().getField("meta").pos());
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
    public synchronized List<RunStatus> snapshot() {
        Instant now = Instant.now();
        List<RunStatus> out = new ArrayList<>();
        runs.forEach((id, run) -> out.add(statusOf(id, run, now)));
        out.sort(Comparator.comparing(RunStatus::started, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** The status of one run, if its events have been seen. */
    public synchronized java.util.Optional<RunStatus> status(String runId) {
        Followed run = runs.get(runId);
        return run == null ? java.util.Optional.empty() : java.util.Optional.of(statusOf(runId, run, Instant.now()));
    }

    private static RunStatus statusOf(String id, Followed run, Instant now) {
        RunProgress p = run.progress;
        int first = run.config == null ? 1 : run.config.getStartRound();
        int last = run.config == null ? -1 : first + run.config.getRounds() - 1;
        List<RoundEvaluated> evaluations = p.rounds().values().stream().map(r -> r.evaluation)
                .filter(Objects::nonNull).toList();
        int evaluatedRounds = (int) evaluations.stream().filter(e -> e.getMeta().getRound() >= first).count();
        boolean stopped = p.stoppedAfter().isPresent();
        boolean finished = last >= first && p.rounds().containsKey(last) && p.round(last).evaluation != null;
        RunProgress.Round inFlight = p.rounds().values().stream()
                .filter(r -> r.number >= first && r.evaluation == null).findFirst().orElse(null);
        int deadLetters = p.rounds().values().stream()
                .mapToInt(r -> r.deadLetters.values().stream().mapToInt(Integer::intValue).sum()).sum();
        String state = stopped ? "stopped early after round " + p.stoppedAfter().get().number
                : finished ? "finished"
                : inFlight == null ? (run.config == null ? "unknown (no start event read)" : "starting")
                : p.describe(inFlight);
        Duration eta = null;
        if (!stopped && !finished && run.started != null && evaluatedRounds > 0 && last >= first) {
            Duration perRound = Duration.between(run.started, now).dividedBy(evaluatedRounds);
            eta = perRound.multipliedBy(last - first + 1 - evaluatedRounds);
        }
        int weightedRounds = (int) p.rounds().values().stream().filter(r -> !r.weights.isEmpty()).count();
        return new RunStatus(id, run.started, first, last, evaluatedRounds, evaluations.size(), weightedRounds, state,
                stopped || finished, deadLetters, BestOfRun.latest(evaluations).orElse(null), eta);
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
