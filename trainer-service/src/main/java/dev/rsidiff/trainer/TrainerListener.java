package dev.rsidiff.trainer;

import dev.rsidiff.bus.listen.PartitionOwnership;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.trainer.training.RoundTraining;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** Collects weighted samples; the round's last one triggers the fine-tuning. Offsets follow the stored work. */
@StageListener(groupId = TrainerListener.GROUP)
public class TrainerListener implements ConsumerRebalanceListener {

    /** The stage's consumer group, shared by its instances. */
    public static final String GROUP = "trainer-service";

    private final RoundTraining training;
    private final PartitionFences fences;

    public TrainerListener(RoundTraining training, PartitionFences fences) {
        this.training = training;
        this.fences = fences;
    }

    @Topic(Topics.Names.WEIGHTS_ASSIGNED)
    void receive(ConsumerRecord<String, WeightsAssigned> record, Consumer<?, ?> consumer) {
        PartitionOwnership ownership = new PartitionOwnership(consumer, record);
        fences.delivered(ownership.partition(), ownership::confirm);
        training.accept(record.value(), ownership::confirm);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        fences.assigned(partitions);
        training.partitionsAssigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Collected items are in the object store and offsets are committed per record: only the fences go.
        fences.revoked(partitions);
    }
}
