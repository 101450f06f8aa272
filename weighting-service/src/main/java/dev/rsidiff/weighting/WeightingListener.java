package dev.rsidiff.weighting;

import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.bus.listen.PartitionOwnership;
import dev.rsidiff.bus.listen.RecordsPerPoll;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Value;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Collects images' scores in batches (up to max.poll.records); the offsets are committed once the batch's scores
 * are stored. Before the batch, each of its partitions' ownership is confirmed where its fence is suspect, with
 * the partition's first record of the batch, whose offset the previous batch's commit already points at.
 */
@StageListener(groupId = WeightingListener.GROUP, batch = true, offsetStrategy = OffsetStrategy.SYNC)
public class WeightingListener implements ConsumerRebalanceListener {

    /** The stage's consumer group, shared by its instances. */
    public static final String GROUP = "weighting-service";
    /** Scores per batch (environment: {@code RSIDIFF_WEIGHTING_SCORES_PER_POLL}). */
    public static final String SCORES_PER_POLL = "rsidiff.weighting.scores-per-poll";

    private final RoundWeighting weighting;
    private final PartitionFences fences;
    private final DeadLetterExceptionHandler deadLetters;

    /** @param scoresPerPoll the batch size ({@code max.poll.records}, application.yml), checked here */
    public WeightingListener(RoundWeighting weighting, PartitionFences fences, DeadLetterExceptionHandler deadLetters,
                             @Value("${" + SCORES_PER_POLL + ":256}") int scoresPerPoll) {
        RecordsPerPoll.check(SCORES_PER_POLL, scoresPerPoll);
        this.weighting = weighting;
        this.fences = fences;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.Names.SCORES_COMPUTED)
    void receive(List<ConsumerRecord<String, ScoresComputed>> records, Consumer<?, ?> consumer) {
        Map<TopicPartition, PartitionOwnership> partitions = PartitionOwnership.ofBatch(consumer, records);
        partitions.forEach((partition, ownership) -> fences.delivered(partition, ownership::confirm));
        deadLetters.reject(records, consumer, weighting.accept(records.stream().map(ConsumerRecord::value).toList()));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        fences.assigned(partitions);
        weighting.partitionsAssigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Collected items are in the object store and offsets are committed after each batch: only the fences go.
        fences.revoked(partitions);
    }
}
