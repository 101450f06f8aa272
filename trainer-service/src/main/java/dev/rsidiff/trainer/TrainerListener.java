package dev.rsidiff.trainer;

import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.bus.listen.PartitionOwnership;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.trainer.training.RoundTraining;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects weighted samples in batches; a round's last one triggers the fine-tuning. The offsets are committed once
 * the batch's samples are stored (and any round they complete is trained). Before the batch, each of its
 * partitions' ownership is confirmed where its fence is suspect, and again before a checkpoint is stored.
 */
@StageListener(groupId = TrainerListener.GROUP, batch = true, offsetStrategy = OffsetStrategy.SYNC)
public class TrainerListener implements ConsumerRebalanceListener {

    /** The stage's consumer group, shared by its instances. */
    public static final String GROUP = "trainer-service";

    private final RoundTraining training;
    private final PartitionFences fences;
    private final DeadLetterExceptionHandler deadLetters;

    public TrainerListener(RoundTraining training, PartitionFences fences, DeadLetterExceptionHandler deadLetters) {
        this.training = training;
        this.fences = fences;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.Names.WEIGHTS_ASSIGNED)
    void receive(List<ConsumerRecord<String, WeightsAssigned>> records, Consumer<?, ?> consumer) {
        Map<TopicPartition, PartitionOwnership> partitions = PartitionOwnership.ofBatch(consumer, records);
        partitions.forEach((partition, ownership) -> fences.delivered(partition, ownership::confirm));
        Map<WeightsAssigned, PartitionOwnership> owners = new IdentityHashMap<>();
        records.forEach(r -> owners.put(r.value(), partitions.get(new TopicPartition(r.topic(), r.partition()))));
        deadLetters.reject(records, consumer, training.accept(records.stream().map(ConsumerRecord::value).toList(),
                event -> owners.get(event)::confirm));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        fences.assigned(partitions);
        training.partitionsAssigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Collected items are in the object store and offsets are committed after each batch: only the fences go.
        fences.revoked(partitions);
    }
}
