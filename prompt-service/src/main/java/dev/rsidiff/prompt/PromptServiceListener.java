package dev.rsidiff.prompt;

import dev.rsidiff.blob.BlobStoreException;
import dev.rsidiff.bus.write.PublishFailedException;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.prompt.round.RoundPlanner;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Runs start the first round; published checkpoints start the next. Offsets are committed after the work. */
@KafkaListener(groupId = "prompt-service", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 4,
                retryDelay = "1s", exceptionTypes = {BlobStoreException.class, PublishFailedException.class}))
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
}
