package dev.rsidiff.bus.write;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one idempotent Kafka producer of a process, shared by a {@link TopicWriter} per topic. Close it with a
 * timeout on shutdown so that buffered events are delivered or reported, never silently dropped.
 */
public final class EventProducer implements AutoCloseable {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(70);

    private final Producer<String, byte[]> producer;
    private final Map<String, TopicWriter<?>> writers = new ConcurrentHashMap<>();

    public EventProducer(KafkaClientSettings settings) {
        this.producer = new KafkaProducer<>(settings.idempotentProducer("events", false));
    }

    /** The writer for {@code topic}; one instance per topic. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> TopicWriter<V> writerFor(Topic<String, V> topic) {
        return (TopicWriter<V>) writers.computeIfAbsent(topic.name(),
                name -> new TopicWriter<>(topic, AvroSerde.of(topic.valueType()), producer, SEND_TIMEOUT));
    }

    /** Sends everything buffered and waits for acknowledgements. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
