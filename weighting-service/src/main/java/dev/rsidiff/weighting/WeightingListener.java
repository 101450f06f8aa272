package dev.rsidiff.weighting;

import dev.rsidiff.blob.BlobStoreException;
import dev.rsidiff.bus.write.PublishFailedException;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Collects each image's scores; the offset is committed only once the score is stored. */
@KafkaListener(groupId = "weighting-service", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 5,
                retryDelay = "1s", exceptionTypes = {BlobStoreException.class, PublishFailedException.class}))
public class WeightingListener {

    private final RoundWeighting weighting;

    public WeightingListener(RoundWeighting weighting) {
        this.weighting = weighting;
    }

    @Topic(Topics.Names.SCORES_COMPUTED)
    void receive(ScoresComputed event) {
        weighting.accept(event);
    }
}
