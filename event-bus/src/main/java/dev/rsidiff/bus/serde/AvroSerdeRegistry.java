package dev.rsidiff.bus.serde;

import io.micronaut.configuration.kafka.serde.SerdeRegistry;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves {@link AvroSerde} for generated Avro event types to micronaut-kafka listeners and clients, ahead of the
 * JSON serde registry; other types fall through to the next registry.
 */
@Singleton
public class AvroSerdeRegistry implements SerdeRegistry {

    private final Map<Class<?>, AvroSerde<?>> serdes = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> Serde<T> getSerde(Class<T> type) {
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            return null;
        }
        return (Serde<T>) serdes.computeIfAbsent(type, t -> AvroSerde.of((Class) t));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
