package dev.rsidiff.bus.write;

import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the events of one topic. Obtain it from {@link EventProducer#writerFor(Topic)}.
 *
 * @param <V> the topic's event type
 */
public final class TopicWriter<V extends SpecificRecord> {

    private final Topic<String, V> topic;
    private final AvroSerde<V> serde;
    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;

    TopicWriter(Topic<String, V> topic, AvroSerde<V> serde, Producer<String, byte[]> producer, Duration sendTimeout) {
        this.topic = topic;
        this.serde = serde;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
    }

    /**
     * The partition of {@code topic} that records keyed {@code key} go to: Kafka's default partitioner, which every
     * writer here uses (the topic defines the key, never the writer, so this is where a key's records are).
     */
    public static int partitionOf(Topic<String, ?> topic, String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % topic.partitions();
    }

    /** This topic's writer over another producer (a {@link PartitionFences} transaction's). */
    TopicWriter<V> through(Producer<String, byte[]> other) {
        return new TopicWriter<>(topic, serde, other, sendTimeout);
    }

    public Topic<String, V> topic() {
        return topic;
    }

    /** Decodes a record's value of this topic (to find events already on it). */
    public V decode(byte[] value) {
        return serde.decode(value);
    }

    /**
     * Writes an event under the key its topic defines and waits until the broker has acknowledged it: callers
     * commit their input only after the output is durable.
     */
    public RecordMetadata send(V event) {
        return await(sendAsync(event));
    }

    /** Writes the events in order, then waits until the broker has acknowledged every one. */
    public void sendAll(List<V> events) {
        List<CompletableFuture<RecordMetadata>> pending = events.stream().map(this::sendAsync).toList();
        pending.forEach(this::await);
    }

    /** Writes an event without waiting; the future completes when the broker acknowledges it. */
    public CompletableFuture<RecordMetadata> sendAsync(V event) {
        byte[] value = serde.encode(event);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), topic.keyFor(event), value), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(metadata);
            }
        });
        return result;
    }

    /** Waits for the broker's acknowledgement of an event sent with {@link #sendAsync}; failures as {@link #send}. */
    public RecordMetadata await(CompletableFuture<RecordMetadata> pending) {
        try {
            return pending.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new PublishFailedException("Writing to " + topic.name() + " failed: " + cause.getMessage(), cause,
                    cause instanceof RetriableException);
        } catch (TimeoutException e) {
            throw new PublishFailedException("Writing to " + topic.name() + " timed out after " + sendTimeout, e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while writing to " + topic.name(), e, true);
        }
    }
}
