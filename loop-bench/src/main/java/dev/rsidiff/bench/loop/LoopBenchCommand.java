package dev.rsidiff.bench.loop;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.bus.serde.AvroLimits;
import dev.rsidiff.engine.cli.CliLogging;
import dev.rsidiff.evaluator.Intervals;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.scorers.NoOpScorer;
import dev.rsidiff.stack.LocalStack;
import dev.rsidiff.stack.StackEndpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code rsi bench loop}: one round of the same work done two ways, serially in one process and through the five
 * services, with wall time and images/s per stage, their ratio, and each service's share of CPU time and peak RSS.
 */
@Command(name = "loop", mixinStandardHelpOptions = true,
        description = "One round serially in one process, then through the five services; wall time per stage.")
public final class LoopBenchCommand implements Callable<Integer> {

    @Option(names = "--prompts", defaultValue = "64", description = "Prompts in the round (default ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--images", defaultValue = "4", description = "Images per prompt (default ${DEFAULT-VALUE}).")
    int imagesPerPrompt;

    @Option(names = "--eval-prompts", description = "Held-out prompts evaluated (default 100; with --no-op-model 16).")
    Integer evaluationPrompts;

    @Option(names = "--eval-images", description = "Images per held-out prompt (default 4; with --no-op-model 1).")
    Integer evaluationImages;

    @Option(names = "--validation-prompts", description = "Validation prompts (default 100; with --no-op-model 0).")
    Integer validationPrompts;

    @Option(names = "--no-op-model", description = "Generate with the no-op sampler (seeded noise, the model not run)"
            + " and score with the no-op scorer, so that what a round costs per image is the pipeline's own handling:"
            + " events, object store, PNG, the services. Evaluation, which still runs the model, is cut to a few"
            + " images unless the --eval options say otherwise.")
    boolean noOpModel;

