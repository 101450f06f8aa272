package dev.rsidiff.trainer;

import dev.rsidiff.blob.BlobStoreException;
import dev.rsidiff.bus.write.PublishFailedException;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.trainer.training.RoundTraining;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

/** Collects weighted samples; the round's last one triggers the fine-tuning. Offsets follow the stored work. */
@KafkaListener(groupId = "trainer-service", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 5,
                retryDelay = "1s", exceptionTypes = {BlobStoreException.class, PublishFailedException.class}))
public class TrainerListener {

    private final RoundTraining training;

    public TrainerListener(RoundTraining training) {
        this.training = training;
    }

    @Topic(Topics.Names.WEIGHTS_ASSIGNED)
    void receive(WeightsAssigned event) {
        training.accept(event);
    }
}
