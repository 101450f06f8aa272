package dev.rsidiff.bench.loop;

import dev.rsidiff.control.RunDriver;
import dev.rsidiff.control.RunProgress;
import dev.rsidiff.control.ServiceFleet;
import dev.rsidiff.control.TopicScan;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStack;
import org.apache.avro.specific.SpecificRecord;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The same round through the five services as separate processes on a fresh local stack. Stage times come from
 * the events' own timestamps; CPU time and peak memory from each service process.
 */
final class PipelineRound {

    /**
     * @param times       the round's stages, from the events
     * @param wall        the round's wall time
     * @param ready       from starting the stack to every service reporting UP
     * @param stackReady  of which the local stack (broker and S3 server)
     * @param services    each service's CPU time over the round and its peak RSS
     * @param promptsToScores from the round's first prompt event to its last score event: generation and scoring
     *                        together, overlapped as they run
     * @param stack       the CPU time over the round of the object store's process and of this one (which runs
     *                    the Kafka broker and follows the run), which share the cores with the services
     * @param storeRequests each service's object-store requests over the round, by kind
     */
    record Result(StageTimes times, Duration wall, Duration ready, Duration stackReady,
                  Map<String, ProcessStats.Usage> services, Duration promptsToScores, Map<String, Double> stack,
                  Map<String, StoreRequestCounts> storeRequests) {
    }

    /** The object store's process, among {@link Result#stack}. */
    static final String OBJECT_STORE = "object store (S3Proxy)";
    /** This process, among {@link Result#stack}. */
    static final String BROKER_AND_DRIVER = "broker + run driver";

    private final Path root;
    private final BenchSettings settings;

    /** @param root the repository root, where the services' jars are */
    PipelineRound(Path root, BenchSettings settings) {
        this.root = root;
        this.settings = settings;
    }

