package dev.rsidiff.bus;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {

    @Test
    void environmentVariablesBecomeClientSecuritySettingsAndNothingElse() {
        KafkaSecurity security = KafkaSecurity.fromEnvironment(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"rsi\" password=\"s3cret\";",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "KAFKA_SSL_KEYSTORE_PASSWORD", "",
                "PATH", "/usr/bin"));

        assertThat(security.properties()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location").containsEntry("security.protocol", "SASL_SSL");
        assertThat(security.toString()).doesNotContain("s3cret").contains("SCRAM-SHA-512");
    }

    @Test
    void micronautKafkaPropertiesGiveTheSameSettingsTheListenersGet() {
        KafkaSecurity security = KafkaSecurity.fromKafkaProperties(Map.of(
                "security.protocol", "SSL", "ssl-truststore.location", "/t.p12", "bootstrap.servers", "k:9092",
                "consumers.default.max.poll.records", 16));

        assertThat(security.properties()).isEqualTo(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/t.p12"));
        KafkaClientSettings settings = new KafkaClientSettings("k:9093", "scorer-service", security);
        assertThat(settings.idempotentProducer("events", false)).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/t.p12").containsEntry("bootstrap.servers", "k:9093");
    }

    @Test
    void onlySecuritySettingsAreAccepted() {
        assertThatThrownBy(() -> new KafkaSecurity(Map.of("acks", "0"))).hasMessageContaining("acks");
    }
}
