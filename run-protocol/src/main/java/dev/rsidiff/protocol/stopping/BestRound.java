package dev.rsidiff.protocol.stopping;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The best round of a run: the one whose checkpoint has the highest mean faithfulness on the validation prompts
 * (an earlier round wins a tie; the base round competes too). Chosen on validation, never on the held-out prompts,
 * so the held-out figures of the chosen round stay an unbiased report of it. Rounds without a validation figure
 * (evaluations made with no validation prompts) do not compete.
 */
public record BestRound(int round, double validationFaithfulness) {

    /** The evaluation metric the choice is made on. */
    public static final String METRIC = "validation.faithfulness";

    /** @param metrics round to its evaluation's metrics; empty if no round has a validation figure */
    public static Optional<BestRound> of(Map<Integer, Map<String, Double>> metrics) {
        BestRound best = null;
        for (Map.Entry<Integer, Map<String, Double>> e : new TreeMap<>(metrics).entrySet()) {
            Double v = e.getValue().get(METRIC);
            if (v != null && !v.isNaN() && (best == null || v > best.validationFaithfulness)) {
                best = new BestRound(e.getKey(), v);
            }
        }
        return Optional.ofNullable(best);
    }
}
