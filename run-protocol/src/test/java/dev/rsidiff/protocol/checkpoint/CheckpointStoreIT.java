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

    @Test
    void lineageComesFromTheIndexEntryAndFromTheCheckpointForEntriesWithoutANote(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
             DiffusionModel model = DiffusionModel.create(ModelConfig.defaults(32), 5);
             DiffusionModel child = DiffusionModel.create(ModelConfig.defaults(32), 6)) {
            blobs.ensureBucket();
            CheckpointStore store = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ZERO);
            // Given a checkpoint stored with a parent and a training note
            CheckpointStore.Stored stored = store.store(run, 1, model, "ck-0000000000000000", "{\"epochs\":2}");
            String id = stored.header().id();

            // When its lineage is asked for, then the index entry answers
            assertThat(store.lineage(id)).isEqualTo(new CheckpointStore.Lineage("ck-0000000000000000", "{\"epochs\":2}"));

            // Given the checkpoint's bytes replaced, the index entry alone still answers (the checkpoint is not read)
            blobs.put(BlobKeys.checkpoint(run, 1, id), "not a checkpoint".getBytes(StandardCharsets.UTF_8),
                    "application/octet-stream");
            assertThat(store.lineage(id).note()).isEqualTo("{\"epochs\":2}");

            // Given an index entry written before notes were indexed, the checkpoint itself is read (and verified)
            CheckpointStore.Stored second = store.store(run, 2, child, id, "{\"epochs\":3}");
            blobs.put(BlobKeys.checkpointIndex(second.header().id()), dev.rsidiff.protocol.Manifests.toJson(
                    new CheckpointStore.IndexEntry(second.blob().key().value(), second.blob().sha256(),
                            second.blob().sizeBytes(), id, null)), "application/json");
            assertThat(store.lineage(second.header().id())).isEqualTo(new CheckpointStore.Lineage(id, "{\"epochs\":3}"));

            // The shipped base has no parent
            assertThat(store.lineage(dev.rsidiff.engine.ckpt.BaseModel.ID).parentId()).isNull();
        }
    }
}
