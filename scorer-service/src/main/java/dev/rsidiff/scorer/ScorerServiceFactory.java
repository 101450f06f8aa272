package dev.rsidiff.scorer;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.scorer.scoring.ImageScoring;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

@Factory
public class ScorerServiceFactory {

    @Singleton
    @Bean(preDestroy = "close")
    ImageScoring imageScoring(BlobStore blobs, RunConfigStore configs, EventProducer producer, OutputLog outputLog) {
        Announcements announcements = new Announcements(blobs, ImageScoring.STAGE, outputLog);
        return new ImageScoring(blobs, configs, new EventMetas(ServiceName.SCORER_SERVICE),
                announcements.sender(producer.writerFor(Topics.SCORES_COMPUTED)), announcements);
    }
}
