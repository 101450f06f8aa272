package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.train.TrainerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rsi bench engine}: prints the engine's throughput and memory figures on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure sampling and training throughput, raw denoiser throughput and native memory growth.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--memory-calls", defaultValue = "10000", description = "Denoiser calls in the memory test (default: ${DEFAULT-VALUE}).")
    int memoryCalls;

    @Option(names = "--sampling-batch", description = "Images per sampling batch (default: the sampler's default).")
    Integer samplingBatch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SamplerSettings sampling = samplingBatch == null ? SamplerSettings.defaults()
                : SamplerSettings.defaults().withBatchSize(samplingBatch);
        TrainerSettings training = TrainerSettings.fineTuneDefaults(1);
        // The shipped base model: its architecture is what the loop runs (the weights do not change the speed).
        try (DiffusionModel model = BaseModel.load().toModel()) {
            out.printf("model: G0 %s, %,d parameters, %dx%d images, latent %dx%dx%d%n",
                    BaseModel.ID, model.params().size(),
                    model.config().imageSize(), model.config().imageSize(), model.config().latentChannels(),
                    model.config().latentSize(), model.config().latentSize());
            out.printf("settings: %d DDIM steps, guidance %.1f (%s), sampling batch %d, training batch %d, %d threads%n",
                    sampling.steps(), sampling.guidanceScale(), sampling.schedule(), sampling.batchSize(),
                    training.batchSize(), Runtime.getRuntime().availableProcessors());
            out.flush();
            EngineBenchmark.Result r = EngineBenchmark.run(model, sampling, training, memoryCalls);
            out.printf("sampling:  %.1f images/s (target >= 25), median of %d runs: %s%n", r.samplingImagesPerSecond(),
                    r.samplingRuns().length, java.util.Arrays.stream(r.samplingRuns())
                            .mapToObj(x -> String.format("%.1f", x)).collect(java.util.stream.Collectors.joining(" ")));
            out.printf("training:  %.1f images/s (target >= 150)%n", r.trainingImagesPerSecond());
            out.printf("denoiser:  %.0f latents/s at batch %d per pass; sampling ceiling %.1f images/s%n",
                    r.denoiserLatentsPerSecond(), 2 * sampling.batchSize(), r.samplingCeiling());
            out.printf("pixel space: the same denoiser on 3x%dx%d pixels would cap sampling at %.1f images/s%n",
                    model.config().imageSize(), model.config().imageSize(), r.pixelSpaceCeiling());
            out.printf("memory:    RSS %.1f MB after 100 denoiser calls, %.1f MB after %d (%+.2f%%, target within 5%%)%n",
                    r.rssAfter100Mb(), r.rssAfterAllMb(), r.denoiserCalls(), r.rssGrowthPercent());
        }
        return 0;
    }
}
