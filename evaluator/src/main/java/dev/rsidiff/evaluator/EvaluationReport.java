package dev.rsidiff.evaluator;

import java.util.Map;

/**
 * Held-out metrics of one checkpoint.
 *
 * @param checkpointId      the evaluated checkpoint
 * @param prompts           held-out prompts used
 * @param imagesPerPrompt   images generated per prompt
 * @param metrics           metric name to value (see the evaluator README for each)
 * @param classifierVersion version of the attribute classifier's weights
 * @param scorerVersions    scorer name to weights version
 * @param seconds           wall time of the evaluation
 */
public record EvaluationReport(String checkpointId, int prompts, int imagesPerPrompt, Map<String, Double> metrics,
                               String classifierVersion, Map<String, String> scorerVersions, double seconds) {

    /** Prefix of the metrics measured on the validation prompts ({@link ValidationPrompts}). */
    public static final String VALIDATION = "validation.";

    /** This report with {@code validation}'s metrics added under {@link #VALIDATION}, and its time. */
    public EvaluationReport withValidation(EvaluationReport validation) {
        Map<String, Double> all = new java.util.LinkedHashMap<>(metrics);
        validation.metrics().forEach((k, v) -> all.put(VALIDATION + k, v));
        return new EvaluationReport(checkpointId, prompts, imagesPerPrompt, all, classifierVersion, scorerVersions,
                seconds + validation.seconds());
    }
}
