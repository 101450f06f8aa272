package dev.rsidiff.engine.sample;

import dev.rsidiff.engine.schedule.GuidanceSchedule;

/**
 * DDIM sampling settings.
 *
 * @param steps          denoising steps
 * @param guidanceScale  classifier-free guidance scale s0 (0: unconditional, 1: conditional without guidance)
 * @param schedule       how the scale varies over the steps
 * @param guidanceAlpha  alpha of the exponential schedules
 * @param clipLatent     clamp the predicted clean latent to [-clip, clip] (0: off); keeps high guidance from
 *                       pushing latents outside what the decoder was trained on (saturation)
 * @param batchSize      images generated per batch (each batch runs cond and uncond in one pass); every pass has
 *                       exactly this many rows, so it is part of what reproduces an image (see {@link DdimSampler})
 */
public record SamplerSettings(int steps, double guidanceScale, GuidanceSchedule schedule, double guidanceAlpha,
                              double clipLatent, int batchSize) {

    /** At most one denoising step per diffusion timestep (the models have T = 1000). */
    public static final int MAX_STEPS = 1000;


    public SamplerSettings {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        if (guidanceScale < 0 || Double.isNaN(guidanceScale)) {
            throw new IllegalArgumentException("guidanceScale must be >= 0, got " + guidanceScale);
        }
        if (clipLatent < 0) {
            throw new IllegalArgumentException("clipLatent must be >= 0, got " + clipLatent);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /** The embedded default: 20 DDIM steps, guidance 3 constant, latent clip 4, batches of 64. */
    public static SamplerSettings defaults() {
        return new SamplerSettings(20, 3.0, GuidanceSchedule.CONSTANT, 2.0, 4.0, 64);
    }

    public SamplerSettings withGuidance(double scale, GuidanceSchedule schedule) {
        return new SamplerSettings(steps, scale, schedule, guidanceAlpha, clipLatent, batchSize);
    }

    public SamplerSettings withSteps(int n) {
        return new SamplerSettings(n, guidanceScale, schedule, guidanceAlpha, clipLatent, batchSize);
    }

    public SamplerSettings withBatchSize(int n) {
        return new SamplerSettings(steps, guidanceScale, schedule, guidanceAlpha, clipLatent, n);
    }
}