    Result run(RunConfig config, Path dir, PrintWriter out) throws Exception {
        Instant t0 = Instant.now();
        try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
            Map<String, String> env = new LinkedHashMap<>(stack.endpoints().asEnvironment());
            env.putAll(settings.serviceEnvironment());
            try (ServiceFleet fleet = new ServiceFleet(root, dir.resolve("logs"), env)) {
                fleet.startAll(Duration.ofMinutes(3));
                Duration ready = Duration.between(t0, Instant.now());
                Map<String, Long> stackPids = new LinkedHashMap<>(); // printed in this order
                stackPids.put(OBJECT_STORE, stack.objectStorePid());
                stackPids.put(BROKER_AND_DRIVER, ProcessHandle.current().pid());
                Map<String, Double> stackBefore = cpuSeconds(stackPids);
                Map<String, ProcessStats> servicesBefore = stats(fleet);
                Map<String, StoreRequestCounts> requestsBefore = storeRequests(fleet);
                RunProgress progress = new RunDriver(stack.endpoints().kafkaBootstrapServers(), out)
                        .startAndFollow(config, Duration.ofMinutes(30));
                Map<String, ProcessStats.Usage> services = used(servicesBefore, stats(fleet), ProcessStats::since);
                Map<String, StoreRequestCounts> requests = used(requestsBefore, storeRequests(fleet),
                        StoreRequestCounts::minus);
                Map<String, Double> stackCpu = used(stackBefore, cpuSeconds(stackPids), (after, before) -> after - before);
                EventTimes events = new EventTimes(stack.endpoints().kafkaBootstrapServers(), progress.runId());
                int round = config.getStartRound();
                return new Result(events.stages(round), events.wall(round), ready, stack.startTime(), services,
                        events.promptsToScores(round), stackCpu, requests);
            }
        }
    }

    /**
     * @param roundTimes     each round from its first prompt to its checkpoint
     * @param perImage       each round's time per image from its first prompt to its last score: with the no-op
     *                       model, the pipeline's own overhead, cold in round 1 and warm after
     * @param peakRssMiB     each service's highest resident set in each round (first prompt to evaluation), by round
     */
    record RoundsResult(List<Duration> roundTimes, List<Duration> perImage, Map<String, List<Double>> peakRssMiB) {
    }

    /** A run of {@code config.getRounds()} rounds through the services, following each service's resident memory. */
    RoundsResult runRounds(RunConfig config, Path dir, PrintWriter out) throws Exception {
        try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
            Map<String, String> env = new LinkedHashMap<>(stack.endpoints().asEnvironment());
            env.putAll(settings.serviceEnvironment());
            try (ServiceFleet fleet = new ServiceFleet(root, dir.resolve("logs"), env)) {
                fleet.startAll(Duration.ofMinutes(3));
                Map<String, Long> pids = new LinkedHashMap<>();
                ServiceFleet.SERVICES.forEach(service -> pids.put(service, fleet.pid(service)));
                try (MemoryTrace trace = new MemoryTrace(pids, Duration.ofSeconds(1))) {
                    RunProgress progress = new RunDriver(stack.endpoints().kafkaBootstrapServers(), out)
                            .startAndFollow(config, Duration.ofMinutes(30L * config.getRounds()));
                    EventTimes events = new EventTimes(stack.endpoints().kafkaBootstrapServers(), progress.runId());
                    List<Duration> times = new ArrayList<>();
                    List<Duration> perImage = new ArrayList<>();
                    Map<String, List<Double>> rss = new LinkedHashMap<>();
                    for (int round = config.getStartRound(); round < config.getStartRound() + config.getRounds(); round++) {
                        Instant from = events.first(Topics.PROMPTS_FILTERED, round);
                        Instant to = events.first(Topics.ROUNDS_EVALUATED, round);
                        times.add(Duration.between(from, events.first(Topics.CHECKPOINTS_PUBLISHED, round)));
                        perImage.add(events.promptsToScores(round)
                                .dividedBy(events.count(Topics.IMAGES_GENERATED, round)));
                        for (String service : ServiceFleet.SERVICES) {
                            int r = round;
                            rss.computeIfAbsent(service, k -> new ArrayList<>()).add(trace.peak(service, from, to)
                                    .orElseThrow(() -> new IllegalStateException("No memory sample of " + service
                                            + " in round " + r)));
                        }
                    }
                    return new RoundsResult(times, perImage, rss);
                }
            }
        }
    }

    /** What the round used of a figure read per process before and after it, in the order read after. */
    private static <T, U> Map<String, U> used(Map<String, T> before, Map<String, T> after, BiFunction<T, T, U> since) {
        Map<String, U> out = new LinkedHashMap<>();
        after.forEach((name, figure) -> out.put(name, since.apply(figure, before.get(name))));
        return out;
    }

    private static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> out.put(name, ProcessStats.of(pid).cpuSeconds()));
        return out;
    }

    private static Map<String, ProcessStats> stats(ServiceFleet fleet) {
        Map<String, ProcessStats> out = new LinkedHashMap<>();
        for (String s : ServiceFleet.SERVICES) {
            out.put(s, ProcessStats.of(fleet.pid(s)));
        }
        return out;
    }

    private static Map<String, StoreRequestCounts> storeRequests(ServiceFleet fleet)
            throws java.io.IOException, InterruptedException {
        Map<String, StoreRequestCounts> out = new LinkedHashMap<>();
        for (String s : ServiceFleet.SERVICES) {
            out.put(s, StoreRequestCounts.parse(fleet.metrics(s)));
        }
        return out;
    }

    /** When each event of the run was written, by topic and round, read back from the topics. */
    private static final class EventTimes {

        private final Map<String, Map<Integer, List<Instant>>> byTopic = new HashMap<>();

        EventTimes(String bootstrapServers, String runId) {
            for (Topic<String, ?> topic : Topics.all()) {
                read(bootstrapServers, asRecords(topic), runId);
            }
        }

        /** Every topic's events are Avro records (Topics holds them with their event classes). */
        @SuppressWarnings("unchecked")
        private static Topic<String, SpecificRecord> asRecords(Topic<String, ?> topic) {
            return (Topic<String, SpecificRecord>) topic;
        }

        private <V extends SpecificRecord> void read(String bootstrapServers, Topic<String, V> topic, String runId) {
            Map<Integer, List<Instant>> rounds = byTopic.computeIfAbsent(topic.name(), t -> new HashMap<>());
            TopicScan.decodeAll(bootstrapServers, topic, event -> {
                EventMeta meta = (EventMeta) event.get(event.getSchema().getField("meta").pos());
                if (runId.equals(meta.getRunId())) {
                    rounds.computeIfAbsent(meta.getRound(), r -> new ArrayList<>()).add(meta.getTimestamp());
                }
            });
            rounds.values().forEach(l -> l.sort(null));
        }

        private List<Instant> at(Topic<String, ?> topic, int round) {
            List<Instant> times = byTopic.get(topic.name()).getOrDefault(round, List.of());
            if (times.isEmpty()) {
                throw new IllegalStateException("No " + topic.name() + " event for round " + round);
            }
            return times;
        }

        /** From the round's first prompt event to its last score event: generation and scoring, overlapped. */
        Duration promptsToScores(int round) {
            return Duration.between(first(Topics.PROMPTS_FILTERED, round), last(Topics.SCORES_COMPUTED, round));
        }

        private int count(Topic<String, ?> topic, int round) {
            return at(topic, round).size();
        }

        private Instant first(Topic<String, ?> topic, int round) {
            return at(topic, round).get(0);
        }

        private Instant last(Topic<String, ?> topic, int round) {
            List<Instant> t = at(topic, round);
            return t.get(t.size() - 1);
        }

        /**
         * Each stage from its first input to its last output (generation and scoring overlap, so these add up to more
         * than the round's wall time).
         */
        StageTimes stages(int round) {
            Instant start = first(Topics.RUNS_STARTED, round);
            Map<String, Duration> s = new LinkedHashMap<>();
            s.put("plan", Duration.between(start, last(Topics.PROMPTS_FILTERED, round)));
            s.put("evaluate base", Duration.between(start, first(Topics.ROUNDS_EVALUATED, round - 1)));
            s.put("generate", Duration.between(first(Topics.PROMPTS_FILTERED, round), last(Topics.IMAGES_GENERATED, round)));
            s.put("score", Duration.between(first(Topics.IMAGES_GENERATED, round), last(Topics.SCORES_COMPUTED, round)));
            s.put("select + weight", Duration.between(last(Topics.SCORES_COMPUTED, round), last(Topics.WEIGHTS_ASSIGNED, round)));
            s.put("train", Duration.between(last(Topics.WEIGHTS_ASSIGNED, round), first(Topics.CHECKPOINTS_PUBLISHED, round)));
            s.put("evaluate round", Duration.between(first(Topics.CHECKPOINTS_PUBLISHED, round), first(Topics.ROUNDS_EVALUATED, round)));
            return new StageTimes(s, at(Topics.IMAGES_GENERATED, round).size(), at(Topics.SCORES_COMPUTED, round).size(),
                    at(Topics.WEIGHTS_ASSIGNED, round).size());
        }

        /** The round's wall time: from the run's start to the later of the base's and the round's evaluations. */
        Duration wall(int round) {
            Instant end = first(Topics.ROUNDS_EVALUATED, round);
            Instant base = first(Topics.ROUNDS_EVALUATED, round - 1);
            return Duration.between(first(Topics.RUNS_STARTED, round), end.isAfter(base) ? end : base);
        }
    }
}
