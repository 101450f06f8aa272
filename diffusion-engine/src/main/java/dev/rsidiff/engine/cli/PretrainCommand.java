package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointHeader;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.probe.PositionCheck;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.world.Images;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rsi engine pretrain}: trains the base model G0 from a seed and writes its checkpoint and contact sheet. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pretrain a base model on the shapes world (reproducible from --seed). It is written to --out;"
                + " the shipped G0 is replaced only by copying it into diffusion-engine/src/main/resources/models/g0"
                + " and updating BaseModel.ID.")
public final class PretrainCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PretrainCommand.class);

    /** The fixed prompts of the committed contact sheet. */
    public static final List<String> SHEET_PROMPTS = List.of(
            "a red circle on a blue background",
            "a yellow star on a black background",
            "a small green square at the top left on a white background",
            "a large purple triangle in the center on a yellow background",
            "a cyan ring at the bottom right on a red background",
            "a white cross on a green background",
            "a small orange circle on the left on a purple background",
            "a large pink star at the top on a cyan background",
            "a blue square on an orange background and a small white circle at the bottom left",
            "a shape");

    @Option(names = "--out", defaultValue = ".rsi/pretrain",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "20261122", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--autoencoder-steps", defaultValue = "2500")
    int autoEncoderSteps;

    @Option(names = "--diffusion-steps", defaultValue = "8000",
            description = "Steps of text encoder and denoiser training (default: ${DEFAULT-VALUE}).")
    int diffusionSteps;

    @Option(names = "--full-caption-steps", defaultValue = "6000",
            description = "The first this many diffusion steps see full captions, the rest web-style captions"
                    + " (default: ${DEFAULT-VALUE}).")
    int fullCaptionSteps;

    @Option(names = "--position-every", defaultValue = "500", description = "Log the x0-prediction's region"
            + " accuracy on 144 fixed prompts (EMA weights) every this many diffusion steps; 0: never"
            + " (default: ${DEFAULT-VALUE}).")
    int positionEvery;

    @Option(names = "--snapshot-every", defaultValue = "0", description = "Also write the EMA weights after every this"
            + " many diffusion steps to snapshots/step-N.ckpt; each is the model a run of N steps gives (default: never).")
    int snapshotEvery;

    @Option(names = "--batch", defaultValue = "64")
    int batch;

    @Option(names = "--autoencoder-from", description = "Take the trained autoencoder (weights and latent statistics)"
            + " from this checkpoint instead of training it; use with --autoencoder-steps 0. A run with"
            + " --diffusion-steps 0 writes such a checkpoint, so the two phases can run apart and give what one run gives.")
    Path autoEncoderFrom;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Files.createDirectories(out);
        Path ckpt = out.resolve("g0.ckpt");
        if (autoEncoderFrom != null && autoEncoderSteps != 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--autoencoder-from " + autoEncoderFrom
                    + " takes a trained autoencoder: give --autoencoder-steps 0, not " + autoEncoderSteps);
        }
        Checkpoint autoEncoder = autoEncoderFrom == null ? null : CheckpointIO.readFileOrBase(autoEncoderFrom);
        try (DiffusionModel model = BasePretraining.newModel(seed)) {
            if (autoEncoder != null) {
                int copied = autoEncoder.loadStageInto(model, "autoencoder.");
                console.printf("autoencoder: %d tensors from %s (%s)%n", copied, autoEncoderFrom, autoEncoder.header().id());
            }
            BasePretraining.Plan plan = new BasePretraining.Plan(autoEncoderSteps, diffusionSteps, fullCaptionSteps,
                    batch, seed);
            CheckpointHeader[] written = new CheckpointHeader[1];
            // Weights only (EMA applied): the shipped model stays small; fine-tuning starts fresh optimizer state.
            BasePretraining.Report report = BasePretraining.run(model, plan, observer(model, plan), trainer ->
                    written[0] = writeWeights(model, ckpt,
                            "G0: pretrained from scratch on the shapes world, seed " + seed + ", " + plan));
            console.printf("G0 %s written to %s (%d bytes)%n", written[0].id(), ckpt, Files.size(ckpt));
            console.printf("autoencoder: %d steps in %ds, reconstruction MSE %.5f%n", autoEncoderSteps,
                    report.autoEncoderTime().toSeconds(), report.reconstructionMse());
            console.printf("diffusion:   %d steps in %ds, loss %.4f, %d steps skipped for non-finite gradients%n",
                    diffusionSteps, report.diffusionTime().toSeconds(), report.diffusionLoss(), report.skippedSteps());
            Path sheet = out.resolve("contact-sheet.png");
            Files.write(sheet, Images.png(contactSheet(model)));
            console.printf("contact sheet: %s%n", sheet);
        }
        return 0;
    }

    private BasePretraining.StepObserver observer(DiffusionModel model, BasePretraining.Plan plan) {
        PositionCheck[] check = new PositionCheck[1];
        return (step, trainer) -> {
            if (positionEvery > 0 && step % positionEvery == 0) {
                if (check[0] == null) {
                    check[0] = new PositionCheck(model); // after the autoencoder phase: it encodes with the model's own
                }
                trainer.withEmaWeights(() -> LOG.info("diffusion step {} ({} captions): x0 region accuracy {} (EMA"
                        + " weights, 144 prompts, chance about 0.11)", step,
                        step <= plan.fullCaptionSteps() ? "full" : "web",
                        String.format("%.3f", check[0].regionAccuracy())));
            }
            if (snapshotEvery > 0 && step % snapshotEvery == 0) {
                trainer.withEmaWeights(() -> {
                    Path file = out.resolve("snapshots").resolve("step-" + step + ".ckpt");
                    CheckpointHeader h = writeWeights(model, file, "G0 snapshot after " + step
                            + " diffusion steps, seed " + seed + ", " + plan);
                    LOG.info("snapshot {} written to {}", h.id(), file);
                });
            }
        };
    }

    /** Writes the model's weights (no optimizer state) to {@code file}, creating its directory. */
    private static CheckpointHeader writeWeights(DiffusionModel model, Path file, String note) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream o = Files.newOutputStream(file)) {
                return CheckpointIO.write(model, null, null, note, o);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Eight samples (seeds 0-7) of each sheet prompt at the default sampler settings. */
    public static java.awt.image.BufferedImage contactSheet(DiffusionModel model) {
        int perPrompt = 8;
        List<String> prompts = new ArrayList<>();
        long[] seeds = new long[SHEET_PROMPTS.size() * perPrompt];
        for (int i = 0; i < SHEET_PROMPTS.size(); i++) {
            for (int j = 0; j < perPrompt; j++) {
                prompts.add(SHEET_PROMPTS.get(i));
                seeds[i * perPrompt + j] = j;
            }
        }
        SampleResult result = new DdimSampler(model).sample(prompts, seeds, SamplerSettings.defaults());
        return ContactSheet.render(SHEET_PROMPTS, result, perPrompt);
    }
}
