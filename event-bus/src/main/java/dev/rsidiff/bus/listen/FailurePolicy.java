package dev.rsidiff.bus.listen;

import dev.rsidiff.schemas.RecordFault;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.retry.ConditionalRetryBehaviourHandler;
import io.micronaut.configuration.kafka.retry.DefaultConditionalRetryBehaviourHandler;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;

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

    @Override
    public ConditionalRetryBehaviour conditionalRetryBehaviour(KafkaListenerException exception) {
        return isRecordFault(exception) ? ConditionalRetryBehaviour.SKIP : ConditionalRetryBehaviour.RETRY;
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
