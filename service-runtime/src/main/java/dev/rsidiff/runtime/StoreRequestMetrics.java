package dev.rsidiff.runtime;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoreRequests;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * Publishes the service's object-store requests as {@code rsidiff_blob_requests_total{kind=...}}: the benchmark
 * reads them per image (README, Performance), operators see which service drives the store.
 */
@Singleton
final class StoreRequestMetrics implements MeterBinder {

    private final BlobStore store;

    StoreRequestMetrics(BlobStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (StoreRequests.Kind kind : StoreRequests.Kind.values()) {
            FunctionCounter.builder("rsidiff.blob.requests", store.requests(), r -> r.of(kind))
                    .description("Requests sent to the object store, by kind")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
