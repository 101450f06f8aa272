package dev.rsidiff.control;

import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.schemas.Topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run's best round as its latest evaluation announced it (chosen by the trainer service on the validation
 * prompts): what the run's report prints and where {@code --from-best} continues, read from the events rather than
 * chosen again here.
 *
 * @param round        the earlier run's best round
 * @param checkpointId that round's checkpoint
 */
public record BestOfRun(int round, String checkpointId) {

    static BestOfRun read(String bootstrapServers, String runId) {
        List<RoundEvaluated> evaluations = new ArrayList<>();
        TopicScan.decodeAll(bootstrapServers, Topics.ROUNDS_EVALUATED, e -> {
            if (e.getMeta().getRunId().equals(runId)) {
                evaluations.add(e);
            }
        });
        return latest(evaluations).orElseThrow(() -> new InvalidRunConfigException("--from-best " + runId + ": no"
                + " evaluation of that run names a best round (unknown run, or evaluated without validation prompts)"));
    }

    /** The best round the latest of one run's evaluations announced; empty if none names one. */
    public static Optional<BestOfRun> latest(Collection<RoundEvaluated> evaluations) {
        return evaluations.stream().filter(e -> e.getBestRound() >= 0)
                .max(Comparator.comparingInt(e -> e.getMeta().getRound()))
                .map(e -> new BestOfRun(e.getBestRound(), e.getBestCheckpointId()));
    }
}
