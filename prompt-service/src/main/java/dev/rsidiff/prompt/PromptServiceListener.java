package dev.rsidiff.prompt;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.prompt.round.RoundPlanner;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Runs start the first round; published checkpoints start the next, or, in a run that stops early, evaluated
 * rounds do. Offsets are committed after the work.
 */
@StageListener(groupId = "prompt-service")
public class PromptServiceListener {

    private final RoundPlanner planner;

    public PromptServiceListener(RoundPlanner planner) {
        this.planner = planner;
    }

    @Topic(Topics.Names.RUNS_STARTED)
    void runStarted(RunStarted event) {
        planner.runStarted(event);
    }

    @Topic(Topics.Names.CHECKPOINTS_PUBLISHED)
    void checkpointPublished(CheckpointPublished event) {
        planner.checkpointPublished(event);
    }

    @Topic(Topics.Names.ROUNDS_EVALUATED)
    void roundEvaluated(RoundEvaluated event) {
        planner.roundEvaluated(event);
    }
}
