package dev.rsidiff.evaluator.cli;

import dev.rsidiff.engine.cli.CliLogging;
import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.evaluator.ClassifierTraining;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rsi eval}: held-out evaluation of a checkpoint, and training of the evaluator's classifier. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        subcommands = {EvaluatorCommand.TrainClassifier.class, CeilingCommand.class, ScorerPicksCommand.class},
        description = "Sample the held-out prompts from a checkpoint (default: the shipped G0) and print every metric.")
public final class EvaluatorCommand implements Callable<Integer> {

    public static final long CLASSIFIER_TRAIN_SEED = 5_000;
    public static final long CLASSIFIER_VALIDATION_SEED = 6_000;

    @Option(names = "--checkpoint", description = "Checkpoint file (default: the shipped base model G0).")
    Path checkpoint;

    @Option(names = "--prompts", defaultValue = "100", description = "Held-out prompts (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--images", defaultValue = "4", description = "Images per prompt (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--batch", description = "Images per sampling batch (default: ${DEFAULT-VALUE}); it bounds the "
            + "memory.", defaultValue = "" + Evaluator.SAMPLING_BATCH)
    int batch;

    @Option(names = "--out", description = "Also write the report as JSON to this file.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CliLogging.use();
        System.exit(new CommandLine(new EvaluatorCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Checkpoint ckpt = CheckpointIO.readFileOrBase(checkpoint);
        Evaluator.Settings settings = Evaluator.Settings.defaults().withCounts(prompts, images).withSamplingBatch(batch);
        List<ImageScorer> scorers = ScorerRegistry.open(ScorerRegistry.names());
        try (DiffusionModel model = ckpt.toModel(); AttributeClassifier classifier = AttributeClassifier.shipped()) {
            EvaluationReport report = new Evaluator(classifier, scorers).evaluate(model, ckpt.header().id(), settings);
            console.printf("checkpoint %s: %d held-out prompts x %d images in %.0fs (classifier %s)%n", report.checkpointId(),
                    report.prompts(), report.imagesPerPrompt(), report.seconds(), report.classifierVersion());
            for (Map.Entry<String, Double> e : report.metrics().entrySet()) {
                console.printf("  %-34s %.4f%n", e.getKey(), e.getValue());
            }
            JsonReport.writeIfAsked(out, report, console);
        } finally {
            scorers.forEach(ImageScorer::close);
        }
        return 0;
    }

    @Command(name = "train-classifier", mixinStandardHelpOptions = true,
            description = "Train the evaluator's attribute classifier on renders and write its shipped weights.")
    static final class TrainClassifier implements Callable<Integer> {

        @Option(names = "--steps", defaultValue = "1500")
        int steps;

        @Option(names = "--out", defaultValue = "evaluator/src/main/resources/evaluator/attributes.weights")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            try (AttributeClassifier classifier = new AttributeClassifier()) {
                ClassifierTraining.train(classifier, CLASSIFIER_TRAIN_SEED, steps, 64, 2e-3);
                Files.createDirectories(out.toAbsolutePath().getParent());
                String version;
                try (OutputStream o = Files.newOutputStream(out)) {
                    version = classifier.save(o);
                }
                console.printf("attribute classifier %s written to %s in %ds%n", version, out, (System.nanoTime() - t0) / 1_000_000_000L);
                ClassifierTraining.accuracy(classifier, ClassifierTraining.renders(new SceneSampler(CLASSIFIER_VALIDATION_SEED), 2000))
                        .forEach((k, v) -> console.printf("  held-out accuracy %-12s %.4f%n", k, v));
            }
            return 0;
        }
    }
}
