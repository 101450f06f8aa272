package dev.rsidiff.runtime;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings every service shares, below each service's own {@code application.yml}, which in turn is below
 * environment variables and system properties: the {@code rsidiff.*} settings and the client-wide {@code kafka.*}
 * properties can be overridden from the environment (e.g. {@code RSIDIFF_BLOB_BUCKET}, {@code KAFKA_SECURITY_PROTOCOL}).
 * A consumer group's own Kafka properties ({@code kafka.consumers.<group>.*}) are out of the environment's reach:
 * micronaut-kafka reads them under their raw names. The batch sizes are therefore settings of their own
 * ({@link dev.rsidiff.bus.listen.RecordsPerPoll}).
 */
public final class ServiceDefaults {

    /** Below application.yml (order 0 and up) and the environment. */
    static final int ORDER = -1_000;

    private ServiceDefaults() {
    }

    public static PropertySource propertySource() {
        Map<String, Object> p = new LinkedHashMap<>();
        // Only health (with details: Kafka and the blob store report as components) and Prometheus metrics are
        // served; every other management endpoint (env, beans, loggers, refresh, routes, threaddump...) is off.
        p.put("endpoints.all.enabled", false);
        p.put("endpoints.health.enabled", true);
        p.put("endpoints.health.sensitive", false);
        p.put("endpoints.health.details-visible", "ANONYMOUS");
        p.put("endpoints.prometheus.enabled", true);
        p.put("endpoints.prometheus.sensitive", false);
        p.put("micronaut.metrics.enabled", true);
        p.put("micronaut.metrics.export.prometheus.enabled", true);
        p.put("micronaut.metrics.export.prometheus.descriptions", true);
        p.put("micronaut.metrics.binders.kafka.enabled", true);
        p.put("kafka.health.enabled", true);
        // Topics are created explicitly; a consumer must never create one by subscribing to a typo.
        p.put("kafka.consumers.default.allow.auto.create.topics", false);
        p.put("kafka.consumers.default.auto.offset.reset", "earliest");
        // A killed instance's partitions move to the survivors after 10 s instead of the client default of 45 s.
        p.put("kafka.consumers.default.session.timeout.ms", 10_000);
        p.put("kafka.consumers.default.heartbeat.interval.ms", 3_000);
        // A consumer's heartbeat thread wakes every retry.backoff.ms between its heartbeats: at the client default of
        // 100 ms, the consumers of five idle services spent about 23 ms of CPU a second on 2 cores, at 500 ms about
        // 10 (README, Performance). Retries after an error start at 500 ms instead of 100 (then back off to 1 s).
        p.put("kafka.consumers.default.retry.backoff.ms", 500);
        // The collectors announce in transactions (PartitionFences): a fenced instance's aborted events are skipped.
        p.put("kafka.consumers.default.isolation.level", "read_committed");
        p.put("kafka.producers.default.enable.idempotence", true);
        p.put("kafka.producers.default.acks", "all");
        p.put("rsidiff.blob.bucket", "rsidiff");
        return new MapPropertySource("rsidiff-service-defaults", p) {
            @Override
            public int getOrder() {
                return ORDER;
            }
        };
    }
}
