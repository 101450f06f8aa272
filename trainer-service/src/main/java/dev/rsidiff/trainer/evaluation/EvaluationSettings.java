package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.evaluator.Evaluator;

/**
 * The held-out evaluation's settings from the service's configuration, checked at start so that a bad value stops
 * the service with its name instead of failing the first evaluation.
 */
public final class EvaluationSettings {

    public static final String PROMPTS = "rsidiff.evaluation.prompts";
    public static final String IMAGES_PER_PROMPT = "rsidiff.evaluation.images-per-prompt";
    /** Images per sampling batch: it bounds the evaluation's memory ({@link Evaluator#SAMPLING_BATCH}). */
    public static final String BATCH_SIZE = "rsidiff.evaluation.batch-size";

    private EvaluationSettings() {
    }

    /**
     * @return the evaluator's defaults (sampler, seed) with the configured counts and batch
     * @throws IllegalArgumentException naming the setting, for a count or batch below 1
     */
    public static Evaluator.Settings of(int prompts, int imagesPerPrompt, int batchSize) {
        atLeastOne(PROMPTS, prompts);
        atLeastOne(IMAGES_PER_PROMPT, imagesPerPrompt);
        atLeastOne(BATCH_SIZE, batchSize);
        return Evaluator.Settings.defaults().withCounts(prompts, imagesPerPrompt).withSamplingBatch(batchSize);
    }

    private static void atLeastOne(String setting, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(setting + "=" + value + " must be at least 1");
        }
    }
}
