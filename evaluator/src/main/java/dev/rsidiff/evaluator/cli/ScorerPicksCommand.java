package dev.rsidiff.evaluator.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.schedule.GuidanceSchedule;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.evaluator.picks.BestOfN;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rsi eval picks}: per-prompt best-of-n pick accuracy of every scorer, judged by the attribute classifier. */
@Command(name = "picks", mixinStandardHelpOptions = true,
        description = "Per-prompt best-of-n pick accuracy per attribute for every scorer (plus random and oracle picks),"
                + " on samples of a checkpoint (default G0) judged by the evaluator's attribute classifier.")
public final class ScorerPicksCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", description = "Checkpoint file (default: the shipped base model G0).")
    Path checkpoint;

    @Option(names = "--prompts", defaultValue = "64", description = "Prompts (default: ${DEFAULT-VALUE}).")
    int prompts;

    @Option(names = "--samples", defaultValue = "16", description = "Samples per prompt (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--guidance", description = "Guidance scale s0 (default: the evaluator's, 3.0).")
    Double guidance;

    @Option(names = "--schedule", description = "Guidance schedule: ${COMPLETION-CANDIDATES} (default: the evaluator's,"
            + " CONSTANT). A run's samples are drawn with its own (RunConfig guidanceSchedule), which this reproduces.")
    GuidanceSchedule schedule;

    @Option(names = "--alpha", description = "alpha of an exponential schedule (default: 2.0).")
    Double alpha;

    @Option(names = "--combine", paramLabel = "NAME+NAME",
            description = "Also pick by the sum of these scorers' per-prompt standardised scores (the loop's PER_PROMPT"
                    + " rule with them as ranking scorers), e.g. alignment+preference; repeatable.")
    List<String> combine = List.of();

    @Option(names = "--out", description = "Also write the result as JSON to this file.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        BestOfN.Settings d = BestOfN.Settings.defaults();
        SamplerSettings sampling = sampling(d.sampling());
        List<List<String>> combined = combined();
        Checkpoint ckpt = CheckpointIO.readFileOrBase(checkpoint);
        BestOfN.Settings settings = new BestOfN.Settings(prompts, samples, d.seed(), sampling, combined);
        List<ImageScorer> scorers = ScorerRegistry.open(ScorerRegistry.names());
        BestOfN.Result r;
        try (DiffusionModel model = ckpt.toModel(); AttributeClassifier classifier = AttributeClassifier.shipped()) {
            r = BestOfN.run(model, ckpt.header().id(), classifier, scorers, settings);
        } finally {
            scorers.forEach(ImageScorer::close);
        }
        console.printf("sampling: %d steps, guidance %.2f %s (alpha %.2f)%n", sampling.steps(), sampling.guidanceScale(),
                sampling.schedule(), sampling.guidanceAlpha());
        console.printf("best-of-%d picks on %s: %d prompts; accuracy of the picked sample per attribute [95%% interval]%n",
                r.samples(), r.checkpointId(), r.prompts());
        printRows(console, r.picks(), "  ");
        console.println("  shape, by the shape the prompt names:");
        printRows(console, r.byShape(), "    ");
        JsonReport.writeIfAsked(out, r, console);
        return 0;
    }

    private static void printRows(PrintWriter console, Map<String, Map<String, BestOfN.Accuracy>> rows, String indent) {
        for (Map.Entry<String, Map<String, BestOfN.Accuracy>> row : rows.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%s%-11s", indent, row.getKey()));
            row.getValue().forEach((picker, a) -> line.append(String.format("  %s %.2f [%.2f,%.2f]", picker, a.value(),
                    a.low(), a.high())));
            console.println(line);
        }
    }

    /** The evaluator's sampler settings with the guidance options applied; a bad value is refused naming it. */
    private SamplerSettings sampling(SamplerSettings d) {
        try {
            return new SamplerSettings(d.steps(), guidance != null ? guidance : d.guidanceScale(),
                    schedule != null ? schedule : d.schedule(), alpha != null ? alpha : d.guidanceAlpha(),
                    d.clipLatent(), d.batchSize());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The --combine groups, each of two or more known scorers. */
    private List<List<String>> combined() {
        List<List<String>> groups = combine.stream().map(c -> List.of(c.split("\\+"))).toList();
        for (List<String> group : groups) {
            if (group.size() < 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--combine " + String.join("+", group)
                        + " names fewer than two scorers; each scorer picks alone anyway");
            }
            group.stream().filter(name -> !ScorerRegistry.names().contains(name)).findFirst().ifPresent(name -> {
                throw new CommandLine.ParameterException(spec.commandLine(), "--combine names " + name
                        + ", which is not a scorer; known: " + ScorerRegistry.names());
            });
        }
        return groups;
    }
}
