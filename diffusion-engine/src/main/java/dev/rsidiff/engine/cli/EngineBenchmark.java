package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.device.ComputeDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.model.Denoiser;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.Gaussian;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.train.DiffusionTrainer;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.text.TextConditioning;
import dev.rsidiff.engine.text.PromptEncoder;
import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.engine.world.Specificity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Measures the engine on this machine: sampling, training, raw denoiser throughput, native memory stability. */
public final class EngineBenchmark {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineBenchmark.class);

    /**
     * What was measured.
     *
     * @param samplingImagesPerSecond  DDIM at the default steps, with guidance (cond+uncond batched): the median of
     *                                 {@link #SAMPLING_RUNS} timed runs of two batches each
     * @param samplingRuns             every timed run's images/s (this machine's speed drifts between runs)
     * @param trainingImagesPerSecond  fine-tuning samples per second at the default batch
     * @param denoiserLatentsPerSecond raw denoiser forward passes x batch, at the sampling pass batch (2 x batch)
     * @param samplingCeiling          images/s if sampling were only denoiser passes: latents/s / (2 x steps)
     * @param rssAfter100Mb            resident set size after 100 denoiser calls
     * @param rssAfterAllMb            after all denoiser calls
     * @param denoiserCalls            number of denoiser calls in the memory test
     * @param pixelSpaceCeiling        images/s ceiling of the same denoiser run on pixels (3 x S x S) instead of
     *                                 latents: the measurement behind diffusing in latent space
     */
    public record Result(double samplingImagesPerSecond, double[] samplingRuns, double trainingImagesPerSecond,
                         double denoiserLatentsPerSecond, double samplingCeiling, double rssAfter100Mb,
                         double rssAfterAllMb, int denoiserCalls, double pixelSpaceCeiling) {

        public double rssGrowthPercent() {
            return 100 * (rssAfterAllMb - rssAfter100Mb) / rssAfter100Mb;
        }
    }

    /** Timed sampling runs; the median is reported, so one slow or fast moment of the machine does not decide. */
    public static final int SAMPLING_RUNS = 5;

    private EngineBenchmark() {
    }

    public static Result run(DiffusionModel model, SamplerSettings sampling, TrainerSettings training, int memoryCalls) {
        List<String> prompts = prompts(2 * sampling.batchSize(), 11);
        DdimSampler sampler = new DdimSampler(model);
        long[] seeds = new long[prompts.size()];
        Arrays.setAll(seeds, i -> i);
        sampler.sample(prompts.subList(0, sampling.batchSize()), Arrays.copyOf(seeds, sampling.batchSize()), sampling);
        double[] runs = new double[SAMPLING_RUNS];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = sampler.sample(prompts, seeds, sampling).imagesPerSecond();
        }
        double[] sorted = runs.clone();
        Arrays.sort(sorted);

        double trainRate = trainingRate(model, training);
        double latentRate = denoiserRate(model, 2 * sampling.batchSize(), 30);
        double pixelRate = pixelDenoiserRate(model.config(), 2 * sampling.batchSize(), 5);
        double[] rss = memory(model, memoryCalls);
        return new Result(sorted[sorted.length / 2], runs, trainRate, latentRate, latentRate / (2.0 * sampling.steps()),
                rss[0], rss[1], memoryCalls, pixelRate / (2.0 * sampling.steps()));
    }

    private static double trainingRate(DiffusionModel model, TrainerSettings settings) {
        int b = settings.batchSize();
        List<String> captions = prompts(b, 5);
        int per = Math.toIntExact(model.latentShape(1).size());
        float[] latents = new float[b * per];
        Gaussian.fill(new SplittableRandom(3), latents, 0, latents.length);
        double[] weights = new double[b];
        Arrays.fill(weights, 1.0);
        try (DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            for (int i = 0; i < 3; i++) {
                trainer.step(latents, captions, weights);
            }
            int steps = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step(latents, captions, weights);
            }
            return steps * b / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static double denoiserRate(DiffusionModel model, int batch, int calls) {
        try (NDManager m = model.manager().newSubManager()) {
            TextConditioning text = model.textEncoder().condition(m, prompts(batch, 7));
            return timeDenoiser(model.denoiser(), m.randomNormal(model.latentShape(batch)), text, calls);
        }
    }

    /** The same denoiser architecture on pixels: input and output 3 x S x S instead of the 4 x S/4 x S/4 latent. */
    private static double pixelDenoiserRate(ModelConfig config, int batch, int calls) {
        ModelConfig pixel = new ModelConfig(config.imageSize(), 3, config.aeChannels(),
                config.baseChannels(), config.midChannels(), config.condDim(), config.textDim(), config.textLayers(),
                config.textHidden(), config.textHeads(), config.maxTokens(), config.vocabulary(), config.timesteps(),
                config.prediction(), config.conditioning());
        try (NDManager m = NDManager.newBaseManager(ComputeDevice.configured())) {
            Params params = new Params(m, 1);
            PromptEncoder encoder = PromptEncoder.of(params.child("text"), pixel);
            Denoiser denoiser = new Denoiser(params.child("denoiser"), pixel, config.imageSize());
            NDArray x = m.randomNormal(new Shape(batch, 3, config.imageSize(), config.imageSize()));
            return timeDenoiser(denoiser, x, encoder.condition(m, prompts(batch, 7)), calls);
        }
    }

    private static double timeDenoiser(Denoiser denoiser, NDArray x, TextConditioning text, int calls) {
        long batch = x.getShape().get(0);
        NDArray t = x.getManager().full(new Shape(batch), 500f);
        for (int i = 0; i < 2; i++) {
            try (NDScope s = new NDScope()) {
                denoiser.forward(x, t, text).getFloat(0, 0, 0, 0);
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            try (NDScope s = new NDScope()) {
                denoiser.forward(x, t, text).getFloat(0, 0, 0, 0);
            }
        }
        return (double) calls * batch / ((System.nanoTime() - t0) / 1e9);
    }

    /** RSS after the first 100 calls and after all calls, in MB. */
    private static double[] memory(DiffusionModel model, int calls) {
        double after100 = 0;
        try (NDManager m = model.manager().newSubManager()) {
            TextConditioning text = model.textEncoder().condition(m, prompts(8, 9));
            for (int i = 1; i <= calls; i++) {
                try (NDManager step = m.newSubManager(); NDScope s = new NDScope()) {
                    NDArray x = step.randomNormal(model.latentShape(8));
                    model.denoiser().forward(x, step.full(new Shape(8), (float) (1 + i % 999)), text).getFloat(0, 0, 0, 0);
                }
                if (i == 100) {
                    after100 = rssMb();
                }
                if (i % 2000 == 0) {
                    LOG.info("memory test: RSS {} MB after {} denoiser calls", String.format("%.1f", rssMb()), i);
                }
            }
        }
        return new double[]{after100, rssMb()};
    }

    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static List<String> prompts(int n, long seed) {
        SceneSampler scenes = new SceneSampler(seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Captioner.caption(scenes.next(), Specificity.DETAILED, random));
        }
        return out;
    }
}
