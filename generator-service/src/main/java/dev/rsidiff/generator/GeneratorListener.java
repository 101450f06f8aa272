package dev.rsidiff.generator;

import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Prompts arrive in batches (up to max.poll.records) so the sampler fills its batches. Images are stored and
 * announced before the batch's offsets are committed; a prompt that cannot be generated goes to the dead-letter
 * topic on its own, and a batch that keeps failing for other reasons is retried, then dead-lettered whole.
 */
@KafkaListener(groupId = "generator-service", batch = true, offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR, retryCount = 5,
                retryDelay = "1s"))
public class GeneratorListener {

    private final ImageGeneration generation;
    private final EventProducer producer;
    private final DeadLetterExceptionHandler deadLetters;

    public GeneratorListener(ImageGeneration generation, EventProducer producer, DeadLetterExceptionHandler deadLetters) {
        this.generation = generation;
        this.producer = producer;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.Names.PROMPTS_FILTERED)
    void receive(List<ConsumerRecord<String, PromptFiltered>> records, Consumer<?, ?> consumer) {
        ImageGeneration.Outcome outcome = generation.generate(records.stream().map(ConsumerRecord::value).toList());
        var images = producer.writerFor(Topics.IMAGES_GENERATED);
        outcome.images().stream().map(e -> images.sendAsync(e.getImageId(), e)).toList()
                .forEach(java.util.concurrent.CompletableFuture::join);
        records.stream().filter(r -> outcome.rejected().containsKey(r.value()))
                .forEach(r -> deadLetters.reject(r, consumer, outcome.rejected().get(r.value())));
    }
}
