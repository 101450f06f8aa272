package dev.rsidiff.bus;

import dev.rsidiff.bus.deadletter.DeadLetterPublisher;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Micronaut wiring of the process's event producer and dead-letter publisher, closed on shutdown. */
@Factory
public class EventBusFactory {

    @Singleton
    KafkaClientSettings kafkaClientSettings(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                                            @Value("${micronaut.application.name:rsidiff}") String applicationName,
                                            Environment environment) {
        // The same kafka.security.protocol, kafka.ssl.* and kafka.sasl.* that micronaut-kafka gives the listeners.
        return new KafkaClientSettings(bootstrapServers, applicationName, KafkaSecurity.fromKafkaProperties(
                environment.getProperties("kafka", StringConvention.RAW)));
    }

    @Singleton
    @Bean(preDestroy = "close")
    EventProducer eventProducer(KafkaClientSettings settings) {
        return new EventProducer(settings);
    }

    @Singleton
    @Bean(preDestroy = "close")
    OutputLog outputLog(KafkaClientSettings settings) {
        return new OutputLog(settings);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DeadLetterPublisher deadLetterPublisher(KafkaClientSettings settings) {
        return new DeadLetterPublisher(settings, Clock.systemUTC());
    }
}
