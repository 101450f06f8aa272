package dev.rsidiff.blob;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Micronaut wiring: one {@link BlobStore} per service from {@code rsidiff.blob.*}, its bucket created at start-up. */
@Factory
public class BlobStoreFactory {

    @Singleton
    BlobStoreSettings blobStoreSettings(@Value("${rsidiff.blob.endpoint}") String endpoint,
                                        @Value("${rsidiff.blob.access-key}") String accessKey,
                                        @Value("${rsidiff.blob.secret-key:}") String secretKey,
                                        @Value("${rsidiff.blob.secret-key-file:}") String secretKeyFile,
                                        @Value("${rsidiff.blob.bucket:rsidiff}") String bucket,
                                        @Value("${rsidiff.blob.region:us-east-1}") String region) {
        return new BlobStoreSettings(endpoint, accessKey, SecretFiles.resolve("rsidiff.blob.secret-key", secretKey,
                secretKeyFile), bucket, region);
    }

    /** Created at start-up (not on first use), so that a wrong endpoint or credentials stop the service at once. */
    @Context
    @Bean(preDestroy = "close")
    BlobStore blobStore(BlobStoreSettings settings) {
        BlobStore store = new BlobStore(settings);
        store.ensureBucket();
        return store;
    }
}
