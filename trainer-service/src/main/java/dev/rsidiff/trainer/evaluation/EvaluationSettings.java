package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.evaluator.HeldOutPrompts;
import dev.rsidiff.evaluator.ValidationPrompts;
import dev.rsidiff.runtime.SettingChecks;

/**
 * The held-out evaluation's settings from the service's configuration, checked at start so that a bad value stops
 * the service with its name instead of failing the first evaluation.
 */
public final class EvaluationSettings {

    public static final String PROMPTS = "rsidiff.evaluation.prompts";
    public static final String IMAGES_PER_PROMPT = "rsidiff.evaluation.images-per-prompt";
    /** Images per sampling batch: it bounds the evaluation's memory ({@link Evaluator#SAMPLING_BATCH}). */
    public static final String BATCH_SIZE = "rsidiff.evaluation.batch-size";
    /** Validation prompts evaluated beside the held-out ones, one image each; 0 for none. */
    public static final String VALIDATION_PROMPTS = "rsidiff.validation.prompts";

    private EvaluationSettings() {
    }

    /**
     * @return the evaluator's defaults (sampler, seed) with the configured counts and batch
     * @throws IllegalArgumentException naming the setting, for a count or batch below 1 or more held-out prompts than
     *                                  there are ({@link HeldOutPrompts#MAX})
     */
    public static Evaluator.Settings of(int prompts, int imagesPerPrompt, int batchSize) {
        SettingChecks.between(PROMPTS, prompts, 1, HeldOutPrompts.MAX);
        SettingChecks.atLeast(IMAGES_PER_PROMPT, imagesPerPrompt, 1);
        SettingChecks.atLeast(BATCH_SIZE, batchSize, 1);
        return Evaluator.Settings.defaults().withCounts(prompts, imagesPerPrompt).withSamplingBatch(batchSize);
    }

    /**
     * @return {@code count}
     * @throws IllegalArgumentException naming the setting, outside 0..{@link ValidationPrompts#MAX}
     */
    public static int validationPrompts(int count) {
        return SettingChecks.between(VALIDATION_PROMPTS, count, 0, ValidationPrompts.MAX);
    }
}
