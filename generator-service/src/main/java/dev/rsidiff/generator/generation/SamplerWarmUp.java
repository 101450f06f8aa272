package dev.rsidiff.generator.generation;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SamplerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * One denoising step of a full sampler batch on every sampling worker, drawn when the generator starts. Why: a fresh
 * process draws its first batches at about half speed. Measured on the 2-core development machine (two workers, one
 * intra-op thread each, G0, 128 images): 4.1-4.8 s for the first call, 2.1-2.6 s for every call from the third on;
 * after a trim of the native heap the next call took 3.2-3.9 s again, so most of the gap is the kernel faulting in
 * the sampler's working set (about 700 MiB), the rest libtorch's first use of its kernels. Neither depends on the
 * weights or on how many steps are drawn, only on the batch's shape, which is fixed ({@link DdimSampler}): one step
 * of the shipped base model does it, and leaves that model loaded in the {@link ModelCache} for the runs that start
 * from it (the default).
 * <p>
 * It runs beside the service's start ({@code SamplerWarmUpOnStart}), not before the service reports healthy: drawn
 * first, it made the local stack and five services take 17.4-17.5 s to come up on 2 cores (20.1 s in the first run
 * after a build) instead of 11.4-13.5 s ({@code rsi bench loop}), since the five start on the same cores. A poll for
 * the base model that arrives meanwhile goes ahead (its batches queue behind the warm-up's on the workers); a poll
 * for another checkpoint waits for it to end, so that the model is not closed under it. Once a poll has loaded a
 * model, it is skipped.
 */
public final class SamplerWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(SamplerWarmUp.class);

    private SamplerWarmUp() {
    }

    /**
     * @param workers      the sampling workers
     * @param samplerBatch the images per sampler call, which fix the batch's shape
     * @return how long it took, or empty if a model was loaded before it (work came first)
     */
    public static Optional<Duration> run(ModelCache models, BatchWorkers workers, int samplerBatch) {
        long t0 = System.nanoTime();
        int images = workers.workers() * samplerBatch;
        boolean ran = models.ifNoneLoaded(BaseModel.ID, model -> new DdimSampler(model, workers).sample(
                Collections.nCopies(images, DdimSampler.UNCONDITIONAL), LongStream.range(0, images).toArray(),
                SamplerSettings.defaults().withSteps(1).withBatchSize(samplerBatch)));
        if (!ran) {
            LOG.info("Sampler warm-up skipped: a model was loaded before it");
            return Optional.empty();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Sampler warmed up on {} in {} ms: one step of {} images on {} worker(s)", BaseModel.ID,
                took.toMillis(), images, workers.workers());
        return Optional.of(took);
    }
}
