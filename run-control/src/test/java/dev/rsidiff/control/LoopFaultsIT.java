package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.stack.LocalStack;
import dev.rsidiff.stack.LocalStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults during a two-round run, one per test, each on a fresh run through the same five service processes: given
 * the run reaches a point, when the fault strikes there (SIGKILL of a service and its restart, SIGTERM with work in
 * flight, the object store down for 30 s, the broker restarted), then the run completes with every round whole,
 * exactly the clean run's events per topic (events, not distinct ids) and no dead letters.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopFaultsIT {

    private static final RunConfig CONFIG = LoopFixture.config(16, 2, 8, 4);
    private static final int IMAGES_PER_ROUND = CONFIG.getPromptsPerRound() * CONFIG.getImagesPerPrompt();

    private LocalStack stack;
    private ServiceFleet fleet;
    private BlobStore blobs;

    @BeforeAll
    void startServices(LocalStack stack) throws Exception {
        this.stack = stack;
        this.fleet = LoopFixture.fleet(stack.endpoints(), Files.createTempDirectory("loop-faults-logs"));
        this.blobs = LoopFixture.blobs(stack.endpoints());
        fleet.startAll(Duration.ofMinutes(2));
    }

    @AfterAll
    void stopServices() {
        fleet.close();
        blobs.close();
    }

    @Test
    void scorerKilledMidRound() throws Exception {
        runThrough(p -> p.round(1).scores.size() >= 4, "scores under way", () -> restartKilled("scorer-service"),
                p -> p.round(1).scores.size() < IMAGES_PER_ROUND);
    }

    @Test
    void weightingKilledWhileCollectingScores() throws Exception {
        runThrough(p -> p.round(1).scores.size() >= IMAGES_PER_ROUND / 2, "half the scores",
                () -> restartKilled("weighting-service"), p -> p.round(1).weights.isEmpty());
    }

    @Test
    void promptServiceKilledWhenRoundOnesCheckpointIsOut() throws Exception {
        runThrough(p -> !p.round(1).checkpoints.isEmpty(), "round 1 checkpoint",
                () -> restartKilled("prompt-service"), p -> true);
    }

    @Test
    void trainerStoppedWithTrainingInFlight() throws Exception {
        runThrough(p -> p.round(1).weights.size() == CONFIG.getTopK(), "all weights of round 1", () -> {
            fleet.stop("trainer-service");
            fleet.start("trainer-service");
            fleet.awaitHealthy("trainer-service", Duration.ofMinutes(1));
        }, p -> p.round(1).checkpoints.isEmpty());
    }

    @Test
    void objectStoreDownMidScoringAndAfterACheckpoint() throws Exception {
        runThrough(p -> p.round(1).scores.size() >= 4, "scores under way", () -> stack.s3Outage(Duration.ofSeconds(30)),
                p -> p.round(1).scores.size() < IMAGES_PER_ROUND, p -> !p.round(1).checkpoints.isEmpty(),
                () -> stack.s3Outage(Duration.ofSeconds(30)));
    }

    @Test
    void brokerRestartedMidRound() throws Exception {
        runThrough(p -> p.round(1).images.size() >= 4, "images under way", () -> stack.restartKafka(),
                p -> p.round(1).images.size() < IMAGES_PER_ROUND);
    }

    private void restartKilled(String service) throws Exception {
        fleet.kill(service);
        fleet.start(service);
        fleet.awaitHealthy(service, Duration.ofMinutes(1));
    }

    @FunctionalInterface
    private interface Fault {
        void strike() throws Exception;
    }

    private void runThrough(Predicate<RunProgress> when, String point, Fault fault, Predicate<RunProgress> inTime)
            throws Exception {
        runThrough(when, point, fault, inTime, null, null);
    }

    /**
     * Runs {@link #CONFIG}, strikes {@code fault} once the run reaches {@code when} (checking with {@code inTime}
     * that it struck mid-work, not after), optionally a second fault later, and checks the finished run.
     */
    private void runThrough(Predicate<RunProgress> when, String point, Fault fault, Predicate<RunProgress> inTime,
                            Predicate<RunProgress> secondWhen, Fault second) throws Exception {
        RunProgress watch = new RunProgress(null);
        CompletableFuture<RunProgress> run;
        try (RunFollower follower = new RunFollower(stack.endpoints().kafkaBootstrapServers()).fromNow()) {
            run = CompletableFuture.supplyAsync(() -> new RunDriver(stack.endpoints().kafkaBootstrapServers(),
                    new PrintWriter(System.out, true)).startAndFollow(CONFIG, Duration.ofMinutes(8)));
            follower.follow(watch, when, Duration.ofMinutes(3), () -> { });
            assertThat(when.test(watch)).as("run reached: %s", point).isTrue();
            assertThat(inTime.test(watch)).as("fault strikes mid-work at: %s", point).isTrue();
            fault.strike();
            if (second != null) {
                follower.follow(watch, secondWhen, Duration.ofMinutes(5), () -> { });
                assertThat(secondWhen.test(watch)).as("run reached the second fault's point").isTrue();
                second.strike();
            }
        }
        RunProgress progress = run.get(10, TimeUnit.MINUTES);
        LoopChecks.roundsComplete(progress, CONFIG, blobs);
        RunRecords.awaitStagesCaughtUp(stack.endpoints());
        Map<String, Integer> actual = RunRecords.eventsPerTopic(stack.endpoints(), progress.runId());
        System.out.printf("Fault at %s: events per topic %s%n", point, actual);
        assertThat(actual).as("events per topic after the fault at: %s", point)
                .isEqualTo(new TreeMap<>(LoopChecks.cleanRunEvents(CONFIG)));
        progress.rounds().forEach((n, r) -> assertThat(r.deadLetters).as("round %d dead letters", n).isEmpty());
    }
}
