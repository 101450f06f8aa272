package dev.rsidiff.scorer;

import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.scorer.scoring.ImageScoring;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Scores generated images in batches (up to max.poll.records); the scores are keyed by run, so one weighting
 * instance sees a whole round. An image that fails on its own merits goes to the dead-letter topic on its own; a
 * batch that fails for other reasons (the store, the broker) is retried, then dead-lettered whole.
 */
@StageListener(groupId = "scorer-service", batch = true, offsetStrategy = OffsetStrategy.SYNC)
public class ScorerListener {

    private final ImageScoring scoring;
    private final DeadLetterExceptionHandler deadLetters;

    public ScorerListener(ImageScoring scoring, DeadLetterExceptionHandler deadLetters) {
        this.scoring = scoring;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.Names.IMAGES_GENERATED)
    void receive(List<ConsumerRecord<String, ImageGenerated>> records, Consumer<?, ?> consumer) {
        deadLetters.reject(records, consumer, scoring.accept(records.stream().map(ConsumerRecord::value).toList()));
    }
}
