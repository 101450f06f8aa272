package dev.rsidiff.control;

import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.control.progress.ProgressDisplay;
import dev.rsidiff.events.run.DeadLetterPolicy;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.schemas.Topics;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * Starts a run (one run-started event carrying the whole configuration) and follows it to its last round's
 * held-out evaluation, printing progress as it goes.
 */
public final class RunDriver {

    private final String bootstrapServers;
    private final PrintWriter out;
    private final ProgressDisplay.Factory progress;

    /** A driver that prints a line per stage change (logs, tests, the study's concurrent arms). */
    public RunDriver(String bootstrapServers, PrintWriter out) {
        this(bootstrapServers, out, ProgressDisplay.Mode.LINES);
    }

    public RunDriver(String bootstrapServers, PrintWriter out, ProgressDisplay.Factory progress) {
        this.bootstrapServers = bootstrapServers;
        this.out = out;
        this.progress = progress;
    }

    /** Starts a new run with {@code config} and follows it; returns what it saw. */
    public RunProgress startAndFollow(RunConfig config, Duration timeout) {
        RunAdmission.admit(config, PublishedCheckpoints.read(bootstrapServers));
        String runId = RoundIds.newRunId(Clock.systemUTC());
        try (RunFollower follower = new RunFollower(bootstrapServers).fromNow()) {
            try (EventProducer producer = new EventProducer(KafkaClientSettings.fromEnvironment(bootstrapServers, "run-control"))) {
                producer.writerFor(Topics.RUNS_STARTED).send(RunStarted.newBuilder()
                        .setMeta(new EventMetas(ServiceName.RUN_CONTROL).next(runId, config.getStartRound()))
                        .setConfig(config)
                        .build());
            }
            out.printf("Run %s started: %d rounds from %s, %d prompts x %d images per round, top %d%n", runId,
                    config.getRounds(), config.getBaseCheckpointId(), config.getPromptsPerRound(),
                    config.getImagesPerPrompt(), config.getTopK());
            out.flush();
            return follow(follower, runId, config, timeout);
        }
    }

    /** Re-attaches to a run under way (reading its events from the beginning). */
    public RunProgress reattach(String runId, RunConfig config, Duration timeout) {
        try (RunFollower follower = new RunFollower(bootstrapServers).fromBeginning()) {
            return follow(follower, runId, config, timeout);
        }
    }

    private RunProgress follow(RunFollower follower, String runId, RunConfig config, Duration timeout) {
        RunProgress progress = new RunProgress(runId);
        int base = config.getStartRound() - 1;
        int last = RunConfigs.lastRound(config);
        boolean failFast = config.getOnDeadLetters() == DeadLetterPolicy.FAIL_RUN;
        boolean done;
        try (ProgressDisplay display = this.progress.open(out, base)) {
            done = follower.follow(progress, p -> failFast && hasDeadLetters(p)
                            || p.rounds().containsKey(base) && p.round(base).evaluation != null
                            && (p.rounds().containsKey(last) && p.round(last).evaluation != null
                            || p.stoppedAfter().isPresent()),
                    timeout, () -> display.show(progress));
        }
        if (failFast && hasDeadLetters(progress)) {
            StringBuilder letters = new StringBuilder();
            progress.rounds().values().stream().filter(r -> !r.deadLetters.isEmpty()).forEach(r ->
                    r.deadLetters.forEach((topic, n) -> letters.append("\n  round ").append(r.number).append(": ")
                            .append(n).append(" dead-lettered on ").append(topic)));
            throw new RunFailedException("Run " + runId + " failed (onDeadLetters=FAIL_RUN):" + letters
                    + "\nSee the reasons with './rsi dlt list TOPIC'; after fixing the cause, './rsi dlt replay TOPIC'"
                    + " lets the run go on (follow it with './rsi run --follow " + runId + "').");
        }
        if (!done) {
            StringBuilder where = new StringBuilder();
            progress.rounds().values().forEach(r -> where.append("\n  ").append(progress.describe(r)));
            throw new IllegalStateException("Run " + runId + " did not finish within " + timeout.toMinutes()
                    + " min; it stands at:" + where + "\n(see the services' logs and the .dlt topics)");
        }
        return progress;
    }

    private static boolean hasDeadLetters(RunProgress progress) {
        return progress.rounds().values().stream().anyMatch(r -> !r.deadLetters.isEmpty());
    }
}
