package dev.rsidiff.schemas;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Kafka topic together with the types of its keys and values, so that code names topics by constant
 * instead of by raw string and a writer or reader cannot pair a topic with the wrong event type.
 *
 * @param name       topic name
 * @param partitions partition count; the upper bound on how many instances of a consuming service share the work
 * @param keyType    key type (String ids for every topic here)
 * @param valueType  value type: the Avro event class that is the topic's only value type
 * @param keyOf      the key of an event: the topic decides how its records are partitioned, never the writer
 * @param <K>        key type
 * @param <V>        value type
 */
public record Topic<K, V>(String name, int partitions, Class<K> keyType, Class<V> valueType, Function<V, K> keyOf) {

    /** Suffix of the dead-letter topic that receives a topic's poison records. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    public Topic {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(keyOf, "keyOf");
        if (name == null || !LEGAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Illegal topic name: '" + name + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least one partition, got " + partitions);
        }
    }

    /** The key {@code event} is written under. */
    public K keyFor(V event) {
        return Objects.requireNonNull(keyOf.apply(event), () -> "Event for " + name + " has no key: " + event);
    }

    /** Name of the dead-letter topic for records of this topic that cannot be read or handled. */
    public String deadLetterName() {
        return name + DEAD_LETTER_SUFFIX;
    }
}
