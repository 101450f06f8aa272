package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointException;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.generate.Generation;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.schedule.GuidanceSchedule;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rsi generate}: images for prompts from a checkpoint (default G0), with a manifest. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images for prompts from a checkpoint: PNGs plus manifest.jsonl (file, prompt, seed, checkpoint id).")
public final class GenerateCommand implements Callable<Integer> {

    static final class PromptSource {
        @Option(names = "--prompt", required = true, description = "A prompt (repeatable).")
        List<String> prompts;

        @Option(names = "--prompts", required = true, description = "A text file with one prompt per line (blank lines and lines starting with # are skipped).")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptSource source;

    @Option(names = "--checkpoint", description = "Checkpoint file (default: the shipped base model G0).")
    Path checkpoint;

    @Option(names = "--images", defaultValue = "4", description = "Images per prompt (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first image; image j of prompt i gets seed + i * images + j (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--guidance", description = "Classifier-free guidance scale s0 (default: the sampler's, 3).")
    Double guidance;

    @Option(names = "--guidance-schedule", description = "CONSTANT, STRONG_EARLY (ReDiFine) or STRONG_LATE (default: CONSTANT).")
    GuidanceSchedule schedule;

    @Option(names = "--steps", description = "DDIM steps (default: the sampler's, 20).")
    Integer steps;

    @Option(names = "--out", defaultValue = "generated", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<String> prompts = source.file != null ? readPrompts(source.file) : source.prompts;
        SamplerSettings settings = SamplerSettings.defaults();
        if (guidance != null || schedule != null) {
            settings = settings.withGuidance(guidance != null ? guidance : settings.guidanceScale(),
                    schedule != null ? schedule : settings.schedule());
        }
        if (steps != null) {
            settings = settings.withSteps(steps);
        }
        Checkpoint ckpt;
        try {
            ckpt = CheckpointIO.readFileOrBase(checkpoint);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Checkpoint " + checkpoint + " does not exist");
        } catch (IOException | CheckpointException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot read checkpoint "
                    + (checkpoint == null ? "G0 (the shipped base model)" : checkpoint) + ": " + e.getMessage());
        }
        Generation.Result result;
        try {
            result = Generation.run(ckpt, prompts, images, seed, settings, out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        console.printf("%d images from %s written to %s (%.1f images/s), manifest %s%n", result.images().size(),
                ckpt.header().id(), out, result.imagesPerSecond(), out.resolve(Generation.MANIFEST));
        return 0;
    }

    private List<String> readPrompts(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot read prompts file " + file + ": " + e);
        }
    }
}
