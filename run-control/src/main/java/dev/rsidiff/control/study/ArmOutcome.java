package dev.rsidiff.control.study;

import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.protocol.weights.WeightDistribution;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one arm's run produced: its held-out evaluation and checkpoint per round (round 0 is the base).
 *
 * @param evaluations round to its held-out evaluation report
 * @param checkpoints round to the checkpoint evaluated in it
 * @param eventsPerTopic events the run wrote per topic (a clean run's counts, unless something was redelivered)
 * @param weights     round to how its selected samples' Eq. 5 weights spread
 */
public record ArmOutcome(StudyArm arm, String runId, Map<Integer, EvaluationReport> evaluations,
                         Map<Integer, String> checkpoints, Map<String, Integer> eventsPerTopic,
                         Map<Integer, WeightDistribution> weights) {

    public ArmOutcome {
        evaluations = new TreeMap<>(evaluations);
        checkpoints = new TreeMap<>(checkpoints);
        eventsPerTopic = new TreeMap<>(eventsPerTopic);
        weights = new TreeMap<>(weights);
    }

    public double metric(int round, String name) {
        EvaluationReport r = evaluations.get(round);
        Double v = r == null ? null : r.metrics().get(name);
        return v == null ? Double.NaN : v;
    }

    public int lastRound() {
        return ((TreeMap<Integer, EvaluationReport>) evaluations).lastKey();
    }
}
