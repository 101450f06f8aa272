package dev.rsidiff.weighting;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** Collects each image's scores; the offset is committed only once the score is stored. */
@StageListener(groupId = "weighting-service")
public class WeightingListener implements ConsumerRebalanceListener {

    private final RoundWeighting weighting;

    public WeightingListener(RoundWeighting weighting) {
        this.weighting = weighting;
    }

    @Topic(Topics.Names.SCORES_COMPUTED)
    void receive(ScoresComputed event) {
        weighting.accept(event);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        weighting.partitionsAssigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing to hand over: collected items are in the object store, offsets are committed per record.
    }
}
