package dev.rsidiff.engine.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.model.Denoiser;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.schedule.NoiseSchedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Deterministic DDIM sampling (eta = 0) with classifier-free guidance: conditional and unconditional predictions
 * come from one batched denoiser pass per step. A seed fixes an image's initial noise, so (checkpoint, prompt,
 * seed, settings) reproduces it, bit for bit on the same machine and thread settings.
 * <p>
 * Every denoiser pass has exactly {@link SamplerSettings#batchSize()} rows: a short last batch is padded with copies
 * of its last prompt, whose outputs are dropped. Why: the kernels' blocking and summation order follow the batch's
 * shape, so an image drawn in a batch of 12 differs from the same image drawn in a batch of 64 in the last float
 * bits, and after 8-bit quantisation in a pixel or two (measured on G0: 2 of 64 PNGs differed between batches of 64
 * and of 5). At a fixed shape a row's values depend neither on the other rows nor on its position, so which images
 * a generator happened to poll together cannot change a run's images, scores or checkpoints. The price is the
 * padding: up to {@code batchSize - 1} wasted rows per call. It is also what lets a call's batches run side by side
 * on {@link BatchWorkers} with the same images.
 */
public final class DdimSampler {

    /** The unconditional prompt: what condition drop trains the model to see. */
    public static final String UNCONDITIONAL = "";

    private final DiffusionModel model;
    private final BatchWorkers workers;

    public DdimSampler(DiffusionModel model) {
        this(model, BatchWorkers.INLINE);
    }

    /** @param workers the threads that draw a call's batches, side by side; the caller keeps them and closes them */
    public DdimSampler(DiffusionModel model, BatchWorkers workers) {
        this.model = model;
        this.workers = workers;
    }

    public SampleResult sample(List<String> prompts, long[] seeds, SamplerSettings settings) {
        return run(prompts, seeds, settings, null, 1.0);
    }

    /**
     * Image-to-image (SDEdit, as Stable Diffusion's img2img): each start latent is noised to the timestep
     * {@code strength * T} with its seed's noise and denoised from there, over {@code strength} of the steps. Low
     * strength keeps the start image's layout and colours; the model redraws the details in its own way.
     *
     * @param startLatents normalised latents (B, z, s, s) as floats, one per prompt
     * @param strength     in (0, 1]; 1 is plain sampling from noise
     */
    public SampleResult sampleFrom(float[] startLatents, double strength, List<String> prompts, long[] seeds,
                                   SamplerSettings settings) {
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
        }
        if (startLatents.length != model.latentShape(prompts.size()).size()) {
            throw new IllegalArgumentException(startLatents.length + " latent values for " + prompts.size() + " prompts");
        }
        return run(prompts, seeds, settings, startLatents, strength);
    }

    private SampleResult run(List<String> prompts, long[] seeds, SamplerSettings settings, float[] start, double strength) {
        if (prompts.size() != seeds.length) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + seeds.length + " seeds");
        }
        long t0 = System.nanoTime();
        int s = model.config().imageSize();
        int perImage = 3 * s * s;
        int perLatent = Math.toIntExact(model.latentShape(1).size());
        float[] pixels = new float[prompts.size() * perImage];
        int rows = settings.batchSize();
        List<Callable<Void>> batches = new ArrayList<>();
        for (int from = 0; from < prompts.size(); from += rows) {
            int to = Math.min(prompts.size(), from + rows);
            List<String> batchPrompts = new ArrayList<>(rows);
            long[] batchSeeds = new long[rows];
            float[] startBatch = start == null ? null : new float[rows * perLatent];
            for (int r = 0; r < rows; r++) {
                int source = Math.min(from + r, to - 1); // the padding repeats the batch's last image
                batchPrompts.add(prompts.get(source));
                batchSeeds[r] = seeds[source];
                if (start != null) {
                    System.arraycopy(start, source * perLatent, startBatch, r * perLatent, perLatent);
                }
            }
            int at = from;
            int count = to - from;
            batches.add(() -> {
                float[] batch = sampleBatch(batchPrompts, batchSeeds, settings, startBatch, strength);
                System.arraycopy(batch, 0, pixels, at * perImage, count * perImage);
                return null;
            });
        }
        workers.all(batches);
        return new SampleResult(List.copyOf(prompts), seeds.clone(), pixels, s, Duration.ofNanos(System.nanoTime() - t0));
    }

    private float[] sampleBatch(List<String> prompts, long[] seeds, SamplerSettings settings, float[] start,
                                double strength) {
        int b = prompts.size();
        NoiseSchedule schedule = model.schedule();
        int bigT = schedule.timesteps();
        try (NDManager m = model.manager().newSubManager(); NDScope batchScope = new NDScope()) {
            List<String> both = new ArrayList<>(prompts);
            both.addAll(Collections.nCopies(b, UNCONDITIONAL));
            // The text's keys and values are the same at every step: prepared once, outside the steps' scopes.
            Denoiser.PreparedText text = model.denoiser().prepare(model.textEncoder().condition(m, both));
            Shape latentShape = model.latentShape(b);
            int perLatent = Math.toIntExact(latentShape.size() / b);
            float[] noise = new float[b * perLatent];
            for (int i = 0; i < b; i++) {
                Gaussian.fill(new SplittableRandom(seeds[i]), noise, i * perLatent, perLatent);
            }
            int steps = Math.max(1, (int) Math.round(settings.steps() * strength));
            int[] ts = timesteps(steps, (int) Math.round(bigT * strength));
            NDArray x = m.create(noise, latentShape);
            if (start != null) {
                double ab = schedule.alphaBar(ts[0]);
                x = m.create(start, latentShape).mul((float) Math.sqrt(ab)).add(x.mul((float) Math.sqrt(1 - ab)));
            }
            for (int i = 0; i < steps; i++) {
                try (NDScope step = new NDScope()) {
                    x = step(m, x, text, ts[i], ts[i + 1], settings, bigT);
                    NDScope.unregister(x);
                }
            }
            return model.autoEncoder().decode(x).clip(-1f, 1f).toFloatArray();
        }
    }

    private NDArray step(NDManager m, NDArray x, Denoiser.PreparedText text, int t, int tPrev, SamplerSettings settings, int bigT) {
        int b = Math.toIntExact(x.getShape().get(0));
        NDArray tArr = m.full(new Shape(2L * b), (float) t);
        NDList v = model.denoiser().forward(x.concat(x, 0), tArr, text).split(2, 0);
        double g = settings.schedule().scale(settings.guidanceScale(), settings.guidanceAlpha(), t, bigT);
        NDArray vu = v.get(1);
        NDArray guided = vu.add(v.get(0).sub(vu).mul((float) g));
        double ab = model.schedule().alphaBar(t);
        double abPrev = model.schedule().alphaBar(tPrev);
        float sa = (float) Math.sqrt(ab);
        float sn = (float) Math.sqrt(1 - ab);
        NDArray x0 = x.mul(sa).sub(guided.mul(sn));
        NDArray eps = x.mul(sn).add(guided.mul(sa));
        if (settings.clipLatent() > 0) {
            x0 = x0.clip(-settings.clipLatent(), settings.clipLatent());
            eps = x.sub(x0.mul(sa)).div(sn);
        }
        return x0.mul((float) Math.sqrt(abPrev)).add(eps.mul((float) Math.sqrt(1 - abPrev)));
    }

    /** Evenly spaced timesteps from T down to 0: steps + 1 entries. */
    static int[] timesteps(int steps, int bigT) {
        int[] ts = new int[steps + 1];
        for (int i = 0; i <= steps; i++) {
            ts[i] = (int) Math.round((double) bigT * (steps - i) / steps);
        }
        return ts;
    }
}
