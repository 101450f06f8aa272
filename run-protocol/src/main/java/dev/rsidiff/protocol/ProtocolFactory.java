package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Micronaut wiring of the run protocol's stores. */
@Factory
public class ProtocolFactory {

    @Singleton
    RunConfigStore runConfigStore(BlobStore blobs) {
        return new RunConfigStore(blobs);
    }

    @Singleton
    CheckpointCatalog checkpointCatalog() {
        return new CheckpointCatalog();
    }

    @Singleton
    CheckpointStore checkpointStore(BlobStore blobs, CheckpointCatalog catalog,
                                    @Value("${rsidiff.checkpoint-catalog.publication-wait:60s}") Duration wait) {
        return new CheckpointStore(blobs, catalog, wait);
    }
}
