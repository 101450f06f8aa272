package dev.rsidiff.weighting;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Takes the approvals of reviewed runs' selections. Its own consumer group: approvals are few and must not wait
 * behind a round's scores, and the instance that owns the run's scores announces the weights (at once if it is
 * this one, else at its next check of open rounds, from the decision stored here).
 */
@StageListener(groupId = ReviewListener.GROUP)
public class ReviewListener {

    /** The consumer group of the weighting instances' review listeners. */
    public static final String GROUP = "weighting-service.reviews";

    private final RoundWeighting weighting;

    public ReviewListener(RoundWeighting weighting) {
        this.weighting = weighting;
    }

    @Topic(Topics.Names.SELECTIONS_REVIEWED)
    void receive(SelectionReviewed event) {
        weighting.reviewed(event);
    }
}
