package dev.rsidiff.scorer;

import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.bus.listen.RecordsPerPoll;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.scorer.scoring.ImageScoring;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Value;
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

    /** Images per batch (environment: {@code RSIDIFF_SCORER_IMAGES_PER_POLL}). */
    public static final String IMAGES_PER_POLL = "rsidiff.scorer.images-per-poll";

    private final ImageScoring scoring;
    private final DeadLetterExceptionHandler deadLetters;

    /** @param imagesPerPoll the batch size ({@code max.poll.records}, application.yml), checked here */
    public ScorerListener(ImageScoring scoring, DeadLetterExceptionHandler deadLetters,
                          @Value("${" + IMAGES_PER_POLL + ":256}") int imagesPerPoll) {
        RecordsPerPoll.check(IMAGES_PER_POLL, imagesPerPoll);
        this.scoring = scoring;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.Names.IMAGES_GENERATED)
    void receive(List<ConsumerRecord<String, ImageGenerated>> records, Consumer<?, ?> consumer) {
        deadLetters.reject(records, consumer, scoring.accept(records.stream().map(ConsumerRecord::value).toList()));
    }
}
