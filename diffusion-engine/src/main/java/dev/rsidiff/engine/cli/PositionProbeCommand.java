package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.probe.PositionProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code rsi engine position-probe}: how fast a fresh denoiser learns where prompts put objects. */
@Command(name = "position-probe", mixinStandardHelpOptions = true,
        description = "Train a fresh model from scratch and print, every few steps, the share of held-out prompts whose "
                + "x0-prediction at t=950 puts the object in the named region (synthetic blob latents or real renders).")
public final class PositionProbeCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "SYNTHETIC", description = "SYNTHETIC or RENDERS (default ${DEFAULT-VALUE})")
    PositionProbe.Data data;

    @Option(names = "--conditioning", defaultValue = ModelConfig.CROSS_ATTENTION,
            description = "cross-attention or pooled-film (default ${DEFAULT-VALUE})")
    String conditioning;

    @Option(names = "--steps", defaultValue = "600")
    int steps;

    @Option(names = "--every", defaultValue = "100")
    int every;

    @Option(names = "--batch", defaultValue = "32")
    int batch;

    @Option(names = "--lr", defaultValue = "3e-4")
    double learningRate;

    @Option(names = "--min-snr", defaultValue = "5", description = "Min-SNR gamma; 0 for uniform v-loss weighting")
    double minSnr;

    @Option(names = "--long-captions", description = "Synthetic data: add a size word and a background colour")
    boolean longCaptions;

    @Option(names = "--captions", defaultValue = "FULL",
            description = "Renders: how training scenes are captioned, FULL, MIX (the specificity mix) or WEB (WebCaptions)")
    PositionProbe.Captions captions;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() {
        PositionProbe.run(new PositionProbe.Settings(data, conditioning, steps, every, batch, learningRate, minSnr,
                longCaptions, captions, seed));
        return 0;
    }
}
