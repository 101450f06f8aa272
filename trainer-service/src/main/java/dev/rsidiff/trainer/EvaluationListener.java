package dev.rsidiff.trainer;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.trainer.evaluation.RoundEvaluation;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Evaluates a run's base checkpoint when the run starts and every checkpoint the run publishes, on its own
 * consumer thread and group so that it never holds up training.
 */
@StageListener(groupId = "trainer-service-evaluation")
public class EvaluationListener {

    private final RoundEvaluation evaluation;

    public EvaluationListener(RoundEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    @Topic(Topics.Names.RUNS_STARTED)
    void runStarted(RunStarted event) {
        evaluation.evaluate(event.getMeta().getRunId(), event.getConfig().getStartRound() - 1,
                event.getConfig().getBaseCheckpointId(), event.getConfig());
    }

    @Topic(Topics.Names.CHECKPOINTS_PUBLISHED)
    void checkpointPublished(CheckpointPublished event) {
        evaluation.evaluate(event.getMeta().getRunId(), event.getMeta().getRound(), event.getCheckpointId());
    }
}
