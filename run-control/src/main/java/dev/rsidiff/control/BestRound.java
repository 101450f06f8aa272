package dev.rsidiff.control;

import dev.rsidiff.evaluator.EvaluationReport;

import java.util.Map;
import java.util.Optional;

/**
 * The best round of a run: the one whose checkpoint has the highest mean faithfulness on the validation prompts
 * (the base, if no round beats it). Chosen on validation, never on the held-out prompts, so the held-out figures of
 * the chosen round stay an unbiased report of it.
 */
public record BestRound(int round, double validationFaithfulness) {

    public static final String METRIC = EvaluationReport.VALIDATION + "faithfulness";

    /** @param metrics round to its evaluation's metrics; empty if no round has a validation figure */
    public static Optional<BestRound> of(Map<Integer, Map<String, Double>> metrics) {
        BestRound best = null;
        for (Map.Entry<Integer, Map<String, Double>> e : new java.util.TreeMap<>(metrics).entrySet()) {
            Double v = e.getValue().get(METRIC);
            if (v != null && !v.isNaN() && (best == null || v > best.validationFaithfulness)) {
                best = new BestRound(e.getKey(), v);
            }
        }
        return Optional.ofNullable(best);
    }
}
