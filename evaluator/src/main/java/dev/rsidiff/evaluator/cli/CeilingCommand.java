package dev.rsidiff.evaluator.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.evaluator.ceiling.CapacityCheck;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rsi engine ceiling} (also {@code rsi eval ceiling}): the capacity check. Exit 1 when it fails. */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
        description = "Capacity check: fine-tune the base on ground-truth renders of non-held-out scenes for a fixed"
                + " budget and evaluate on the held-out prompts; region and shape must reach the bar.")
public final class CeilingCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", description = "Base checkpoint (default: the shipped G0).")
    Path checkpoint;

    @Option(names = "--steps", description = "Fine-tuning steps (default: 1500).")
    Integer steps;

    @Option(names = "--out", description = "Also write the result as JSON to this file.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        CapacityCheck.Settings d = CapacityCheck.Settings.defaults();
        CapacityCheck.Settings settings = new CapacityCheck.Settings(steps == null ? d.steps() : steps,
                d.batchSize(), d.learningRate(), d.seed(), d.bar());
        Checkpoint base = CheckpointIO.readFileOrBase(checkpoint);
        List<ImageScorer> scorers = ScorerRegistry.open(ScorerRegistry.names());
        CapacityCheck.Result r;
        try (AttributeClassifier classifier = AttributeClassifier.shipped()) {
            r = CapacityCheck.run(base, settings, new Evaluator(classifier, scorers), Evaluator.Settings.defaults());
        } finally {
            scorers.forEach(ImageScorer::close);
        }
        console.printf("capacity check of %s: %d steps of %d ground-truth renders (lr %.0e) in %.0fs, %d skipped%n",
                r.baseId(), settings.steps(), settings.batchSize(), settings.learningRate(), r.trainingSeconds(),
                r.skippedSteps());
        console.printf("held-out: %d prompts x %d images%n", r.after().prompts(), r.after().imagesPerPrompt());
        console.printf("  %-26s %8s %8s  %s%n", "metric", "base", "tuned", "95% interval (tuned)");
        for (CapacityCheck.Figure f : r.judged()) {
            console.printf("  %-26s %8.4f %8.4f  [%.3f, %.3f]  %s%n", f.metric(), f.base(), f.tuned(), f.low(),
                    f.high(), f.passed() ? "pass (>= " + settings.bar() + ")" : "FAIL (< " + settings.bar() + ")");
        }
        for (String m : List.of("faithfulness", "faithfulness.colour", "faithfulness.background", "faithfulness.size",
                "fidelity.frechet")) {
            console.printf("  %-26s %8.4f %8.4f%n", m, r.before().metrics().get(m), r.after().metrics().get(m));
        }
        JsonReport.writeIfAsked(out, r, console);
        return r.passed() ? 0 : 1;
    }
}
