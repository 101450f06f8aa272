package dev.rsidiff.generator;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.generator.generation.ModelCache;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.runtime.SettingChecks;
import dev.rsidiff.runtime.TorchThreads;
import dev.rsidiff.runtime.memory.HeapRelease;
import dev.rsidiff.schemas.Topics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.function.Consumer;

/** Wires the generator's work to the object store and the checkpoint catalog. */
@Factory
public class GeneratorServiceFactory {

    /** Images per sampler call (environment: {@code RSIDIFF_GENERATOR_SAMPLER_BATCH}). */
    public static final String SAMPLER_BATCH = "rsidiff.generator.sampler-batch";
    /**
     * Threads that draw a poll's sampler batches side by side (environment: {@code RSIDIFF_GENERATOR_SAMPLING_WORKERS});
     * 0, the default, is one per intra-op team that the cores hold.
     */
    public static final String SAMPLING_WORKERS = "rsidiff.generator.sampling-workers";

    @Singleton
    @Bean(preDestroy = "close")
    @Named("sampling")
    BatchWorkers samplingWorkers(@Value("${" + SAMPLING_WORKERS + ":0}") int workers) {
        return BatchWorkers.of(BatchWorkers.count(SAMPLING_WORKERS, workers, Runtime.getRuntime().availableProcessors(),
                TorchThreads.intraOpThreads()), "generation-batch", () -> { });
    }

    @Singleton
    @Bean(preDestroy = "close")
    ModelCache modelCache(CheckpointStore checkpoints) {
        return new ModelCache(checkpoints, HeapRelease.collectAndTrim());
    }

    @Singleton
    @Bean(preDestroy = "close")
    ImageGeneration imageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventProducer producer,
                                    OutputLog outputLog, @Named("sampling") BatchWorkers workers,
                                    @Value("${" + SAMPLER_BATCH + ":64}") int samplerBatch) {
        SettingChecks.atLeast(SAMPLER_BATCH, samplerBatch, 1);
        Announcements announcements = new Announcements(blobs, ImageGeneration.STAGE, outputLog);
        Consumer<ImageGenerated> sender = announcements.sender(producer.writerFor(Topics.IMAGES_GENERATED));
        return new ImageGeneration(blobs, configs, models, new EventMetas(ServiceName.GENERATOR_SERVICE), samplerBatch,
                images -> images.forEach(sender), announcements, workers);
    }
}
