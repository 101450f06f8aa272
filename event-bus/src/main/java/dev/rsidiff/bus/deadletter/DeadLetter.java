package dev.rsidiff.bus.deadletter;

import dev.rsidiff.schemas.Topic;
import org.apache.kafka.common.header.Header;

import java.util.List;

/**
 * A record that could not be processed, with where it came from and why.
 *
 * @param originalTopic     topic it was read from
 * @param partition         its partition
 * @param offset            its offset
 * @param consumerGroup     the group that failed on it
 * @param key               original key bytes (may be null)
 * @param value             original value bytes (may be null)
 * @param originalHeaders   original headers
 * @param kind              failure kind
 * @param error             the failure
 */
public record DeadLetter(String originalTopic, int partition, long offset, String consumerGroup,
                         byte[] key, byte[] value, List<Header> originalHeaders, FailureKind kind, Throwable error) {

    /** Name of the dead-letter topic this record goes to. */
    public String deadLetterTopic() {
        return originalTopic + Topic.DEAD_LETTER_SUFFIX;
    }
}
