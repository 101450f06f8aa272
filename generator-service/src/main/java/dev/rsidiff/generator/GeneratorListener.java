package dev.rsidiff.generator;

import dev.rsidiff.bus.listen.PollLinger;
import dev.rsidiff.bus.listen.RecordsPerPoll;
import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.bus.deadletter.DeadLetterExceptionHandler;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.generator.generation.WholeRounds;
import dev.rsidiff.runtime.SettingChecks;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Value;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;

/**
 * Prompts arrive in batches (up to max.poll.records) so the sampler fills its batches; a poll of part of a round
 * just written is put back for a moment to be taken with the rest ({@link PollLinger}). Images are stored and
 * announced before the batch's offsets are committed; a prompt that cannot be generated goes to the dead-letter
 * topic on its own, and a batch that keeps failing for other reasons is retried, then dead-lettered whole.
 */
@StageListener(groupId = "generator-service", batch = true, offsetStrategy = OffsetStrategy.SYNC)
public class GeneratorListener {

    /** Prompts per batch (environment: {@code RSIDIFF_GENERATOR_PROMPTS_PER_POLL}). */
    public static final String PROMPTS_PER_POLL = "rsidiff.generator.prompts-per-poll";
    /** How long a poll of part of a round waits for the rest (environment: {@code RSIDIFF_GENERATOR_BATCH_LINGER}). */
    public static final String BATCH_LINGER = "rsidiff.generator.batch-linger";

    private final ImageGeneration generation;
    private final DeadLetterExceptionHandler deadLetters;
    private final PollLinger linger;

    /**
     * @param promptsPerPoll the batch size ({@code max.poll.records}, application.yml), checked here
     * @param batchLinger    how long a partial poll of prompts just written waits for more; zero never waits
     */
    public GeneratorListener(ImageGeneration generation, DeadLetterExceptionHandler deadLetters,
                             @Value("${" + PROMPTS_PER_POLL + ":32}") int promptsPerPoll,
                             @Value("${" + BATCH_LINGER + ":300ms}") Duration batchLinger) {
        RecordsPerPoll.check(PROMPTS_PER_POLL, promptsPerPoll);
        this.generation = generation;
        this.deadLetters = deadLetters;
        this.linger = new PollLinger(promptsPerPoll, SettingChecks.notNegative(BATCH_LINGER, batchLinger));
    }

    @Topic(Topics.Names.PROMPTS_FILTERED)
    void receive(List<ConsumerRecord<String, PromptFiltered>> records, Consumer<?, ?> consumer) {
        List<PromptFiltered> prompts = records.stream().map(ConsumerRecord::value).toList();
        if (linger.putBack(records, consumer, WholeRounds.in(prompts))) {
            return; // the rest of the round is being written: the next poll takes these with it
        }
        deadLetters.reject(records, consumer, generation.accept(prompts));
    }
}
