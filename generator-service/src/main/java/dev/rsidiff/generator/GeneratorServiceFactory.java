package dev.rsidiff.generator;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.generator.generation.ModelCache;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Wires the generator's work to the object store and the checkpoint catalog. */
@Factory
public class GeneratorServiceFactory {

    @Singleton
    @Bean(preDestroy = "close")
    ModelCache modelCache(CheckpointStore checkpoints) {
        return new ModelCache(checkpoints);
    }

    @Singleton
    ImageGeneration imageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventProducer producer,
                                    @Value("${rsidiff.generator.sampler-batch:64}") int samplerBatch) {
        return new ImageGeneration(blobs, configs, models, new EventMetas(ServiceName.GENERATOR_SERVICE), samplerBatch,
                producer.writerFor(Topics.IMAGES_GENERATED)::sendAll);
    }
}
