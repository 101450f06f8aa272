package dev.rsidiff.generator.generation;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's model cache against a real S3 server: it hands memory back when a round's checkpoint replaces the
 * last one.
 */
@ExtendWith(LocalStackExtension.class)
class ModelCacheIT {

    @Test
    void memoryIsHandedBackAtASwitchOfCheckpointNotAtTheFirstLoadOrAReuse(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        List<String> handedBack = new CopyOnWriteArrayList<>();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
             DiffusionModel first = DiffusionModel.create(ModelConfig.defaults(32), 1);
             DiffusionModel second = DiffusionModel.create(ModelConfig.defaults(32), 2)) {
            // Given two rounds' checkpoints in the store
            blobs.ensureBucket();
            CheckpointStore store = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ZERO);
            String a = store.store(run, 1, first, "ck-0000000000000000", "{}").header().id();
            String b = store.store(run, 2, second, a, "{}").header().id();

            try (ModelCache cache = new ModelCache(store, handedBack::add)) {
                // When the first is loaded and asked for again, nothing is handed back
                DiffusionModel loaded = cache.model(a);
                assertThat(cache.model(a)).isSameAs(loaded);
                assertThat(handedBack).isEmpty();

                // When the next round's checkpoint is asked for, memory is handed back once, at the switch
                cache.model(b);
                assertThat(handedBack).containsExactly("switching to checkpoint " + b);
            }
        }
    }
}
