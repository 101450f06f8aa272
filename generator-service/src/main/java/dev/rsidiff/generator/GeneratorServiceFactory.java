package dev.rsidiff.generator;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.generator.generation.ModelCache;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.runtime.SettingChecks;
import dev.rsidiff.schemas.Topics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.function.Consumer;

/** Wires the generator's work to the object store and the checkpoint catalog. */
@Factory
public class GeneratorServiceFactory {

    /** Images per sampler call (environment: {@code RSIDIFF_GENERATOR_SAMPLER_BATCH}). */
    public static final String SAMPLER_BATCH = "rsidiff.generator.sampler-batch";

    @Singleton
    @Bean(preDestroy = "close")
    ModelCache modelCache(CheckpointStore checkpoints) {
        return new ModelCache(checkpoints);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ImageGeneration imageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventProducer producer,
                                    OutputLog outputLog,
                                    @Value("${" + SAMPLER_BATCH + ":64}") int samplerBatch) {
        SettingChecks.atLeast(SAMPLER_BATCH, samplerBatch, 1);
        Announcements announcements = new Announcements(blobs, ImageGeneration.STAGE, outputLog);
        Consumer<ImageGenerated> sender = announcements.sender(producer.writerFor(Topics.IMAGES_GENERATED));
        return new ImageGeneration(blobs, configs, models, new EventMetas(ServiceName.GENERATOR_SERVICE), samplerBatch,
                images -> images.forEach(sender), announcements);
    }
}
