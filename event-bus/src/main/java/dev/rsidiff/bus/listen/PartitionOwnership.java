package dev.rsidiff.bus.listen;

import dev.rsidiff.bus.write.FencedOutException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the group coordinator whether this consumer still owns a record's partition, before a stage writes what a
 * newer owner would write too (the trainer's checkpoint). It commits the record's own offset, which moves nothing
 * (the previous record's commit already points there), and which the coordinator refuses from a member that was
 * removed from the group: an instance that stalled past its session timeout while another took the partition
 * over. Kafka transactions fence such an instance's events ({@link dev.rsidiff.bus.write.PartitionFences}); this
 * fences its writes to the object store.
 */
public final class PartitionOwnership {

    private final Consumer<?, ?> consumer;
    private final TopicPartition partition;
    private final long offset;

    public PartitionOwnership(Consumer<?, ?> consumer, ConsumerRecord<?, ?> record) {
        this.consumer = consumer;
        this.partition = new TopicPartition(record.topic(), record.partition());
        this.offset = record.offset();
    }

    /**
     * The ownership of each partition of a batch, by the partition's first record in it: that record's offset is
     * where the previous batch's commit points, so confirming moves nothing.
     */
    public static Map<TopicPartition, PartitionOwnership> ofBatch(Consumer<?, ?> consumer,
                                                                  List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, PartitionOwnership> partitions = new LinkedHashMap<>();
        records.forEach(r -> partitions.putIfAbsent(new TopicPartition(r.topic(), r.partition()),
                new PartitionOwnership(consumer, r)));
        return partitions;
    }

    /** The record's partition. */
    public TopicPartition partition() {
        return partition;
    }

    /**
     * Returns if the group still counts this consumer as the partition's owner.
     *
     * @throws FencedOutException if the group has moved on without it
     */
    public void confirm() {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        } catch (CommitFailedException e) {
            throw new FencedOutException("The group rebalanced " + partition + " away from this instance while it"
                    + " worked: " + e.getMessage(), e);
        }
    }
}
