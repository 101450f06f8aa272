package dev.rsidiff.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.schedule.NoiseSchedule;
import dev.rsidiff.engine.text.TextConditioning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the denoiser (and optionally the text encoder) with the weighted denoising loss of the paper's Eq. 6:
 * each sample s carries a weight w_s and
 * <pre>  L = (1/B) * sum_s  w_s * lambda_t * mean((v_hat(x_t, t, c_s) - v)^2)</pre>
 * with v-prediction, lambda_t = Min-SNR-gamma weight (or 1), condition drop replacing c_s with the empty caption.
 * A sample of weight 0 contributes nothing to the gradient. Not thread-safe: libtorch's grad mode is per thread and
 * DJL allows one GradientCollector at a time.
 */
public final class DiffusionTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiffusionTrainer.class);
    private static final int MAX_CONSECUTIVE_SKIPS = 20;

    private final DiffusionModel model;
    private final TrainerSettings settings;
    private final NDManager stateManager;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final AdamW optimizer;
    private final Ema ema;
    private long skipped;
    private int consecutiveSkips;

    public DiffusionTrainer(DiffusionModel model, TrainerSettings settings) {
        this.model = model;
        this.settings = settings;
        this.stateManager = model.manager().newSubManager();
        model.params().all().forEach((name, array) -> {
            boolean train = model.params().isTrainable(name) && (name.startsWith("denoiser.")
                    || (settings.trainTextEncoder() && name.startsWith("text.")));
            array.setRequiresGradient(train);
            if (train) {
                trainable.put(name, array);
            }
        });
        this.optimizer = new AdamW(stateManager, 0.9, 0.999, 1e-8, settings.weightDecay(), settings.gradClipNorm());
        this.ema = settings.emaDecay() > 0 ? new Ema(stateManager, trainable, settings.emaDecay()) : null;
    }

    /**
     * Anchors training to {@code weights} (e.g. the base model's): every update also pulls each trained parameter
     * toward its value there ({@link AdamW#anchorTo}). Parameters missing from {@code weights} are not anchored.
     */
    public void anchorTo(Map<String, float[]> weights, double strength) {
        Map<String, NDArray> anchor = new java.util.LinkedHashMap<>();
        trainable.forEach((name, p) -> {
            float[] values = weights.get(name);
            if (values != null) {
                if (values.length != p.size()) {
                    throw new IllegalArgumentException("Anchor " + name + " has " + values.length + " values, the"
                            + " parameter " + p.size());
                }
                NDArray a = stateManager.create(values, p.getShape());
                NDScope.unregister(a); // lives with the trainer's state, whatever scope this is called in
                anchor.put(name, a);
            }
        });
        optimizer.anchorTo(anchor, strength);
    }

    public long step() {
        return optimizer.step();
    }

    /** Steps skipped because of a non-finite loss or gradient. */
    public long skippedSteps() {
        return skipped;
    }

    public TrainerSettings settings() {
        return settings;
    }

    /** Names of the parameters this trainer updates. */
    public List<String> trainableNames() {
        return new ArrayList<>(trainable.keySet());
    }

    /**
     * One optimizer step on a batch of normalised latents (B, z, s, s) as floats, with their captions and weights,
     * using this step's draws. Returns the batch loss.
     */
    public double step(float[] latents, List<String> captions, double[] weights) {
        NoiseDraws draws = NoiseDraws.forStep(settings.seed(), optimizer.step(), captions.size(),
                latents.length / captions.size(), model.schedule().timesteps(), settings.conditionDrop());
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            double loss = backward(m, latents, captions, weights, draws);
            double norm = Double.NaN;
            if (Double.isFinite(loss)) {
                norm = optimizer.update(trainable, settings.learningRateAt(optimizer.step()));
            } else {
                trainable.values().forEach(p -> AdamW.clearGradient(p.getGradient()));
            }
            if (!Double.isFinite(norm)) {
                // Like a mixed-precision loss scaler: a step with a non-finite loss or gradient is skipped, not
                // applied (it would turn every weight into NaN); many in a row means training has diverged.
                skipped++;
                consecutiveSkips++;
                LOG.warn("Skipped a step with loss {} and non-finite gradients in {} (skipped so far: {})", loss,
                        optimizer.lastNonFiniteGradients(), skipped);
                if (consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
                    throw new TrainingDivergedException(consecutiveSkips + " steps in a row had a non-finite loss or"
                            + " gradient (last in " + optimizer.lastNonFiniteGradients() + "); training has diverged");
                }
                return loss;
            }
            consecutiveSkips = 0;
            if (ema != null) {
                ema.update(trainable);
            }
            return loss;
        }
    }

    /** Loss and gradients for fixed draws, without an update (gradients are left zeroed afterwards). */
    public Map<String, float[]> gradients(float[] latents, List<String> captions, double[] weights, NoiseDraws draws) {
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            backward(m, latents, captions, weights, draws);
            Map<String, float[]> out = new LinkedHashMap<>();
            trainable.forEach((name, p) -> {
                NDArray g = p.getGradient();
                out.put(name, g.toFloatArray());
                AdamW.clearGradient(g);
            });
            return out;
        }
    }

    /** The loss of Eq. 6 for fixed draws, without gradients. */
    public double loss(float[] latents, List<String> captions, double[] weights, NoiseDraws draws) {
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            return lossArray(m, latents, captions, weights, draws).getFloat();
        }
    }

    private double backward(NDManager m, float[] latents, List<String> captions, double[] weights, NoiseDraws draws) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = lossArray(m, latents, captions, weights, draws);
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    private NDArray lossArray(NDManager m, float[] latents, List<String> captions, double[] weights, NoiseDraws draws) {
        int b = captions.size();
        if (weights.length != b || latents.length % b != 0) {
            throw new IllegalArgumentException(b + " captions, " + weights.length + " weights, "
                    + latents.length + " latent values");
        }
        NoiseSchedule schedule = model.schedule();
        float[] signal = new float[b];
        float[] noiseLevel = new float[b];
        float[] sampleWeight = new float[b];
        float[] t = new float[b];
        List<String> conditions = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            int ti = draws.timesteps()[i];
            double ab = schedule.alphaBar(ti);
            signal[i] = (float) Math.sqrt(ab);
            noiseLevel[i] = (float) Math.sqrt(1 - ab);
            double snr = schedule.snr(ti);
            double lambda = settings.minSnrGamma() > 0 ? Math.min(snr, settings.minSnrGamma()) / (snr + 1) : 1.0;
            sampleWeight[i] = (float) (weights[i] * lambda);
            t[i] = ti;
            conditions.add(draws.dropped()[i] ? "" : captions.get(i));
        }
        Shape shape = model.latentShape(b);
        NDArray x0 = m.create(latents, shape);
        NDArray eps = m.create(draws.noise(), shape);
        NDArray a = m.create(signal, new Shape(b, 1, 1, 1));
        NDArray s = m.create(noiseLevel, new Shape(b, 1, 1, 1));
        NDArray xt = x0.mul(a).add(eps.mul(s));
        NDArray target = eps.mul(a).sub(x0.mul(s));
        TextConditioning text = model.textEncoder().condition(m, conditions);
        NDArray predicted = model.denoiser().forward(xt, m.create(t), text);
        NDArray perSample = predicted.sub(target).square().reshape(b, -1).mean(new int[]{1});
        return perSample.mul(m.create(sampleWeight)).mean(); // (1/B) sum; see Ops#mul for why not sum().div(b)
    }

    /** Adam moments (and EMA weights, as "ema.<name>") for checkpoints. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>(optimizer.state());
        if (ema != null) {
            ema.weights().forEach((k, v) -> out.put("ema." + k, v));
        }
        return out;
    }

    /** Restores what {@link #state()} saved, at step {@code step}. */
    public void restore(Map<String, float[]> state, long step) {
        Map<String, float[]> adam = new LinkedHashMap<>();
        Map<String, float[]> emaState = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith("ema.")) {
                emaState.put(k.substring(4), v);
            } else {
                adam.put(k, v);
            }
        });
        optimizer.restore(adam, step, trainable);
        if (ema != null) {
            ema.restore(emaState, step);
        }
    }

    /** Copies the EMA weights into the model (for export); no-op without EMA. */
    public void applyEma() {
        if (ema != null) {
            ema.copyInto(trainable);
        }
    }

    /**
     * Runs {@code action} with the EMA weights in the model and puts the training weights back afterwards, so a
     * snapshot or a measurement of the averaged model does not disturb training; without EMA it just runs.
     */
    public void withEmaWeights(Runnable action) {
        if (ema == null) {
            action.run();
            return;
        }
        Map<String, float[]> training = new java.util.LinkedHashMap<>();
        trainable.forEach((k, v) -> training.put(k, v.toFloatArray()));
        ema.copyInto(trainable);
        try {
            action.run();
        } finally {
            trainable.forEach((k, v) -> v.set(training.get(k)));
        }
    }

    @Override
    public void close() {
        trainable.values().forEach(p -> p.setRequiresGradient(false));
        stateManager.close();
    }
}
