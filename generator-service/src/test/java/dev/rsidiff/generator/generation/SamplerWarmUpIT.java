package dev.rsidiff.generator.generation;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's warm-up against a real S3 server: it leaves the base model loaded for the runs that start from it,
 * and the images drawn after it are the images drawn without it.
 */
@ExtendWith(LocalStackExtension.class)
class SamplerWarmUpIT {

    private static final List<String> PROMPTS = List.of("a red circle", "a blue square at the top", "two green triangles");
    private static final long[] SEEDS = {11, 12, 13};
    private static final SamplerSettings SETTINGS = SamplerSettings.defaults().withSteps(2).withBatchSize(4);

    @Test
    void leavesTheBaseModelLoadedAndChangesNoImage(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
             BatchWorkers workers = BatchWorkers.of(2, "warm-up-test", () -> { })) {
            // Given the images a fresh process draws from the base model
            blobs.ensureBucket();
            float[] cold;
            try (DiffusionModel fresh = BaseModel.load().toModel()) {
                cold = new DdimSampler(fresh, workers).sample(PROMPTS, SEEDS, SETTINGS).pixels();
            }
            CheckpointStore store = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ZERO);
            try (ModelCache cache = new ModelCache(store, what -> { })) {
                assertThat(cache.loaded()).isEmpty();

                // When the generator warms up
                SamplerWarmUp.run(cache, workers, SETTINGS.batchSize());

                // Then the base model is loaded, and what it draws next is what it drew cold
                assertThat(cache.loaded()).contains(BaseModel.ID);
                DiffusionModel warm = cache.model(BaseModel.ID);
                assertThat(new DdimSampler(warm, workers).sample(PROMPTS, SEEDS, SETTINGS).pixels()).containsExactly(cold);
            }
        }
    }

    @Test
    void isSkippedOnceAPollHasLoadedAModel(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
             DiffusionModel round = DiffusionModel.create(ModelConfig.defaults(32), 3)) {
            // Given a poll that loaded a run's checkpoint before the warm-up came to it
            blobs.ensureBucket();
            CheckpointStore store = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ZERO);
            String id = store.store("run-" + UUID.randomUUID(), 1, round, BaseModel.ID, "{}").header().id();
            try (ModelCache cache = new ModelCache(store, what -> { })) {
                DiffusionModel polled = cache.model(id);

                // When the warm-up runs
                Optional<Duration> took = SamplerWarmUp.run(cache, BatchWorkers.INLINE, SETTINGS.batchSize());

                // Then it does nothing: the poll's model stays loaded, not closed under it
                assertThat(took).isEmpty();
                assertThat(cache.loaded()).contains(id);
                assertThat(cache.model(id)).isSameAs(polled);
            }
        }
    }
}
