package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.progress.ProgressDisplay;
import dev.rsidiff.control.report.NothingToReportException;
import dev.rsidiff.control.dashboard.DashboardCommand;
import dev.rsidiff.control.dashboard.DashboardServer;
import dev.rsidiff.control.report.ReportCommand;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.protocol.stopping.BestRound;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.engine.cli.CliLogging;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.UnknownRunException;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
/** {@code rsi demo} and {@code rsi run}: the self-improvement loop, end to end. */
@Command(name = "rsi", mixinStandardHelpOptions = true, subcommands = {
        RunControlCommand.Demo.class, RunControlCommand.Run.class, StudyCommand.class, DeadLetterCommand.class,
        ReportCommand.class, DashboardCommand.class})
public final class RunControlCommand {

    public static void main(String[] args) {
        CliLogging.use();
        dev.rsidiff.bus.serde.AvroLimits.apply(); // before anything loads Avro, as every service does
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with refused settings and unreadable configuration files reported as one line and exit
     * code 2 (a usage error), not a stack trace: nothing was started.
     */
    static CommandLine commandLine() {
        return new CommandLine(new RunControlCommand()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InvalidRunConfigException || e instanceof NoSuchFileException
                    || e instanceof UnknownRunException || e instanceof NothingToReportException) {
                String what = e instanceof NoSuchFileException ? "Configuration file not found: "
                        : e instanceof InvalidRunConfigException ? "Refused: " : "";
                cmd.getErr().println(what + e.getMessage());
                cmd.getErr().flush();
                return 2;
            }
            if (e instanceof RunFailedException) {
                cmd.getErr().println(e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
    }

    /** Settings shared by both commands. */
    static class RunOptions {
        @Option(names = "--config", description = "Run configuration: a properties file of RunConfig settings (name=value).")
        Path config;

        @Option(names = "--set", description = "One setting, e.g. --set rounds=2 (repeatable; applied after --config).")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--timeout", defaultValue = "PT40M", description = "Give up after this long (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--progress", defaultValue = "AUTO", description = "How progress shows: AUTO (bars on a "
                + "terminal, else a line per stage change), BARS or LINES (default ${DEFAULT-VALUE}).")
        ProgressDisplay.Mode progress;

        RunConfig config() throws IOException {
            Map<String, String> all = new LinkedHashMap<>();
            if (config != null) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(config)) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
            }
            all.putAll(settings);
            return RunAdmission.checkSettings(RunConfigs.apply(RunConfigs.defaults(), all));
        }
    }

    static void report(PrintWriter out, RunProgress progress, RunConfig config, Duration wall) {
        out.println();
        out.printf("Run %s finished in %d min %02d s%n", progress.runId(), wall.toMinutes(), wall.toSecondsPart());
        Map<Integer, Map<String, Double>> metrics = new TreeMap<>();
        progress.rounds().forEach((n, r) -> {
            if (r.evaluation != null) {
                metrics.put(n, r.evaluation.getMetrics());
            }
        });
        out.println("Held-out metrics (change against the base in brackets):");
        MetricsTable.print(out, metrics, config.getStartRound() - 1);
        progress.stoppedAfter().ifPresent(r -> out.printf("The run stopped early after round %d: %s%n", r.number,
                r.evaluation.getStopReason()));
        BestOfRun.latest(progress.rounds().values().stream().map(r -> r.evaluation).filter(Objects::nonNull).toList())
                .ifPresentOrElse(best -> out.printf("Best round by validation faithfulness: %s (%.4f), checkpoint %s;"
                                + " continue from it with --set baseCheckpointId=%s --set startRound=%d%n",
                        best.round() == config.getStartRound() - 1 ? "the base" : "round " + best.round(),
                        metrics.get(best.round()).get(BestRound.METRIC), best.checkpointId(), best.checkpointId(),
                        best.round() + 1),
                () -> out.println("Best round: no validation figures (RSIDIFF_VALIDATION_PROMPTS=0)"));
        out.println("Checkpoints:");
        progress.rounds().values().stream().filter(r -> !r.checkpoints.isEmpty()).forEach(r -> out.printf(
                "  round %d: %s (parent %s, %d samples, weight sum %.2f, loss %.4f)%n", r.number,
                r.checkpoints.get(0).getCheckpointId(), r.checkpoints.get(0).getParentId(),
                r.checkpoints.get(0).getStats().getSamples(), r.checkpoints.get(0).getStats().getWeightSum(),
                r.checkpoints.get(0).getStats().getMeanLoss()));
        out.println("Events per topic:");
        progress.eventsPerTopic().forEach((t, n) -> out.printf("  %-32s %d%n", t, n));
        Map<Integer, Map<String, Integer>> dead = new TreeMap<>();
        progress.rounds().forEach((n, r) -> {
            if (!r.deadLetters.isEmpty()) {
                dead.put(n, r.deadLetters);
            }
        });
        out.println(dead.isEmpty() ? "Dead letters: none" : "Dead letters per round (./rsi dlt list TOPIC): " + dead);
        out.flush();
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start the local stack and the five services, run the loop on the embedded default, print the results.")
    static final class Demo implements Callable<Integer> {

        @CommandLine.Mixin
        RunOptions options = new RunOptions();

        @Option(names = "--data-dir", description = "Where the stack keeps its data and the services their logs "
                + "(default: .rsi/demo-<time>).")
        Path dataDir;

        @Option(names = "--root", defaultValue = ".", description = "Repository root holding the service jars.")
        Path root;

        @Option(names = "--resume", description = "Resume this run (stopped earlier) from the same --data-dir instead of "
                + "starting a new one; its configuration comes from the store.")
        String resume;

        @Option(names = "--dashboard-port", defaultValue = "8090", description = "Port of the dashboard served while "
                + "the demo runs (default ${DEFAULT-VALUE}; 0: any free one; -1: none).")
        int dashboardPort;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            RunConfig config = options.config();
            Instant t0 = Instant.now();
            Path dir = dataDir != null ? dataDir : defaultDir("demo", t0);
            out.println("Starting the local stack (Kafka + S3) in " + dir + " ...");
            out.flush();
            try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
                out.printf("Local stack up in %.1f s. Starting the five services (logs in %s) ...%n",
                        stack.startTime().toMillis() / 1000.0, dir.resolve("logs"));
                out.flush();
                try (ServiceFleet fleet = new ServiceFleet(root, dir.resolve("logs"), stack.endpoints().asEnvironment());
                     CloseOnSignal onSignal = new CloseOnSignal(fleet, stack);
                     DemoDashboard dashboard = DemoDashboard.start(dashboardPort, stack, dir, out)) {
                    fleet.startAll(Duration.ofMinutes(3));
                    out.printf("Services up after %d s.%n", Duration.between(t0, Instant.now()).toSeconds());
                    out.println(RunConfigs.describe(config).replace("\n", "  "));
                    out.flush();
                    RunDriver driver = new RunDriver(stack.endpoints().kafkaBootstrapServers(), out, options.progress);
                    RunProgress progress;
                    if (resume == null) {
                        progress = driver.startAndFollow(config, options.timeout);
                    } else {
                        config = storedConfig(DeploymentStore.settings(stack.endpoints().asEnvironment()), resume);
                        out.println("Resuming run " + resume);
                        progress = driver.reattach(resume, config, options.timeout);
                    }
                    report(out, progress, config, Duration.between(t0, Instant.now()));
                }
            }
            out.printf("Demo wall time: %d s (data kept in %s)%n", Duration.between(t0, Instant.now()).toSeconds(), dir);
            out.printf("See its images and curves again: ./rsi dashboard --data-dir %s (or ./rsi report RUN --data-dir "
                    + "%s --out DIR)%n", dir, dir);
            out.flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start a run against the Kafka and S3 given by KAFKA_BOOTSTRAP_SERVERS and RSIDIFF_BLOB_* "
                    + "(services already running) and follow it to the end.")
    static final class Run implements Callable<Integer> {

        @CommandLine.Mixin
        RunOptions options = new RunOptions();

        @Option(names = "--follow", description = "Re-attach to this run id instead of starting a new run (its "
                + "configuration comes from the store given by RSIDIFF_BLOB_*).")
        String follow;

        @Option(names = "--from-best", description = "Start the new run from this earlier run's best round (chosen on "
                + "the validation prompts): its checkpoint becomes the base and the rounds continue after it.")
        String fromBest;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "KAFKA_BOOTSTRAP_SERVERS is not set: 'rsi run' talks to an existing Kafka (use 'rsi demo' for a local one)");
            }
            RunConfig config = follow == null ? options.config() : storedConfig(DeploymentStore.settings(System.getenv()), follow);
            if (fromBest != null && follow == null) {
                BestOfRun best = BestOfRun.read(bootstrap, fromBest);
                config.setBaseCheckpointId(best.checkpointId());
                config.setStartRound(best.round() + 1);
                out.printf("Continuing run %s from its best round %d (checkpoint %s)%n", fromBest, best.round(),
                        best.checkpointId());
            }
            Instant t0 = Instant.now();
            RunDriver driver = new RunDriver(bootstrap, out, options.progress);
            RunProgress progress = follow == null ? driver.startAndFollow(config, options.timeout)
                    : driver.reattach(follow, config, options.timeout);
            report(out, progress, config, Duration.between(t0, Instant.now()));
            return 0;
        }
    }

    /**
     * The dashboard beside a demo's run, on the demo's stack: its URL is printed. A port that is taken does not stop
     * the demo; it says so and runs without one.
     */
    private record DemoDashboard(BlobStore blobs, DashboardServer server) implements AutoCloseable {

        static DemoDashboard start(int port, LocalStack stack, Path dir, PrintWriter out) {
            if (port < 0) {
                return new DemoDashboard(null, null);
            }
            BlobStore blobs = new BlobStore(DeploymentStore.settings(stack.endpoints().asEnvironment()));
            try {
                DashboardServer server = DashboardServer.start("127.0.0.1", port,
                        stack.endpoints().kafkaBootstrapServers(), blobs, new ReportOptions(8, 8, 100),
                        dir.resolve("dashboard"));
                out.printf("Dashboard: %s (while the demo runs)%n", server.url());
                out.flush();
                return new DemoDashboard(blobs, server);
            } catch (java.io.IOException e) {
                blobs.close();
                out.printf("No dashboard: %s (--dashboard-port chooses another port)%n", e.getMessage());
                out.flush();
                return new DemoDashboard(null, null);
            }
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
            if (blobs != null) {
                blobs.close();
            }
        }
    }

    /** Where a command keeps its data unless told: {@code .rsi/<kind>-<UTC time>}. */
    static Path defaultDir(String kind, Instant start) {
        return Path.of(".rsi", kind + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(start));
    }

    /** The configuration a run was started with, as the prompt service stored it. */
    static RunConfig storedConfig(BlobStoreSettings settings, String runId) {
        try (BlobStore blobs = new BlobStore(settings)) {
            return new RunConfigStore(blobs).load(runId);
        }
    }
}
