package dev.rsidiff.blob;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/** Reports DOWN on /health when the object store does not answer or the bucket is gone. */
@Singleton
public class BlobStoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final BlobStore store;

    public BlobStoreHealthIndicator(BlobStore store) {
        this.store = store;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean ok = store.bucketReachable();
        healthStatus = ok ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("endpoint", store.settings().endpoint(), "bucket", store.settings().bucket(),
                "bucketExists", ok);
    }

    @Override
    protected String getName() {
        return "blobStore";
    }
}