    @Option(names = "--sampler-batch", defaultValue = "64", description = "Generator sampler batch (default ${DEFAULT-VALUE}).")
    int samplerBatch;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds (default ${DEFAULT-VALUE}). More than one:"
            + " only through the services, with each round's time per image and each service's peak resident memory per"
            + " round (no serial comparison).")
    int rounds;

    @Option(names = "--repeat", defaultValue = "1", description = "Comparisons (or, with --rounds, runs) to do, each on"
            + " fresh stacks (default ${DEFAULT-VALUE}). More than one: a summary follows, each figure's mean and 95%%"
            + " interval over the runs.")
    int repeat;

    @Option(names = "--set", description = "A run setting over the defaults, e.g. --set topK=32 (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--service-env", description = "An environment variable for every service, e.g. "
            + "--service-env JAVA_TOOL_OPTIONS=-Dai.djl.pytorch.num_threads=1 (repeatable).")
    Map<String, String> serviceEnvironment = new LinkedHashMap<>();

    @Option(names = "--data-dir", description = "Where both stacks and the services' logs go, a new or empty folder (default: a new folder in .rsi/).")
    Path dataDir;

    @Option(names = "--root", defaultValue = ".", description = "Repository root holding the service jars.")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The run settings of {@code --no-op-model}: no model samples or scores; the aesthetic floor has no score to veto. */
    static final Map<String, String> NO_OP_MODEL = Map.of("sampler", RunConfigs.NO_OP, "scorers", NoOpScorer.NAME,
            "vetoScorers", "", "scoreFloors", "");

    public static void main(String[] args) {
        // The classpath holds the stack's and the services' logback.xml too: without a choice, logback prints its
        // own status (a screenful) before the first line, and takes one of them by chance.
        CliLogging.use();
        AvroLimits.apply(); // before anything loads Avro, as every service does
        System.exit(new CommandLine(new LoopBenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (overrides.containsKey("rounds")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give the number of rounds as --rounds, not --set rounds");
        }
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        Map<String, String> runSettings = new LinkedHashMap<>();
        if (noOpModel) {
            runSettings.putAll(NO_OP_MODEL);
        }
        runSettings.putAll(overrides);
        runSettings.put("rounds", Integer.toString(rounds)); // validated with the run's other settings
        BenchSettings settings = new BenchSettings(prompts, imagesPerPrompt,
                orDefault(evaluationPrompts, noOpModel ? 16 : 100), orDefault(evaluationImages, noOpModel ? 1 : 4),
                orDefault(validationPrompts, noOpModel ? 0 : 100), samplerBatch, runSettings, serviceEnvironment);
        RunConfig config;
        try {
            config = settings.runConfig();
        } catch (InvalidRunConfigException e) {
            // a usage error, said as one (the message names the setting), not a stack trace
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (dataDir != null && holdsEntries(dataDir)) {
            // A second run on the same folder finds the first one's stores: its base evaluation then comes from
            // the store (0.2 s instead of 3.2 s on the H200), and its figures are not a repeat of the first's.
            throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir " + dataDir + " is not empty:"
                    + " give a new folder, so that the benchmark starts from empty stacks");
        }
        Path dir = dataDir != null ? dataDir : Files.createDirectories(Path.of(".rsi"))
                .resolve("bench-loop-" + System.currentTimeMillis());
        out.printf("Loop benchmark: %d round(s) of %d prompts x %d images (top %d), evaluation %d x %d + %d validation,"
                        + " sampler batch %d, %d cores; data in %s%n", rounds, prompts, imagesPerPrompt, config.getTopK(),
                settings.evaluationPrompts(), settings.evaluationImagesPerPrompt(), settings.validationPrompts(), samplerBatch,
                Runtime.getRuntime().availableProcessors(), dir);
        if (!serviceEnvironment.isEmpty()) {
            out.println("Services' extra environment: " + serviceEnvironment);
        }
        out.flush();
        if (rounds > 1) {
            return repeated("Run", dir, out, d -> memoryOverRounds(settings, config, d, out),
                    runs -> roundsSummary(runs, config.getStartRound()));
        }
        return repeated("Comparison", dir, out, d -> compareOnce(settings, config, d, out), LoopBenchCommand::summary);
    }

    /** One run of the benchmark, on fresh stacks in {@code dir}. */
    @FunctionalInterface
    private interface OneRun<T> {
        T in(Path dir) throws Exception;
    }

    /** {@code --repeat} runs, each in a folder of its own when there are several, then their summary. */
    private <T> int repeated(String what, Path dir, PrintWriter out, OneRun<T> once,
                             Function<List<T>, List<String>> summary) throws Exception {
        List<T> runs = new ArrayList<>();
        for (int i = 1; i <= repeat; i++) {
            if (repeat > 1) {
                out.printf("%n%s %d of %d%n", what, i, repeat);
            }
            runs.add(once.in(repeat > 1 ? dir.resolve("run-" + i) : dir));
        }
        if (repeat > 1) {
            out.println();
            summary.apply(runs).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /**
     * The figures of one comparison that issue 12 sets targets for. A figure that a mode does not measure is NaN: the
     * generator's share without the model, the overhead per image with it.
     */
    record Comparison(double serialSeconds, double pipelineSeconds, double generatorShare, double overheadMs,
                      double readySeconds, double servicesCpuSeconds, RoundCpu cpu) {

        double ratio() {
            return pipelineSeconds / serialSeconds;
        }

        /** The smallest {@link #ratio} that the round's CPU time allows on the host's cores. */
        double ratioFloor() {
            return cpu.ratioFloor(serialSeconds);
        }
    }

    /** Each figure's runs, mean and 95% t-interval over the comparisons (at least two). */
    static List<String> summary(List<Comparison> runs) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Over %d comparisons: mean [95%% interval, Student's t] (each run)", runs.size()));
        summaryLine(lines, runs, "serial round, s", Comparison::serialSeconds, "%.1f");
        summaryLine(lines, runs, "round through the services, s", Comparison::pipelineSeconds, "%.1f");
        summaryLine(lines, runs, "pipeline / serial (target <= 0.90)", Comparison::ratio, "%.2f");
        summaryLine(lines, runs, "generator in the loop / alone, % (target >= 80)", Comparison::generatorShare, "%.0f");
        summaryLine(lines, runs, "pipeline overhead per image, ms (target < 2)", Comparison::overheadMs, "%.2f");
        summaryLine(lines, runs, "stack plus five services up, s (target < 15)", Comparison::readySeconds, "%.1f");
        summaryLine(lines, runs, "CPU seconds, all services", Comparison::servicesCpuSeconds, "%.1f");
        summaryLine(lines, runs, "CPU seconds, serial round", c -> c.cpu().serialSeconds(), "%.1f");
        summaryLine(lines, runs, "CPU seconds, services + local stack", c -> c.cpu().pipelineSeconds(), "%.1f");
        summaryLine(lines, runs, "lowest pipeline / serial these CPU seconds allow", Comparison::ratioFloor,
                "%.2f");
        return lines;
    }

    /**
     * Each round's time per image (first prompt to last score) over runs of several rounds, and each run's mean over
     * its warm rounds, the second on: its first round pays for the services' start (code compiled on first use,
     * first connections), which a pipeline that keeps running pays once.
     */
    static List<String> roundsSummary(List<PipelineRound.RoundsResult> runs, int startRound) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Over %d runs, ms per image from the round's first prompt to its last score: mean"
                + " [95%% interval, Student's t] (each run)", runs.size()));
        int rounds = runs.get(0).perImage().size();
        for (int i = 0; i < rounds; i++) {
            int at = i;
            summaryLine(lines, runs, "round " + (startRound + i), r -> millis(r.perImage().get(at)), "%.2f");
        }
        summaryLine(lines, runs, String.format("warm rounds %d-%d, each run's mean (target < 2)", startRound + 1,
                startRound + rounds - 1), r -> r.perImage().stream().skip(1).mapToDouble(LoopBenchCommand::millis)
                .average().orElse(Double.NaN), "%.2f");
        return lines;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static <T> void summaryLine(List<String> lines, List<T> runs, String name, ToDoubleFunction<T> figure,
                                        String format) {
        double[] values = runs.stream().mapToDouble(figure).toArray();
        if (Arrays.stream(values).anyMatch(Double::isNaN)) {
            return; // not measured in this mode
        }
        double[] ci = Intervals.meanT95(values);
        lines.add(String.format("  %-48s %s [%s, %s] (%s)", name, String.format(format, ci[0]),
                String.format(format, ci[1]), String.format(format, ci[2]), Arrays.stream(values)
                        .mapToObj(v -> String.format(format, v)).collect(Collectors.joining(", "))));
    }

    /** One round serially, then through the services, each on a fresh stack in {@code dir}; prints both. */
    private Comparison compareOnce(BenchSettings settings, RunConfig config, Path dir, PrintWriter out) throws Exception {
        StageTimes serial;
        double serialCpu;
        out.println("Serial, in one process ...");
        out.flush();
        try (LocalStack stack = LocalStack.start(dir.resolve("serial-stack")); BlobStore blobs = blobs(stack.endpoints())) {
            blobs.ensureBucket();
            // This process (the round's work; its idle broker too) and the object store, which the round also uses
            double before = ProcessStats.cpuSeconds(ProcessHandle.current().pid(), stack.objectStorePid());
            serial = new SerialRound(blobs, settings).run(config);
            serialCpu = ProcessStats.cpuSeconds(ProcessHandle.current().pid(), stack.objectStorePid()) - before;
        }
        out.println("Through the five services ...");
        out.flush();
        PipelineRound.Result pipeline = new PipelineRound(root.toAbsolutePath().normalize(), settings)
                .run(config, dir.resolve("pipeline"), new PrintWriter(java.io.OutputStream.nullOutputStream()));

        out.println();
        out.printf("%-16s %12s %14s %12s %14s%n", "stage", "serial s", "serial img/s", "pipeline s", "pipeline img/s");
        for (String stage : serial.stages().keySet()) {
            Duration s = serial.stages().get(stage);
            Duration p = pipeline.times().stages().get(stage);
            out.printf("%-16s %12.1f %14s %12.1f %14s%n", stage, seconds(s), rate(stage, serial, s),
                    seconds(p), rate(stage, pipeline.times(), p));
        }
        double serialTotal = seconds(serial.total());
        double wall = seconds(pipeline.wall());
        out.printf("%-16s %12.1f %14s %12.1f%n", "round (wall)", serialTotal, "", wall);
        out.printf("Pipeline / serial: %.2f (target <= 0.90). Pipeline stages overlap: their spans add up to more"
                + " than its wall time.%n", wall / serialTotal);
        double generatorShare = Double.NaN;
        double overheadMs = Double.NaN;
        if (noOpModel) {
            overheadMs = printOverhead(serial, pipeline, out);
        } else {
            double alone = perSecond(serial.images(), serial.stages().get("generate"));
            double inLoop = perSecond(pipeline.times().images(), pipeline.times().stages().get("generate"));
            generatorShare = 100 * inLoop / alone;
            out.printf("Generator in the loop (first prompt to last image): %.1f images/s, %.0f%% of the same code's"
                    + " %.1f images/s alone (target >= 80%%)%n", inLoop, generatorShare, alone);
        }
        out.printf("Ready: local stack in %.1f s, stack plus five services in %.1f s (target < 15 s)%n",
                seconds(pipeline.stackReady()), seconds(pipeline.ready()));
        double cpu = pipeline.services().values().stream().mapToDouble(ProcessStats.Usage::cpuSeconds).sum();
        out.printf("%-18s %10s %8s %14s%n", "service", "CPU s", "share", "peak RSS MiB");
        pipeline.services().forEach((service, st) -> out.printf("%-18s %10.1f %7.0f%% %14.0f%n", service,
                st.cpuSeconds(), 100 * st.cpuSeconds() / cpu, st.peakRssMiB()));
        out.printf("%-18s %10.1f   (%.0f%% of %d cores over the round)%n", "all services", cpu,
                100 * cpu / (wall * Runtime.getRuntime().availableProcessors()), Runtime.getRuntime().availableProcessors());
        // The local stack shares the cores too; per image, since requests and events come per image
        int images = pipeline.times().images();
        pipeline.stack().forEach((name, seconds) -> out.printf("%-22s %6.1f CPU s, %.2f CPU ms per image%n", name,
                seconds, 1000 * seconds / images));
        printStoreRequests(pipeline.storeRequests(), images, out);
        RoundCpu roundCpu = new RoundCpu(serialCpu,
                cpu + pipeline.stack().values().stream().mapToDouble(Double::doubleValue).sum(),
                Runtime.getRuntime().availableProcessors());
        out.printf("CPU seconds over the round: serial %.1f (%.2f cores over its %.1f s), through the services %.1f"
                        + " (services and local stack). On %d cores the services' round cannot take less than %.2f of"
                        + " the serial time, however well its stages overlap.%n", roundCpu.serialSeconds(),
                roundCpu.serialSeconds() / serialTotal, serialTotal, roundCpu.pipelineSeconds(), roundCpu.cores(),
                roundCpu.ratioFloor(serialTotal));
        out.flush();
        return new Comparison(serialTotal, wall, generatorShare, overheadMs, seconds(pipeline.ready()), cpu, roundCpu);
    }

    /** The object store's requests per image, by service and kind: on this stack each costs the store about the same. */
    private static void printStoreRequests(Map<String, StoreRequestCounts> requests, int images, PrintWriter out) {
        List<String> kinds = requests.values().stream().flatMap(c -> c.byKind().keySet().stream()).distinct()
                .sorted().toList();
        out.printf("Object-store requests per image over the round (%d images):%n", images);
        out.printf("%-18s%s %8s%n", "service", kinds.stream().map(k -> String.format(" %7s", k))
                .collect(Collectors.joining()), "total");
        Map<String, Long> all = new LinkedHashMap<>();
        requests.forEach((service, counts) -> {
            out.printf("%-18s%s %8.2f%n", service, kinds.stream().map(k -> String.format(" %7.2f",
                    (double) counts.of(k) / images)).collect(Collectors.joining()), (double) counts.total() / images);
            counts.byKind().forEach((k, n) -> all.merge(k, n, Long::sum));
        });
        out.printf("%-18s%s %8.2f%n", "all services", kinds.stream().map(k -> String.format(" %7.2f",
                        (double) all.getOrDefault(k, 0L) / images)).collect(Collectors.joining()),
                all.values().stream().mapToLong(Long::longValue).sum() / (double) images);
    }

    /**
     * With the models taken out, the time per image that is left is the pipeline's own: through the services, events
     * and the object store; serially, the object store alone (the same stage classes, handed their inputs).
     */
    private static double printOverhead(StageTimes serial, PipelineRound.Result pipeline, PrintWriter out) {
        int images = pipeline.times().images();
        out.printf("No-op model, milliseconds per image: generation %.2f through the services (%.2f serially),"
                        + " scoring %.2f (%.2f serially)%n",
                perImage(pipeline.times().stages().get("generate"), images),
                perImage(serial.stages().get("generate"), serial.images()),
                perImage(pipeline.times().stages().get("score"), pipeline.times().scores()),
                perImage(serial.stages().get("score"), serial.scores()));
        double overhead = perImage(pipeline.promptsToScores(), images);
        out.printf("Pipeline overhead per image (first prompt to last score, %d images, no-op model): %.2f ms"
                + " (target < 2 ms); serially, generation plus scoring: %.2f ms%n", images, overhead,
                perImage(serial.stages().get("generate").plus(serial.stages().get("score")), serial.images()));
        return overhead;
    }

    private static double perImage(Duration d, int images) {
        return millis(d) / images;
    }

    /** The run through the services only, with each service's peak resident memory per round against round 2's. */
    private PipelineRound.RoundsResult memoryOverRounds(BenchSettings settings, RunConfig config, Path dir,
                                                        PrintWriter out) throws Exception {
        out.printf("%d rounds through the five services ...%n", rounds);
        out.flush();
        PipelineRound.RoundsResult r = new PipelineRound(root.toAbsolutePath().normalize(), settings)
                .runRounds(config, dir.resolve("pipeline"), new PrintWriter(java.io.OutputStream.nullOutputStream()));
        out.println();
        out.printf("%-6s %8s %12s", "round", "round s", "ms/image");
        r.peakRssMiB().keySet().forEach(service -> out.printf(" %18s", service));
        out.printf("%n%-6s %8s %12s", "", "", "p->s");
        r.peakRssMiB().keySet().forEach(service -> out.printf(" %18s", "peak RSS MiB"));
        out.println();
        for (int i = 0; i < rounds; i++) {
            int at = i;
            out.printf("%-6d %8.1f %12.2f", config.getStartRound() + i, seconds(r.roundTimes().get(i)),
                    millis(r.perImage().get(i)));
            r.peakRssMiB().values().forEach(rss -> out.printf(" %18.0f", rss.get(at)));
            out.println();
        }
        r.peakRssMiB().forEach((service, rss) -> {
            double second = rss.get(1);
            double worst = rss.stream().skip(1).mapToDouble(v -> 100 * (v - second) / second)
                    .reduce(0, (a, b) -> Math.abs(b) > Math.abs(a) ? b : a);
            out.printf("%-18s round 2 %6.0f MiB, last %6.0f MiB, largest change from round 2 %+5.1f%% (target within"
                    + " 10%%)%n", service, second, rss.get(rss.size() - 1), worst);
        });
        out.println("ms/image p->s: from the round's first prompt to its last score, per image (with --no-op-model, the"
                + " pipeline's own overhead per image, target < 2 ms)");
        out.flush();
        return r;
    }

    private static String rate(String stage, StageTimes times, Duration d) {
        return switch (stage) {
            case "generate" -> String.format("%.1f", perSecond(times.images(), d));
            case "score" -> String.format("%.1f", perSecond(times.scores(), d));
            default -> "";
        };
    }

    private static int orDefault(Integer given, int otherwise) {
        return given != null ? given : otherwise;
    }

    private static double perSecond(int count, Duration d) {
        return count / seconds(d);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static BlobStore blobs(StackEndpoints e) {
        return new BlobStore(new BlobStoreSettings(e.s3Endpoint(), e.accessKey(), e.secretKey(), e.bucket(), "us-east-1"));
    }

    /** Whether {@code dir} exists and holds anything. */
    static boolean holdsEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
