package dev.rsidiff.trainer;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.trainer.training.RoundTraining;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** Collects weighted samples; the round's last one triggers the fine-tuning. Offsets follow the stored work. */
@StageListener(groupId = "trainer-service")
public class TrainerListener implements ConsumerRebalanceListener {

    private final RoundTraining training;

    public TrainerListener(RoundTraining training) {
        this.training = training;
    }

    @Topic(Topics.Names.WEIGHTS_ASSIGNED)
    void receive(WeightsAssigned event) {
        training.accept(event);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        training.partitionsAssigned();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing to hand over: collected items are in the object store, offsets are committed per record.
    }
}
