package dev.rsidiff.bus.listen;

import io.micronaut.aop.Around;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.context.annotation.AliasFor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pipeline stage's Kafka listener, with the project's one retry and poison policy declared here instead of on
 * every listener: read from the earliest offset, commit after each record's work (or after each batch), retry
 * with exponential backoff what {@link FailurePolicy} calls transient ({@code rsidiff.retry.attempts} times,
 * starting at {@code rsidiff.retry.delay}), and dead-letter at once what it calls the record's fault. An
 * {@link Error} on the listener's thread takes the service down ({@link dev.rsidiff.bus.fatal.FatalErrorGuard})
 * instead of silently ending that consumer.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Around
@KafkaListener(offsetReset = OffsetReset.EARLIEST, pollTimeout = StageListener.POLL_TIMEOUT,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_CONDITIONALLY_EXPONENTIALLY_ON_ERROR,
                retryCountValue = "${rsidiff.retry.attempts:8}", retryDelay = "${rsidiff.retry.delay:1s}"))
public @interface StageListener {

    /** The setting behind {@link #POLL_TIMEOUT}. */
    String POLL_TIMEOUT_SETTING = "rsidiff.kafka.poll-timeout";

    /**
     * How long a consumer's poll waits when nothing comes ({@code rsidiff.kafka.poll-timeout}, 1 s). Records end the
     * wait as they arrive, and closing wakes the consumer, so this paces only an idle consumer's loop, and how soon a
     * retried record's backoff or a rebalance is noticed. At micronaut-kafka's 100 ms, five idle services' 14
     * consumers spent about 25 ms of CPU a second between them on 2 cores (README, Performance).
     */
    String POLL_TIMEOUT = "${" + POLL_TIMEOUT_SETTING + ":1s}";

    /**
     * The consumer group: one per stage, shared by its instances. It is also the consumers' client id, which
     * otherwise would be derived from the generated class behind the listener (the {@link dev.rsidiff.bus.fatal.FatalErrorGuard} proxy).
     */
    @AliasFor(annotation = KafkaListener.class, member = "groupId")
    @AliasFor(annotation = KafkaListener.class, member = "clientId")
    String groupId();

    /** Whether the listener takes records in batches (up to max.poll.records). */
    @AliasFor(annotation = KafkaListener.class, member = "batch")
    boolean batch() default false;

    /** When offsets are committed; per record unless a batch listener commits per batch. */
    @AliasFor(annotation = KafkaListener.class, member = "offsetStrategy")
    OffsetStrategy offsetStrategy() default OffsetStrategy.SYNC_PER_RECORD;
}
