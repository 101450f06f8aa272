package dev.rsidiff.bus.deadletter;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.PublishFailedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writes poison records, byte for byte, to {@code <topic>.dlt} with headers naming the failure. */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_HEADER_CHARS = 2_000;

    private final Producer<byte[], byte[]> producer;
    private final Clock clock;

    public DeadLetterPublisher(KafkaClientSettings settings, Clock clock) {
        this.producer = new KafkaProducer<>(settings.idempotentProducer("dead-letters", true));
        this.clock = clock;
    }

    /** Writes the record and waits for the broker's acknowledgement. */
    public void publish(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        letter.originalHeaders().forEach(headers::add);
        add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, letter.originalTopic());
        add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(letter.partition()));
        add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(letter.offset()));
        add(headers, DeadLetterHeaders.CONSUMER_GROUP, letter.consumerGroup());
        add(headers, DeadLetterHeaders.FAILURE_KIND, letter.kind().name());
        add(headers, DeadLetterHeaders.ERROR_CLASS, letter.error().getClass().getName());
        add(headers, DeadLetterHeaders.ERROR_MESSAGE, causeChain(letter.error()));
        Throwable root = rootCause(letter.error());
        add(headers, DeadLetterHeaders.ROOT_CAUSE, root.getClass().getName() + ": " + root.getMessage());
        add(headers, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(letter.deadLetterTopic(), null,
                letter.key(), letter.value(), headers);
        try {
            producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishFailedException("Writing dead letter to " + letter.deadLetterTopic() + " failed",
                    e.getCause(), e.getCause() instanceof RetriableException);
        } catch (TimeoutException e) {
            throw new PublishFailedException("Writing dead letter to " + letter.deadLetterTopic() + " timed out", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted writing a dead letter", e, true);
        }
    }

    private static void add(RecordHeaders headers, String name, String value) {
        String bounded = value.length() > MAX_HEADER_CHARS ? value.substring(0, MAX_HEADER_CHARS) + "..." : value;
        headers.add(name, bounded.getBytes(StandardCharsets.UTF_8));
    }

    /** Messages of the error and its causes: the wrapper says where, the causes say why. */
    static String causeChain(Throwable error) {
        StringBuilder out = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable t = error.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            out.append(" <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    /** The innermost cause of {@code error} (itself if it has none). */
    public static Throwable rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    /** Reads a dead-letter header as text, or null. */
    public static String header(Iterable<Header> headers, String name) {
        String value = null;
        for (Header h : headers) {
            if (h.key().equals(name)) {
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
