package dev.rsidiff.bus.listen;

import dev.rsidiff.bus.deadletter.DeadLetterPublisher;
import dev.rsidiff.schemas.RecordFault;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.retry.ConditionalRetryBehaviourHandler;
import io.micronaut.configuration.kafka.retry.DefaultConditionalRetryBehaviourHandler;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides what a listener does with a failure (every {@link StageListener} uses it):
 * <ul>
 *   <li>poison, the record's own fault: bytes that do not decode, or a {@link RecordFault} anywhere in the cause
 *       chain (unknown run, hash mismatch, refused checkpoint, invalid setting): dead-lettered at once;</li>
 *   <li>everything else (broker, object store, timeouts, and failures nobody foresaw): retried with exponential
 *       backoff as often as {@code rsidiff.retry.attempts} says, then dead-lettered with its cause.</li>
 * </ul>
 * An {@link IllegalArgumentException} is not poison by itself: it may come from a bug or a half-written object
 * as easily as from the record.
 */
@Singleton
@Replaces(DefaultConditionalRetryBehaviourHandler.class)
public class FailurePolicy implements ConditionalRetryBehaviourHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    @Override
    public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
        if (isRecordFault(exception)) {
            return ConditionalRetryBehaviour.SKIP;
        }
        // Said at each attempt: a record retried for minutes is otherwise silent until it is dead-lettered.
        LOG.warn("{} failed on {}; retried with backoff, dead-lettered after rsidiff.retry.attempts: {}",
                listenerName(exception), exception.getConsumerRecord()
                        .map(r -> r.topic() + "-" + r.partition() + "@" + r.offset()).orElse("a batch"),
                DeadLetterPublisher.rootCause(exception));
        return ConditionalRetryBehaviour.RETRY;
    }

    private static String listenerName(KafkaListenerException exception) {
        Object listener = exception.getKafkaListener();
        // Micronaut's generated proxy ($PromptServiceListener$Definition$Intercepted) stands for the listener.
        return listener == null ? "A listener" : listener.getClass().getSimpleName()
                .replace("$Intercepted", "").replace("$Definition", "").replace("$", "");
    }


    /** Whether {@code failure} is the record's own fault, so that retrying cannot help. */
    public static boolean isRecordFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordFault || t instanceof RecordDeserializationException
                    || t instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }
}
