package dev.rsidiff.bus.deadletter;

import dev.rsidiff.bus.serde.AvroSerdeRegistry;
import io.micronaut.configuration.kafka.exceptions.DefaultKafkaListenerExceptionHandler;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Every listener's exception handler: a record that cannot be deserialized, or whose handling still fails after
 * the listener's retries, goes to {@code <topic>.dlt} with headers naming the error, and the listener carries on
 * with the next record. If the dead letter itself cannot be written, the consumer seeks back to the record so that
 * it is read again rather than lost.
 */
@Singleton
@Replaces(DefaultKafkaListenerExceptionHandler.class)
public class DeadLetterExceptionHandler implements KafkaListenerExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private final DeadLetterPublisher publisher;
    private final AvroSerdeRegistry serdes;

    public DeadLetterExceptionHandler(DeadLetterPublisher publisher, AvroSerdeRegistry serdes) {
        this.publisher = publisher;
        this.serdes = serdes;
    }

    @Override
    public void handle(KafkaListenerException exception) {
        List<DeadLetter> letters = toDeadLetters(exception);
        if (letters.isEmpty()) {
            LOG.error("Kafka listener {} failed outside any record: {}", exception.getKafkaListener(),
                    exception.getMessage(), exception);
            return;
        }
        for (DeadLetter dl : letters) {
            send(dl, exception.getKafkaConsumer(), exception.getCause() == null ? exception : exception.getCause());
        }
    }

    /**
     * Dead-letters the records of a batch that a batch listener rejected by itself, each with its reason (the rest
     * of the batch went through), so that one bad record neither blocks nor fails its neighbours.
     *
     * @param rejected the rejected records' values, each with why it was rejected; a value the batch holds twice is
     *                 dead-lettered for each of its records
     */
    public <V> void reject(List<ConsumerRecord<String, V>> batch, Consumer<?, ?> consumer,
                           Map<V, ? extends Throwable> rejected) {
        for (ConsumerRecord<String, V> record : batch) {
            Throwable cause = rejected.get(record.value());
            if (cause != null) {
                send(letterFor(record, groupOf(consumer), cause), consumer, cause);
            }
        }
    }

    private void send(DeadLetter dl, Consumer<?, ?> consumer, Throwable cause) {
        LOG.error("Sending record {}-{}@{} to {} ({}): {}", dl.originalTopic(), dl.partition(), dl.offset(),
                dl.deadLetterTopic(), dl.kind(), cause.getMessage(), cause);
        try {
            publisher.publish(dl);
        } catch (RuntimeException e) {
            LOG.error("Dead letter for {}-{}@{} could not be written; seeking back to read the record again",
                    dl.originalTopic(), dl.partition(), dl.offset(), e);
            consumer.seek(new TopicPartition(dl.originalTopic(), dl.partition()), dl.offset());
        }
    }

    private List<DeadLetter> toDeadLetters(KafkaListenerException exception) {
        Throwable cause = exception.getCause() == null ? exception : exception.getCause();
        String group = groupOf(exception.getKafkaConsumer());
        if (cause instanceof RecordDeserializationException rde) {
            return List.of(new DeadLetter(rde.topicPartition().topic(), rde.topicPartition().partition(),
                    rde.offset(), group, bytes(rde.keyBuffer()), bytes(rde.valueBuffer()),
                    headerList(rde.headers()), FailureKind.DESERIALIZATION, rde));
        }
        Optional<ConsumerRecord<?, ?>> record = exception.getConsumerRecord();
        if (record.isPresent() && record.get().topic() != null) {
            return List.of(letterFor(record.get(), group, cause));
        }
        // A batch listener that still failed after its retries: every record of the batch, so none is lost.
        List<DeadLetter> batch = new ArrayList<>();
        exception.getConsumerRecords().ifPresent(records -> records.forEach(r -> batch.add(letterFor(r, group, cause))));
        return batch;
    }

    private DeadLetter letterFor(ConsumerRecord<?, ?> r, String group, Throwable cause) {
        return new DeadLetter(r.topic(), r.partition(), r.offset(), group, encode(r.key()),
                encode(r.value()), headerList(r.headers()), FailureKind.HANDLER, cause);
    }

    /** Re-encodes a decoded key or value; the single-object encoding is the same bytes any producer would write. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] encode(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        var serde = serdes.getSerde((Class) value.getClass());
        if (serde != null) {
            return serde.serializer().serialize(null, value);
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static List<Header> headerList(Iterable<Header> headers) {
        return headers == null ? List.of() : StreamSupport.stream(headers.spliterator(), false).toList();
    }

    private static String groupOf(Consumer<?, ?> consumer) {
        try {
            return consumer == null ? "" : consumer.groupMetadata().groupId();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
