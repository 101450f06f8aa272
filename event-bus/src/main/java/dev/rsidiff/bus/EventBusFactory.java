package dev.rsidiff.bus;

import dev.rsidiff.bus.deadletter.DeadLetterPublisher;
import dev.rsidiff.bus.write.EventProducer;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Micronaut wiring of the process's event producer and dead-letter publisher, closed on shutdown. */
@Factory
public class EventBusFactory {

    @Singleton
    KafkaClientSettings kafkaClientSettings(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                                            @Value("${micronaut.application.name:rsidiff}") String applicationName) {
        return new KafkaClientSettings(bootstrapServers, applicationName);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EventProducer eventProducer(KafkaClientSettings settings) {
        return new EventProducer(settings);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DeadLetterPublisher deadLetterPublisher(KafkaClientSettings settings) {
        return new DeadLetterPublisher(settings, Clock.systemUTC());
    }
}
