package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStack;
import dev.rsidiff.stack.LocalStackExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults during a two-round run, one per test, each on a fresh run through the same five service processes: given
 * the run reaches a point, when the fault strikes there (SIGKILL of a service and its restart, SIGTERM with work in
 * flight, the object store down for 30 s, the broker restarted, a round's partition moved between two weighting
 * instances and back), then the run completes with every round whole,
 * exactly the clean run's events per topic (events, not distinct ids) and no dead letters.
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopFaultsIT {

    private static final RunConfig CONFIG = LoopFixture.config(16, 2, 8, 4);
    private static final int IMAGES_PER_ROUND = CONFIG.getPromptsPerRound() * CONFIG.getImagesPerPrompt();

    private LocalStack stack;
    private ServiceFleet fleet;
    private BlobStore blobs;
    private Path logs;

    @BeforeAll
    void startServices(LocalStack stack, ServiceLogs serviceLogs) throws Exception {
        this.stack = stack;
        this.logs = serviceLogs.dir();
        this.fleet = LoopFixture.fleetInSmallBatches(stack.endpoints(), serviceLogs);
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
        runThrough(p -> p.round(1).scores.size() >= 4, "scores under way", run -> restartKilled("scorer-service"),
                p -> p.round(1).scores.size() < IMAGES_PER_ROUND);
    }

    @Test
    void weightingKilledWhileCollectingScores() throws Exception {
        runThrough(p -> p.round(1).scores.size() >= IMAGES_PER_ROUND / 2, "half the scores",
                run -> restartKilled("weighting-service"), p -> p.round(1).weights.isEmpty());
    }

    @Test
    void promptServiceKilledWhenRoundOnesCheckpointIsOut() throws Exception {
        runThrough(p -> !p.round(1).checkpoints.isEmpty(), "round 1 checkpoint",
                run -> restartKilled("prompt-service"), p -> true);
    }

    @Test
    void trainerStoppedWithTrainingInFlight() throws Exception {
        runThrough(p -> p.round(1).weights.size() == CONFIG.getTopK(), "all weights of round 1", run -> {
            fleet.stop("trainer-service");
            fleet.start("trainer-service");
            fleet.awaitHealthy("trainer-service", Duration.ofMinutes(1));
        }, p -> p.round(1).checkpoints.isEmpty());
    }

    /**
     * Each stage's process halts, as a SIGKILL would, right after the broker acknowledged its first announcement and
     * before it recorded the announcement or committed its input: the restarted stage does the work again, finds
     * the intent, reads its output topics from there and sends nothing twice.
     */
    @ParameterizedTest(name = "{0} killed between publishing and committing")
    @CsvSource({"prompt-service,planning", "generator-service,generation", "scorer-service,scoring",
            "weighting-service,weighting", "trainer-service,training"})
    void killedBetweenPublishingAndCommitting(String service, String stage) throws Exception {
        fleet.stop(service);
        fleet.start(service, Map.of(Announcements.HALT_AFTER_PUBLISH, stage));
        fleet.awaitHealthy(service, Duration.ofMinutes(1));
        runThrough(p -> true, stage + " halted between publishing and committing", run -> {
            assertThat(fleet.awaitExit(service, Duration.ofMinutes(4))).as("%s halted at the fault point", service)
                    .isEqualTo(Announcements.HALT_STATUS);
            fleet.start(service);
            fleet.awaitHealthy(service, Duration.ofMinutes(1));
        }, p -> true);
    }

    @Test
    void objectStoreDownMidScoringAndAfterACheckpoint() throws Exception {
        runThrough(p -> p.round(1).scores.size() >= 4, "scores under way", run -> stack.s3Outage(Duration.ofSeconds(30)),
                p -> p.round(1).scores.size() < IMAGES_PER_ROUND, p -> !p.round(1).checkpoints.isEmpty(),
                run -> stack.s3Outage(Duration.ofSeconds(30)));
    }

    @Test
    void brokerRestartedMidRound() throws Exception {
        runThrough(p -> p.round(1).images.size() >= 4, "images under way", run -> stack.restartKafka(),
                p -> p.round(1).images.size() < IMAGES_PER_ROUND);
    }

    /**
     * Two weighting instances, A (the fleet's) and B: round 1's partition moves A -> B -> A while A stays up, and
     * each owner collects some of the round's scores. A must count the round from the object store when the
     * partition comes back, not from what it had cached before it left. Which half of the partitions a joining B
     * takes is up to the assignor, so B joins until it holds the run's partition (from the third join that gave B
     * the other half, A is restarted before each join, for a new member id).
     */
    @Test
    void weightingRoundMovesFromOneInstanceToAnotherAndBack() throws Exception {
        runThrough(p -> p.round(1).scores.size() >= 6, "some scores on A", run -> {
            fleet.kill("scorer-service");
            int partition = TopicWriter.partitionOf(Topics.SCORES_COMPUTED, run.until(p -> true, "the run's id").runId());
            // A -> B: B joins until the assignment gives it the run's partition; A stays up.
            int assignments = scoresAssignments("weighting-service@b").size();
            for (int attempt = 1; ; attempt++) {
                fleet.start("weighting-service@b");
                fleet.awaitHealthy("weighting-service@b", Duration.ofMinutes(1));
                int seen = assignments;
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                        .until(() -> scoresAssignments("weighting-service@b").size() > seen);
                List<List<Integer>> all = scoresAssignments("weighting-service@b");
                assignments = all.size();
                if (all.get(all.size() - 1).contains(partition)) {
                    break;
                }
                assertThat(attempt).as("B given the run's partition within 10 joins").isLessThan(10);
                fleet.stop("weighting-service@b");
                if (attempt >= 3) {
                    // The range assignor orders members by member id: when A's (random) id sorts before or after
                    // nearly any other, B keeps getting the same half. A is restarted for a new id; the round's
                    // scores it collected are in the object store, which is where it must count them from anyway.
                    fleet.stop("weighting-service");
                    fleet.start("weighting-service");
                    fleet.awaitHealthy("weighting-service", Duration.ofMinutes(1));
                }
            }
            int before = run.until(p -> true, "now").round(1).scores.size();
            fleet.start("scorer-service");
            run.until(p -> p.round(1).scores.size() >= before + 4, "B collects scores");
            fleet.kill("scorer-service");
            // B -> A: B leaves, and A, up all along, takes the partition back.
            fleet.stop("weighting-service@b");
            fleet.start("scorer-service");
            fleet.awaitHealthy("scorer-service", Duration.ofMinutes(1));
        }, p -> p.round(1).weights.isEmpty());
    }

    /**
     * Two trainer instances. The one that owns the run's partition stalls (SIGSTOP) once round 1's weights are all
     * out, the other takes the partition over after the session timeout and trains the round, and the stalled one
     * wakes up (SIGCONT) as soon as the partition has moved, so that both train the same round at once. The stalled
     * instance is fenced (its transaction refused) or finds the round announced: one checkpoint per round.
     */
    @Test
    void trainerStalledMidRoundWhileASecondInstanceTakesOver() throws Exception {
        fleet.start("trainer-service@b");
        fleet.awaitHealthy("trainer-service@b", Duration.ofMinutes(1));
        try {
            runThrough(p -> p.round(1).weights.size() == CONFIG.getTopK(), "all weights of round 1", run -> {
                int partition = TopicWriter.partitionOf(Topics.WEIGHTS_ASSIGNED, run.until(p -> true, "the run's id").runId());
                String owner = lastContains(fencedPartitions("trainer-service"), partition)
                        ? "trainer-service" : "trainer-service@b";
                String other = owner.equals("trainer-service") ? "trainer-service@b" : "trainer-service";
                assertThat(lastContains(fencedPartitions(owner), partition)).as("%s owns the run's partition", owner)
                        .isTrue();
                int seen = fencedPartitions(other).size();
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                        .until(() -> logOf(owner).contains("round 1: fine-tuning"));
                fleet.pause(owner);
                try {
                    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                            fencedPartitions(other).size() > seen && lastContains(fencedPartitions(other), partition));
                } finally {
                    fleet.resume(owner);
                }
            }, p -> p.round(1).checkpoints.isEmpty());
            for (String instance : List.of("trainer-service", "trainer-service@b")) {
                String log = logOf(instance);
                System.out.printf("Stalled trainer: %s fenced %s times, trained and stored round 1 %s times%n", instance,
                        log.split("TrainerListener.receive: ", -1).length - 1, log.split("round 1: fine-tuned", -1).length - 1);
            }
        } finally {
            fleet.stop("trainer-service@b");
        }
    }

    private String logOf(String instance) throws java.io.IOException {
        Path log = logs.resolve(instance + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static boolean lastContains(List<List<Integer>> assignments, int partition) {
        return !assignments.isEmpty() && assignments.get(assignments.size() - 1).contains(partition);
    }

    /** The partitions of the weights topic the instance initialised fences for, each time, in its log's order. */
    private List<List<Integer>> fencedPartitions(String instance) throws java.io.IOException {
        Path log = logs.resolve(instance + ".log");
        if (!Files.exists(log)) {
            return List.of();
        }
        String marker = "Fenced transactional producers for " + Topics.WEIGHTS_ASSIGNED.name() + " partitions [";
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(marker))
                    .map(l -> l.substring(l.indexOf(marker) + marker.length(), l.indexOf(']', l.indexOf(marker))))
                    .map(ps -> ps.isBlank() ? List.<Integer>of()
                            : java.util.Arrays.stream(ps.split(",")).map(String::trim).map(Integer::valueOf).toList())
                    .toList();
        }
    }


    /** The instance's non-empty assignments of the scores topic, in the order its log shows them. */
    private List<List<Integer>> scoresAssignments(String instance) throws java.io.IOException {
        Path log = logs.resolve(instance + ".log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("assignments changed"))
                    .map(l -> l.substring(l.indexOf("assignments changed")))
                    .map(l -> scoresPartitions(l.substring(l.indexOf("->"))))
                    .filter(ps -> !ps.isEmpty())
                    .toList();
        }
    }

    private static List<Integer> scoresPartitions(String assignment) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(Topics.SCORES_COMPUTED.name()) + "-(\\d+)").matcher(assignment);
        List<Integer> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private void restartKilled(String service) throws Exception {
        fleet.kill(service);
        fleet.start(service);
        fleet.awaitHealthy(service, Duration.ofMinutes(1));
    }

    @FunctionalInterface
    private interface Fault {
        void strike(Waiter run) throws Exception;
    }

    /** Waits, inside a fault, until the run reaches a point. */
    @FunctionalInterface
    private interface Waiter {
        RunProgress until(Predicate<RunProgress> point, String what);
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
            Waiter waiter = (until, what) -> {
                follower.follow(watch, until, Duration.ofMinutes(3), () -> { });
                assertThat(until.test(watch)).as("run reached: %s", what).isTrue();
                return watch;
            };
            fault.strike(waiter);
            if (second != null) {
                waiter.until(secondWhen, "the second fault's point");
                second.strike(waiter);
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
        assertThat(generatorBatchSizes()).as("prompts per generator batch (RSIDIFF_GENERATOR_PROMPTS_PER_POLL)")
                .isNotEmpty().containsOnly(1);
    }

    /** The number of prompts in each batch the generator logged ("... images for N prompts ..."). */
    private java.util.Set<Integer> generatorBatchSizes() throws java.io.IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("images for (\\d+) prompts").matcher(
                logOf("generator-service"));
        java.util.Set<Integer> sizes = new java.util.TreeSet<>();
        while (m.find()) {
            sizes.add(Integer.parseInt(m.group(1)));
        }
        return sizes;
    }
}
