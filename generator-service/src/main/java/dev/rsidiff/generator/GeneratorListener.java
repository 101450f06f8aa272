package dev.rsidiff.generator;

import dev.rsidiff.bus.listen.RecordsPerPoll;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Value;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Prompts arrive in batches (up to max.poll.records) so the sampler fills its batches. Images are stored and
 * announced before the batch's offsets are committed; a prompt that cannot be generated goes to the dead-letter
 * topic on its own, and a batch that keeps failing for other reasons is retried, then dead-lettered whole.
 */
@StageListener(groupId = "generator-service", batch = true, offsetStrategy = OffsetStrategy.SYNC)
public class GeneratorListener {

    /** Prompts per batch (environment: {@code RSIDIFF_GENERATOR_PROMPTS_PER_POLL}). */
    public static final String PROMPTS_PER_POLL = "rsidiff.generator.prompts-per-poll";

    private final ImageGeneration generation;
    private final DeadLetterExceptionHandler deadLetters;

    /** @param promptsPerPoll the batch size ({@code max.poll.records}, application.yml), checked here */
    public GeneratorListener(ImageGeneration generation, DeadLetterExceptionHandler deadLetters,
                             @Value("${" + PROMPTS_PER_POLL + ":16}") int promptsPerPoll) {
        RecordsPerPoll.check(PROMPTS_PER_POLL, promptsPerPoll);
        this.generation = generation;
        this.deadLetters = deadLetters;
    }

    @Topic(Topics.Names.PROMPTS_FILTERED)
    void receive(List<ConsumerRecord<String, PromptFiltered>> records, Consumer<?, ?> consumer) {
        deadLetters.reject(records, consumer, generation.accept(records.stream().map(ConsumerRecord::value).toList()));
    }
}
