package dev.rsidiff.prompt;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.prompt.pool.PoolStore;
import dev.rsidiff.prompt.pool.TextEncoderEmbedder;
import dev.rsidiff.prompt.round.PoolSettings;
import dev.rsidiff.prompt.round.PromptPoolBuilder;
import dev.rsidiff.prompt.round.RoundPlanner;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.schemas.Topics;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.function.Consumer;

/** Wires the prompt service's planner to Kafka and the object store. */
@Factory
public class PromptServiceFactory {

    @Singleton
    RoundPlanner roundPlanner(BlobStore blobs, RunConfigStore configs, PoolSettings settings, EventProducer producer,
                              OutputLog outputLog) {
        Announcements announcements = new Announcements(blobs, "planning", outputLog);
        Consumer<RoundPlanned> planned = announcements.sender(producer.writerFor(Topics.ROUNDS_PLANNED));
        Consumer<PromptFiltered> prompts = announcements.sender(producer.writerFor(Topics.PROMPTS_FILTERED));
        RoundPlanner.RoundEvents events = new RoundPlanner.RoundEvents() {
            @Override
            public void planned(RoundPlanned event) {
                planned.accept(event);
            }

            @Override
            public void prompt(PromptFiltered event) {
                prompts.accept(event);
            }
        };
        return new RoundPlanner(new PoolStore(blobs), configs,
                new PromptPoolBuilder(settings.check(), TextEncoderEmbedder::ofBaseModel), events,
                new EventMetas(ServiceName.PROMPT_SERVICE), announcements);
    }
}
