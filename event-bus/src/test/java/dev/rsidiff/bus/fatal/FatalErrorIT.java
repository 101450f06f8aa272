package dev.rsidiff.bus.fatal;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.RandomEvents;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Given a listener that runs out of memory on one record, when that record arrives, then the service records the
 * fatal error and asks to exit with status 70 (so an orchestrator restarts it) instead of leaving a consumer that
 * silently stopped, and the record is retried, not dead-lettered, until the process is gone.
 */
@ExtendWith(LocalStackExtension.class)
class FatalErrorIT {

    @Test
    void anErrorOnAConsumerThreadStopsTheService(StackEndpoints stack) {
        String run = "dying-" + UUID.randomUUID();
        Map<String, Object> props = new HashMap<>(stack.asProperties());
        props.put("micronaut.application.name", "fatal-error-test");
        props.put(DyingListener.ENABLED, "true");
        props.put(DyingListener.RUN_PROPERTY, run);
        props.put("rsidiff.fatal.exit-delay", "100ms");
        props.put("rsidiff.retry.attempts", "50");
        props.put("rsidiff.retry.delay", "20ms");
        try (ApplicationContext context = ApplicationContext.run(props)) {
            RoundEvaluated event = RandomEvents.of(RoundEvaluated.class, 7);
            event.getMeta().setRunId(run);
            try (EventProducer producer = new EventProducer(new KafkaClientSettings(stack.kafkaBootstrapServers(), "fatal-test"))) {
                producer.writerFor(Topics.ROUNDS_EVALUATED).send(event);
            }

            RecordingProcessExit exit = context.getBean(RecordingProcessExit.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(exit.exits()).contains(FatalErrors.EXIT_CODE));
            FatalErrors.Fatal fatal = context.getBean(FatalErrors.class).fatal().orElseThrow();
            assertThat(fatal.where()).isEqualTo("DyingListener.receive");
            assertThat(fatal.error()).isInstanceOf(OutOfMemoryError.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(context.getBean(DyingListener.class).attemptsFor(run)).as("retried, not dead-lettered")
                            .isGreaterThan(1));
        }
    }
}
