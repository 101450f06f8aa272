package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checkpoint lineage outlives the event log: a stored checkpoint is found by its id when its announcement is gone
 * (topic retention, a broker that lost its data), and refused when its bytes are not what was stored.
 */
@ExtendWith(LocalStackExtension.class)
class CheckpointStoreIT {

    @Test
    void aStoredCheckpointIsFoundWithoutItsAnnouncementAndADamagedOneIsRefused(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
             DiffusionModel model = DiffusionModel.create(ModelConfig.defaults(32), 5)) {
            blobs.ensureBucket();
            // Given a checkpoint a trainer stored for round 3, and a store whose catalog never saw it announced
            CheckpointStore.Stored stored = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ZERO)
                    .store(run, 3, model, "ck-0000000000000000", "{}");
            CheckpointStore later = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofMillis(100));

            // When it is asked for by id, then it is found through its index entry
            assertThat(later.load(stored.header().id()).header().id()).isEqualTo(stored.header().id());
            assertThat(later.load(stored.header().id()).header().parentId()).isEqualTo("ck-0000000000000000");

            // An id nobody stored is unknown, after the wait for its announcement
            assertThatThrownBy(() -> later.load("ck-0123456789abcdef"))
                    .isInstanceOf(UnknownCheckpointException.class).hasMessageContaining("ck-0123456789abcdef");

            // Bytes that no longer match the stored hash are refused, never loaded
            blobs.put(BlobKeys.checkpoint(run, 3, stored.header().id()), "not a checkpoint".getBytes(StandardCharsets.UTF_8),
                    "application/octet-stream");
            assertThatThrownBy(() -> later.load(stored.header().id())).isInstanceOf(CheckpointRefusedException.class);
        }
    }
}
