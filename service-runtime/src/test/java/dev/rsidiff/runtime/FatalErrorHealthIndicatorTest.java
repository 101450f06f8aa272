package dev.rsidiff.runtime;

import dev.rsidiff.bus.fatal.FatalErrors;
import dev.rsidiff.bus.fatal.ProcessExit;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FatalErrorHealthIndicatorTest {

    @Test
    @SuppressWarnings("unchecked")
    void upUntilAConsumerThreadDiesThenDownNamingTheErrorAndExitingWith70() {
        List<Integer> exits = new CopyOnWriteArrayList<>();
        FatalErrors fatalErrors = new FatalErrors(new ProcessExit() {
            @Override
            public void exit(int status) {
                exits.add(status);
            }
        }, Duration.ofMillis(10));
        FatalErrorHealthIndicator health = new FatalErrorHealthIndicator(fatalErrors);
        assertThat(result(health).getStatus()).isEqualTo(HealthStatus.UP);

        fatalErrors.report("ScorerListener.receive", new OutOfMemoryError("Java heap space"));

        HealthResult down = result(health);
        assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat((Map<Object, Object>) down.getDetails()).containsEntry("listener", "ScorerListener.receive")
                .containsEntry("fatalError", "java.lang.OutOfMemoryError: Java heap space");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(exits).containsExactly(FatalErrors.EXIT_CODE));
    }

    private static HealthResult result(FatalErrorHealthIndicator health) {
        CompletableFuture<HealthResult> result = new CompletableFuture<>();
        health.getResult().subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(HealthResult r) {
                result.complete(r);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
            }
        });
        return result.join();
    }
}
