package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.progress.ProgressDisplay;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.control.report.RunRecord;
import dev.rsidiff.control.report.RunReportPage;
import dev.rsidiff.control.study.ArmOutcome;
import dev.rsidiff.control.study.StudyArm;
import dev.rsidiff.control.study.StudyGrid;
import dev.rsidiff.control.study.StudyPlots;
import dev.rsidiff.control.study.StudyProfile;
import dev.rsidiff.control.study.StudyReport;
import dev.rsidiff.control.study.StudyRunner;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rsi study}: the RSIDiff paper's ablation as one command. Starts the local stack and the five services once,
 * runs every arm ({@link StudyArm}) as a run of its own with the same seeds, and writes a report (Markdown and JSON),
 * plots and image grids.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run the paper's ablation study on the local stack: RSIDiff, each strategy removed alone, the "
                + "SFT baseline and no strategy, then write report.md, report.json, plots/ and grids.")
final class StudyCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "The quick profile: 3 rounds of half-size pools, 150 held-out prompts.")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds per arm (default: the profile's, 6; quick 3).")
    Integer rounds;

    @Option(names = "--arms", split = ",", description = "Arms to run, by label (default: the paper's eight, every arm but no-sample-accumulation).")
    List<String> arms;

    @Option(names = "--eval-prompts", description = "Held-out prompts per evaluation (default: the profile's, 300; quick 150).")
    Integer evalPrompts;

    @Option(names = "--eval-images", description = "Images per held-out prompt (default: 1).")
    Integer evalImages;

    @Option(names = "--validation-prompts", description = "Validation prompts per evaluation, on which best rounds are "
            + "chosen (default: the profile's, 150; quick 100).")
    Integer validationPrompts;

    @Option(names = "--parallel", description = "Arms running at once (default: 2).")
    Integer parallel;

    @Option(names = "--grid-prompts", defaultValue = "8", description = "Held-out prompts in each grid (default: ${DEFAULT-VALUE}; 0: no grids).")
    int gridPrompts;

    @Option(names = "--set", description = "A run setting for every arm, e.g. --set learningRate=1e-4 (repeatable; "
            + "applied before each arm's own changes).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--service-env", description = "An environment setting for the five services, e.g. "
            + "--service-env RSIDIFF_PROMPTS_CORPUS_SIZE=400 (repeatable).")
    Map<String, String> serviceEnv = new LinkedHashMap<>();

    @Option(names = "--out", description = "Where the report, plots and the stack's data go (default: .rsi/study-<time>).")
    Path out;

    @Option(names = "--root", defaultValue = ".", description = "Repository root holding the service jars.")
    Path root;

    @Option(names = "--progress", defaultValue = "AUTO", description = "How progress shows: AUTO (a bar per arm on a "
            + "terminal, else a line per stage change), BARS or LINES (default ${DEFAULT-VALUE}).")
    ProgressDisplay.Mode progress;

    @Option(names = "--timeout", defaultValue = "PT3H", description = "Give up on an arm after this long (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The profile with the command line's overrides. */
    StudyProfile profile() {
        StudyProfile p = quick ? StudyProfile.quick() : StudyProfile.standard();
        if (rounds != null) {
            p = p.withRounds(rounds);
        }
        if (evalPrompts != null || evalImages != null) {
            p = p.withEvaluation(evalPrompts != null ? evalPrompts : p.evalPrompts(),
                    evalImages != null ? evalImages : p.evalImages());
        }
        if (validationPrompts != null) {
            p = p.withValidation(validationPrompts);
        }
        return parallel != null ? p.withParallel(parallel) : p;
    }

    /** Every arm's configuration, each checked before anything starts. */
    Map<StudyArm, RunConfig> armConfigs(StudyProfile profile) {
        Map<String, String> all = new LinkedHashMap<>(profile.runSettings());
        all.put("rounds", Integer.toString(profile.rounds()));
        all.putAll(settings);
        RunConfig full = RunAdmission.checkSettings(RunConfigs.apply(RunConfigs.defaults(), all));
        if (full.getReview()) {
            throw new InvalidRunConfigException("review=true: rsi study runs its arms unattended and the same for every"
                    + " arm, so a review gate would leave them all waiting for a person; review runs with rsi run");
        }
        List<StudyArm> chosen = arms == null ? StudyArm.paperArms() : arms.stream().map(StudyArm::fromLabel).toList();
        Map<StudyArm, RunConfig> out = new LinkedHashMap<>();
        for (StudyArm arm : chosen) {
            out.put(arm, RunAdmission.checkSettings(arm.configure(full)));
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        StudyProfile profile = profile();
        Map<StudyArm, RunConfig> configs = armConfigs(profile);
        Instant t0 = Instant.now();
        Path dir = out != null ? out : RunControlCommand.defaultDir("study", t0);
        console.printf("Study (%s profile): %d arms x %d rounds, %d at once; held-out evaluation on %d prompts x %d, "
                        + "validation on %d; output in %s%n", profile.name(), configs.size(), profile.rounds(),
                profile.parallel(), profile.evalPrompts(), profile.evalImages(), profile.validationPrompts(), dir);
        console.flush();
        List<ArmOutcome> outcomes;
        StudyReport report;
        try (LocalStack stack = LocalStack.start(dir.resolve("stack"))) {
            Map<String, String> env = new LinkedHashMap<>(stack.endpoints().asEnvironment());
            env.put("RSIDIFF_EVALUATION_PROMPTS", Integer.toString(profile.evalPrompts()));
            env.put("RSIDIFF_EVALUATION_IMAGES_PER_PROMPT", Integer.toString(profile.evalImages()));
            env.put("RSIDIFF_VALIDATION_PROMPTS", Integer.toString(profile.validationPrompts()));
            env.putAll(serviceEnv);
            try (ServiceFleet fleet = new ServiceFleet(root, dir.resolve("logs"), env);
                 BlobStore blobs = new BlobStore(DeploymentStore.settings(stack.endpoints().asEnvironment()));
                 CloseOnSignal onSignal = new CloseOnSignal(fleet, stack)) {
                fleet.startAll(Duration.ofMinutes(3));
                console.printf("Stack and services up after %d s.%n", Duration.between(t0, Instant.now()).toSeconds());
                console.flush();
                outcomes = new StudyRunner(stack.endpoints().kafkaBootstrapServers(), blobs,
                        console, progress.bars()).run(configs, profile.parallel(), timeout);
                report = StudyReport.of(profile, outcomes, 6, Duration.between(t0, Instant.now()).toMillis() / 1000.0);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("report.md"), report.toMarkdown());
                Files.write(dir.resolve("report.json"), Manifests.toJson(report));
                StudyPlots.write(report, dir.resolve("plots"));
                CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(30));
                if (gridPrompts > 0) {
                    for (ArmOutcome o : outcomes) {
                        if (o.arm() == StudyArm.FULL || o.arm() == StudyArm.NO_STRATEGY) {
                            StudyGrid.write(checkpoints, o.checkpoints(), gridPrompts, dir.resolve("grid-" + o.arm().label() + ".png"));
                        }
                    }
                }
                // Each arm's run also gets the report 'rsi report' writes (its lineage, weights and configuration),
                // without a grid: the two that matter are drawn above.
                for (ArmOutcome o : outcomes) {
                    RunReportPage.write(RunRecord.read(blobs, checkpoints, o.runId()), blobs, checkpoints,
                            new ReportOptions(0, 8, Math.max(1, profile.validationPrompts())), dir.resolve("runs").resolve(o.arm().label()));
                }
            }
        }
        console.println();
        console.println(report.summaryMarkdown());
        console.printf("Study wall time: %d min %02d s; report in %s%n", Duration.between(t0, Instant.now()).toMinutes(),
                Duration.between(t0, Instant.now()).toSecondsPart(), dir.resolve("report.md"));
        console.flush();
        return 0;
    }
}
