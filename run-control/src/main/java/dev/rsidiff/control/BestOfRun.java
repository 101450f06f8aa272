package dev.rsidiff.control;

import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.schemas.Topics;

/**
 * Where a new run continues from "the best round" of an earlier one: the best round and checkpoint its latest
 * evaluation announced (chosen on the validation prompts), read from the evaluations topic.
 *
 * @param round        the earlier run's best round
 * @param checkpointId that round's checkpoint
 */
record BestOfRun(int round, String checkpointId) {

    static BestOfRun read(String bootstrapServers, String runId) {
        RoundEvaluated[] latest = {null};
        TopicScan.decodeAll(bootstrapServers, Topics.ROUNDS_EVALUATED, e -> {
            if (e.getMeta().getRunId().equals(runId) && e.getBestRound() >= 0
                    && (latest[0] == null || e.getMeta().getRound() > latest[0].getMeta().getRound())) {
                latest[0] = e;
            }
        });
        if (latest[0] == null) {
            throw new InvalidRunConfigException("--from-best " + runId + ": no evaluation of that run names a best"
                    + " round (unknown run, or evaluated without validation prompts)");
        }
        return new BestOfRun(latest[0].getBestRound(), latest[0].getBestCheckpointId());
    }
}
