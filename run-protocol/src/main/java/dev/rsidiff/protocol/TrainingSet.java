package dev.rsidiff.protocol;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.weight.SampleOrigin;
import dev.rsidiff.events.weight.WeightsAssigned;

import java.util.ArrayList;
import java.util.List;

/**
 * What a round's checkpoint is fine-tuned on, in the trainer's order: with {@code accumulateSamples}, every earlier
 * round's selected samples first (earlier rounds' replayed base samples are not accumulated: each round draws its
 * own share), then the round's own weighted samples. The trainer trains on it and the run report shows it, from the
 * same rule.
 */
public final class TrainingSet {

    private TrainingSet() {
    }

    /**
     * @param weights   the weighted samples the trainer collected, per round
     * @param thisRound the round's own samples, as collected
     */
    public static List<WeightsAssigned> of(RoundItems<WeightsAssigned> weights, RunConfig config, String runId,
                                           int round, List<WeightsAssigned> thisRound) {
        List<WeightsAssigned> out = new ArrayList<>();
        if (config.getAccumulateSamples()) {
            for (int earlier = config.getStartRound(); earlier < round; earlier++) {
                weights.all(runId, earlier).stream().filter(w -> w.getOrigin() == SampleOrigin.SELECTED)
                        .forEach(out::add);
            }
        }
        out.addAll(thisRound);
        return out;
    }
}
