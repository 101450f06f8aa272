package dev.rsidiff.bus;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Connection settings shared by the writers of one process.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
 * @param clientId         client id prefix (the service name)
 * @param security         TLS and SASL settings ({@link KafkaSecurity#none()} for the local stack)
 */
public record KafkaClientSettings(String bootstrapServers, String clientId, KafkaSecurity security) {

    /** Settings for an unsecured (PLAINTEXT) broker. */
    public KafkaClientSettings(String bootstrapServers, String clientId) {
        this(bootstrapServers, clientId, KafkaSecurity.none());
    }

    /** Settings for a command-line client: security from the {@code KAFKA_*} environment variables. */
    public static KafkaClientSettings fromEnvironment(String bootstrapServers, String clientId) {
        return new KafkaClientSettings(bootstrapServers, clientId, KafkaSecurity.fromEnvironment(System.getenv()));
    }

    public KafkaClientSettings {
        java.util.Objects.requireNonNull(security, "security");
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("Kafka client id is blank");
        }
    }

    /**
     * Properties of an idempotent producer: acks from all in-sync replicas and broker-side deduplication of
     * retried sends, so a network retry never writes an event twice.
     */
    public Map<String, Object> idempotentProducer(String purpose, boolean byteKeys) {
        Map<String, Object> props = connection();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-" + purpose);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                byteKeys ? ByteArraySerializer.class : StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * Properties of a consumer that reads what the stages announced and commits nothing itself: only committed
     * transactions' events ({@code read_committed}, as every service's listeners read), so a fenced instance's
     * aborted events are never seen.
     */
    public Map<String, Object> committedReader(String purpose) {
        Map<String, Object> props = connection();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + purpose);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** Where and how to connect: the bootstrap servers and the security settings, for any kind of client. */
    public Map<String, Object> connection() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return security.applyTo(props);
    }
}
