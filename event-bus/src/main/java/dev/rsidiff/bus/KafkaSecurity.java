package dev.rsidiff.bus;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The security settings of a Kafka client (TLS and SASL): {@code security.protocol} and every {@code ssl.*} and
 * {@code sasl.*} client property. The services' listeners get them from Micronaut's {@code kafka.*} configuration;
 * the same values reach the clients this project builds itself (event producers, dead-letter publisher, run
 * control, topic provisioning) through this record, so that one set of environment variables secures them all:
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, and so on (the property upper-cased, dots as underscores).
 *
 * @param properties client properties, keys as Kafka names them (e.g. {@code sasl.mechanism})
 */
public record KafkaSecurity(Map<String, String> properties) {

    public KafkaSecurity {
        properties = Map.copyOf(properties);
        properties.keySet().forEach(key -> {
            if (!isSecurityProperty(key)) {
                throw new IllegalArgumentException("Not a Kafka security setting: " + key
                        + " (security.protocol, ssl.* or sasl.*)");
            }
        });
    }

    /** No security: PLAINTEXT, the local stack's way. */
    public static KafkaSecurity none() {
        return new KafkaSecurity(Map.of());
    }

    /** The security settings among environment variables named {@code KAFKA_<PROPERTY>}. */
    public static KafkaSecurity fromEnvironment(Map<String, String> environment) {
        Map<String, String> out = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && value != null && !value.isBlank()) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (isSecurityProperty(key)) {
                    out.put(key, value);
                }
            }
        });
        return new KafkaSecurity(out);
    }

    /** The security settings among properties named relative to Micronaut's {@code kafka.} prefix. */
    public static KafkaSecurity fromKafkaProperties(Map<String, Object> kafkaProperties) {
        Map<String, String> out = new TreeMap<>();
        kafkaProperties.forEach((key, value) -> {
            String k = key.toLowerCase(Locale.ROOT).replace('-', '.');
            if (isSecurityProperty(k) && value != null) {
                out.put(k, value.toString());
            }
        });
        return new KafkaSecurity(out);
    }

    /** {@code clientProperties} with these settings added (they win over anything already there). */
    public Map<String, Object> applyTo(Map<String, Object> clientProperties) {
        clientProperties.putAll(properties);
        return clientProperties;
    }

    static boolean isSecurityProperty(String key) {
        return key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.");
    }

    /** The settings with secrets (passwords, JAAS configurations, keys) masked, for logs. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") || k.endsWith(".key")
                || k.contains("secret") ? "****" : v));
        return "KafkaSecurity" + shown;
    }
}
