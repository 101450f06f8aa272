package dev.rsidiff.scorer;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.scorer.scoring.ImageScoring;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Scores each generated image; the scores are keyed by run, so one weighting instance sees a whole round. Only
 * store and broker failures are retried; an image that fails on its own merits goes to the dead-letter topic.
 */
@StageListener(groupId = "scorer-service")
public class ScorerListener {

    private final ImageScoring scoring;

    public ScorerListener(ImageScoring scoring) {
        this.scoring = scoring;
    }

    @Topic(Topics.Names.IMAGES_GENERATED)
    void receive(ImageGenerated event) {
        scoring.accept(event);
    }
}
