package dev.rsidiff.scorer;

import dev.rsidiff.blob.BlobStoreException;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.PublishFailedException;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.scorer.scoring.ImageScoring;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Scores each generated image; the scores are keyed by run, so one weighting instance sees a whole round. Only
 * store and broker failures are retried; an image that fails on its own merits goes to the dead-letter topic.
 */
@KafkaListener(groupId = "scorer-service", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 5,
                retryDelay = "1s", exceptionTypes = {BlobStoreException.class, PublishFailedException.class}))
public class ScorerListener {

    private final ImageScoring scoring;
    private final EventProducer producer;

    public ScorerListener(ImageScoring scoring, EventProducer producer) {
        this.scoring = scoring;
        this.producer = producer;
    }

    @Topic(Topics.Names.IMAGES_GENERATED)
    void receive(ImageGenerated event) {
        ScoresComputed scores = scoring.score(event);
        producer.writerFor(Topics.SCORES_COMPUTED).send(scores.getMeta().getRunId(), scores);
    }
}
