package dev.rsidiff.protocol.stopping;

import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.events.run.RunConfig;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run decides from its own evaluations after each round: its best round so far ({@link BestRound}, on the
 * validation prompts) and whether to stop, either because {@code patience} rounds in a row brought no better
 * validation faithfulness than the best round's, or because a collapse symptom crossed its threshold (the round's
 * standardised Frechet distance over {@code collapseFidelityRatio} times the base's). Pure, so the trainer service
 * that announces the decision and the tests share it.
 */
public final class EarlyStopping {

    /** The fidelity figure the collapse threshold applies to. */
    public static final String FIDELITY = "fidelity.frechet_standardised";

    private EarlyStopping() {
    }

    /**
     * @param bestRound        the best round so far, -1 if no round has a validation figure
     * @param bestCheckpointId its checkpoint, null with it
     * @param stopReason       why the run stops after this round; empty while it goes on
     */
    public record Decision(int bestRound, String bestCheckpointId, Optional<String> stopReason) {
    }

    /** A round's evaluation: its checkpoint and metrics. */
    public record Evaluated(String checkpointId, Map<String, Double> metrics) {
    }

    /** Whether the run stops early at all; if so, each round is planned only after the previous one's evaluation. */
    public static boolean enabled(RunConfig config) {
        return config.getPatience() > 0 || config.getCollapseFidelityRatio() > 0;
    }

    /**
     * @param evaluations the run's evaluations by round, the base round ({@code startRound - 1}) included, up to and
     *                    including {@code round}
     */
    public static Decision decide(RunConfig config, Map<Integer, Evaluated> evaluations, int round) {
        Map<Integer, Map<String, Double>> metrics = new TreeMap<>();
        evaluations.forEach((r, e) -> {
            if (r <= round) {
                metrics.put(r, e.metrics());
            }
        });
        Optional<BestRound> best = BestRound.of(metrics);
        int bestRound = best.map(BestRound::round).orElse(-1);
        String bestId = best.map(b -> evaluations.get(b.round()).checkpointId()).orElse(null);
        int base = config.getStartRound() - 1;
        int last = RunConfigs.lastRound(config);
        Optional<String> stop = Optional.empty();
        if (round > base && round < last) {
            int patience = config.getPatience();
            if (patience > 0 && bestRound >= 0 && round - bestRound >= patience) {
                stop = Optional.of(String.format(Locale.ROOT, "no better validation faithfulness in %d round(s) since"
                        + " round %d (%.4f); patience %d", round - bestRound, bestRound,
                        best.get().validationFaithfulness(), patience));
            }
            double limit = config.getCollapseFidelityRatio();
            Double now = metrics.getOrDefault(round, Map.of()).get(FIDELITY);
            Double start = metrics.getOrDefault(base, Map.of()).get(FIDELITY);
            if (stop.isEmpty() && limit > 0 && now != null && start != null && now > limit * start) {
                stop = Optional.of(String.format(Locale.ROOT, "collapse: fidelity %.2f is %.2f times the base's %.2f,"
                        + " over collapseFidelityRatio %.2f", now, now / start, start, limit));
            }
        }
        return new Decision(bestRound, bestId, stop);
    }
}
