package dev.rsidiff.weighting;

import dev.rsidiff.bus.listen.PartitionOwnership;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** Collects each image's scores; the offset is committed only once the score is stored. */
@StageListener(groupId = WeightingListener.GROUP)
public class WeightingListener implements ConsumerRebalanceListener {

    /** The stage's consumer group, shared by its instances. */
    public static final String GROUP = "weighting-service";

    private final RoundWeighting weighting;
    private final PartitionFences fences;

    public WeightingListener(RoundWeighting weighting, PartitionFences fences) {
        this.weighting = weighting;
        this.fences = fences;
    }

    @Topic(Topics.Names.SCORES_COMPUTED)
    void receive(ConsumerRecord<String, ScoresComputed> record, Consumer<?, ?> consumer) {
        PartitionOwnership ownership = new PartitionOwnership(consumer, record);
        fences.delivered(ownership.partition(), ownership::confirm);
        weighting.accept(record.value());
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        fences.assigned(partitions);
        weighting.partitionsAssigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Collected items are in the object store and offsets are committed per record: only the fences go.
        fences.revoked(partitions);
    }
}
