package dev.rsidiff.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) with optional global-norm gradient clipping. Written here rather than taken from
 * DJL because its state must go into checkpoints (so training resumes exactly) and DJL's optimizers keep their
 * moments private and clip element-wise only.
 */
public final class AdamW {

    private static final ai.djl.ndarray.index.NDIndex ALL = new ai.djl.ndarray.index.NDIndex("...");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double clipNorm;
    private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
    private final NDManager stateManager;
    private long step;
    private final List<String> nonFinite = new ArrayList<>();
    private Map<String, NDArray> anchor = Map.of();
    private double anchorStrength;

    public AdamW(NDManager stateManager, double beta1, double beta2, double epsilon, double weightDecay, double clipNorm) {
        this.stateManager = stateManager;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
    }

    public long step() {
        return step;
    }

    /**
     * Pulls every anchored parameter toward its anchor value after each update, decoupled like AdamW's weight decay
     * (which pulls toward zero): p -= lr * strength * (p - anchor). An L2-SP-style penalty that keeps fine-tuning
     * near the base model; strength 0 switches it off.
     *
     * @param anchor   parameter name to anchor value (copies; the caller keeps them alive while training)
     * @param strength the pull per unit learning rate, >= 0
     */
    public void anchorTo(Map<String, NDArray> anchor, double strength) {
        if (!(strength >= 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException("anchor strength must be finite and >= 0, got " + strength);
        }
        this.anchor = Map.copyOf(anchor);
        this.anchorStrength = strength;
    }

    /** Parameters whose gradient was not finite in the last update (which then changed nothing). */
    public List<String> lastNonFiniteGradients() {
        return List.copyOf(nonFinite);
    }

    /**
     * One update of every parameter in {@code params} from its gradient; call inside an NDScope, outside any
     * GradientCollector. Returns the global gradient norm before clipping.
     */
    public double update(Map<String, NDArray> params, double learningRate) {
        // libtorch's grad mode is per thread and on by default; DJL turns it off only on the thread that loaded the
        // engine, and a GradientCollector restores whatever it found. On any other thread (a service's listener)
        // the in-place updates below would be recorded and refused, so the update states it explicitly.
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Map<String, NDArray> grads = new LinkedHashMap<>();
        double sq = 0;
        nonFinite.clear();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray g = e.getValue().getGradient();
            grads.put(e.getKey(), g);
            // Scaled by the largest magnitude so that the float32 sum of squares cannot overflow.
            double max = g.abs().max().getFloat();
            double part = max == 0 ? 0 : g.div((float) max).square().sum().getFloat() * max * max;
            if (!Double.isFinite(part)) {
                nonFinite.add(e.getKey());
            }
            sq += part;
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(norm)) {
            grads.values().forEach(AdamW::clearGradient);
            return norm; // no update: a non-finite gradient would poison every weight
        }
        float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / (norm + 1e-6)) : 1f;
        step++;
        float bc1 = (float) (1 - Math.pow(beta1, step));
        float bc2 = (float) (1 - Math.pow(beta2, step));
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = grads.get(name).mul(scale);
            NDArray m = firstMoment.computeIfAbsent(name, n -> persistent(stateManager.zeros(p.getShape())));
            NDArray v = secondMoment.computeIfAbsent(name, n -> persistent(stateManager.zeros(p.getShape())));
            m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
            v.muli((float) beta2).addi(g.square().mul((float) (1 - beta2)));
            NDArray update = m.div(bc1).div(v.div(bc2).sqrt().add((float) epsilon));
            p.muli((float) (1 - learningRate * weightDecay)).subi(update.mul((float) learningRate));
            NDArray a = anchorStrength > 0 ? anchor.get(name) : null;
            if (a != null) {
                p.subi(p.sub(a).mul((float) (learningRate * anchorStrength)));
            }
            clearGradient(grads.get(name));
        }
        return norm;
    }

    /**
     * Sets a gradient to exactly zero. libtorch accumulates gradients, so they must be cleared after each step; but
     * clearing by multiplying with 0 keeps every NaN and turns every infinity into NaN (NaN x 0 = inf x 0 = NaN), so
     * a single non-finite gradient, meant to be skipped, would stay in the buffer and poison every later step.
     * That is what made the text encoder's training "diverge" with a finite loss: one transient non-finite value in
     * one step, then 20 skipped steps in a row.
     */
    public static void clearGradient(NDArray gradient) {
        gradient.set(ALL, 0f);
    }

    /** Optimizer state outlives the step's NDScope it may be created in. */
    private static NDArray persistent(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /** State for checkpoints: moments by "m.<name>" and "v.<name>". */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        firstMoment.forEach((k, v) -> out.put("m." + k, v));
        secondMoment.forEach((k, v) -> out.put("v." + k, v));
        return out;
    }

    /** Restores moments and the step count saved by {@link #state()}; shapes come from the parameters. */
    public void restore(Map<String, float[]> state, long savedStep, Map<String, NDArray> params) {
        state.forEach((key, values) -> {
            String name = key.substring(2);
            NDArray param = params.get(name);
            if (param == null) {
                throw new IllegalArgumentException("Optimizer state for unknown parameter " + name);
            }
            NDArray array = persistent(stateManager.create(values, param.getShape()));
            if (key.startsWith("m.")) {
                firstMoment.put(name, array);
            } else if (key.startsWith("v.")) {
                secondMoment.put(name, array);
            } else {
                throw new IllegalArgumentException("Unknown optimizer state entry " + key);
            }
        });
        this.step = savedStep;
    }
}
