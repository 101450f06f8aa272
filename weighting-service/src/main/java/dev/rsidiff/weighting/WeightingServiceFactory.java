package dev.rsidiff.weighting;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.PartitionFences;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.OpenRounds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.runtime.SettingChecks;
import dev.rsidiff.runtime.memory.HeapRelease;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.weighting.round.ImageEncoder;
import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

@Factory
public class WeightingServiceFactory {

    @Singleton
    @Bean(preDestroy = "close")
    ImageEncoder imageEncoder() {
        return ImageEncoder.ofBaseModel();
    }

    /** The weighting service collects a round's scores: its weights go out only from the scores partition's owner. */
    @Singleton
    @Bean(preDestroy = "close")
    PartitionFences partitionFences(KafkaClientSettings settings) {
        return new PartitionFences(settings, WeightingListener.GROUP, Topics.SCORES_COMPUTED);
    }

    @Singleton
    RoundWeighting roundWeighting(BlobStore blobs, RunConfigStore configs, ImageEncoder encoder, EventProducer producer,
                                  OutputLog outputLog, PartitionFences fences,
                                  @Value("${" + OpenRounds.GRACE_PERIOD + ":5m}") Duration gracePeriod) {
        SettingChecks.positive(OpenRounds.GRACE_PERIOD, gracePeriod);
        TopicWriter<WeightsAssigned> writer = producer.writerFor(Topics.WEIGHTS_ASSIGNED);
        TopicWriter<SelectionPending> pendingWriter = producer.writerFor(Topics.SELECTIONS_PENDING);
        Announcements announcements = new Announcements(blobs, RoundWeighting.STAGE, outputLog, fences);
        return new RoundWeighting(blobs, configs, encoder, announcements.sender(writer),
                announcements.sender(pendingWriter), new EventMetas(ServiceName.WEIGHTING_SERVICE), gracePeriod,
                Clock.systemUTC(), announcements, HeapRelease.collectAndTrim());
    }
}
