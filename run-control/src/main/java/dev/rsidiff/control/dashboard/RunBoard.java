package dev.rsidiff.control.dashboard;

import dev.rsidiff.control.BestOfRun;
import dev.rsidiff.control.RunFollower;
import dev.rsidiff.control.RunProgress;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.RunStarted;
import org.apache.avro.specific.SpecificRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every run as its events tell it: what the runs page shows. Plain and thread-safe (one thread feeds it events,
 * page requests read it), so it is tested without Kafka. A run that finished or stopped keeps only its final
 * status (and counts later dead letters): a dashboard that stays up for months holds the detail of the runs in
 * flight only, not every image and weight event of every run it ever read.
 */
final class RunBoard implements RunFollower.EventSink {

    private final Clock clock;
    private final Map<String, Followed> runs = new LinkedHashMap<>(); // guarded by this

    private static final class Followed {
        /** The run's events so far; null once it is done. */
        RunProgress progress;
        RunConfig config;
        Instant started;
        /** What the page says of it once it finished or stopped. */
        RunStatus done;

        Followed(String runId) {
            progress = new RunProgress(runId);
        }
    }

    RunBoard(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void event(String topic, SpecificRecord event) {
        String runId = metaOf(event).getRunId();
        Followed run = runs.computeIfAbsent(runId, Followed::new);
        if (run.done != null) {
            return; // a late or redelivered event of a run that is over changes nothing the page shows
        }
        if (event instanceof RunStarted started) {
            run.config = started.getConfig();
            run.started = started.getMeta().getTimestamp();
        }
        run.progress.accept(topic, event);
        if (event instanceof RoundEvaluated) {
            RunStatus status = statusOf(runId, run, clock.instant());
            if (status.done()) {
                run.done = status;
                run.progress = null;
            }
        }
    }

    @Override
    public synchronized void deadLetter(String topic, SpecificRecord event) {
        Followed run = runs.computeIfAbsent(metaOf(event).getRunId(), Followed::new);
        if (run.done != null) {
            RunStatus d = run.done;
            run.done = new RunStatus(d.runId(), d.started(), d.firstRound(), d.lastRound(), d.evaluatedRounds(),
                    d.evaluations(), d.weightedRounds(), d.state(), true, d.deadLetters() + 1, d.best(), null,
                    d.reviewRounds());
        } else {
            run.progress.acceptDeadLetter(topic, event);
        }
    }

    /** How many runs the board holds every event count of (those in flight); the others keep their final status. */
    synchronized int runsInDetail() {
        return (int) runs.values().stream().filter(r -> r.progress != null).count();
    }

    private static EventMeta metaOf(SpecificRecord event) {
        return (EventMeta) event.get(event.getSchema().getField("meta").pos());
    }

    /** Every run seen so far, newest first. */
    public synchronized List<RunStatus> snapshot() {
        Instant now = clock.instant();
        List<RunStatus> out = new ArrayList<>();
        runs.forEach((id, run) -> out.add(statusOf(id, run, now)));
        out.sort(Comparator.comparing(RunStatus::started, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** The status of one run, if its events have been seen. */
    public synchronized Optional<RunStatus> status(String runId) {
        Followed run = runs.get(runId);
        return run == null ? Optional.empty() : Optional.of(statusOf(runId, run, clock.instant()));
    }

    private static RunStatus statusOf(String id, Followed run, Instant now) {
        if (run.done != null) {
            return run.done;
        }
        RunProgress p = run.progress;
        int first = run.config == null ? 1 : run.config.getStartRound();
        int last = run.config == null ? -1 : first + run.config.getRounds() - 1;
        List<RoundEvaluated> evaluations = p.rounds().values().stream().map(r -> r.evaluation)
                .filter(Objects::nonNull).toList();
        int evaluatedRounds = (int) evaluations.stream().filter(e -> e.getMeta().getRound() >= first).count();
        boolean stopped = p.stoppedAfter().isPresent();
        boolean finished = last >= first && p.rounds().containsKey(last) && p.round(last).evaluation != null;
        // The newest round in flight is where the run stands; older ones still waiting for their evaluation (it
        // runs beside the next round's generation) are named after it.
        List<RunProgress.Round> unevaluated = p.rounds().values().stream()
                .filter(r -> r.number >= first && r.evaluation == null).toList();
        RunProgress.Round inFlight = unevaluated.isEmpty() ? null : unevaluated.get(unevaluated.size() - 1);
        String awaiting = unevaluated.size() < 2 ? "" : "; awaiting evaluation: round " + unevaluated.subList(0,
                unevaluated.size() - 1).stream().map(r -> Integer.toString(r.number)).collect(Collectors.joining(", "));
        int deadLetters = p.rounds().values().stream()
                .mapToInt(r -> r.deadLetters.values().stream().mapToInt(Integer::intValue).sum()).sum();
        String state = stopped ? "stopped early after round " + p.stoppedAfter().get().number
                : finished ? "finished"
                : inFlight == null ? (run.config == null ? "unknown (no start event read)" : "starting")
                : p.describe(inFlight) + awaiting;
        Duration eta = null;
        if (!stopped && !finished && run.started != null && evaluatedRounds > 0 && last >= first) {
            Duration perRound = Duration.between(run.started, now).dividedBy(evaluatedRounds);
            eta = perRound.multipliedBy(last - first + 1 - evaluatedRounds);
        }
        int weightedRounds = (int) p.rounds().values().stream().filter(r -> !r.weights.isEmpty()).count();
        List<Integer> reviewRounds = p.rounds().values().stream().filter(RunProgress.Round::awaitingReview)
                .map(r -> r.number).toList();
        return new RunStatus(id, run.started, first, last, evaluatedRounds, evaluations.size(), weightedRounds, state,
                stopped || finished, deadLetters, BestOfRun.latest(evaluations).orElse(null), eta, reviewRounds);
    }

}
