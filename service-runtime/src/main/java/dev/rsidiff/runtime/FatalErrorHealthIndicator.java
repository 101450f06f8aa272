package dev.rsidiff.runtime;

import dev.rsidiff.bus.fatal.FatalErrors;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;

/**
 * {@code /health} reports DOWN once a consumer thread died of an {@link Error} ({@link FatalErrors}), naming the
 * listener and the error, for the few seconds until the process exits.
 */
@Singleton
public class FatalErrorHealthIndicator implements HealthIndicator {

    static final String NAME = "listeners";

    private final FatalErrors fatalErrors;

    public FatalErrorHealthIndicator(FatalErrors fatalErrors) {
        this.fatalErrors = fatalErrors;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult.Builder result = HealthResult.builder(NAME);
        return Publishers.just(fatalErrors.fatal()
                .map(f -> result.status(HealthStatus.DOWN).details(Map.of("fatalError", f.error().toString(),
                        "listener", f.where())).build())
                .orElseGet(() -> result.status(HealthStatus.UP).build()));
    }
}
