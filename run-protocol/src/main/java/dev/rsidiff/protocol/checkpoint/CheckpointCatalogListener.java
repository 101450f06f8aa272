package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.bus.listen.StageListener;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.schemas.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;

/**
 * Feeds the catalog. A unique consumer group per instance, read from the beginning: every instance of a scaled-out
 * service learns every checkpoint, including those published before it started.
 */
@Requires(property = CheckpointCatalogListener.ENABLED, value = "true")
@KafkaListener(groupId = "checkpoint-catalog", uniqueGroupId = true, uniqueGroupIdDeleteOnShutdown = true,
        offsetReset = OffsetReset.EARLIEST, pollTimeout = StageListener.POLL_TIMEOUT)
public class CheckpointCatalogListener {

    public static final String ENABLED = "rsidiff.checkpoint-catalog.enabled";

    private final CheckpointCatalog catalog;

    public CheckpointCatalogListener(CheckpointCatalog catalog) {
        this.catalog = catalog;
    }

    @Topic(Topics.Names.CHECKPOINTS_PUBLISHED)
    void receive(CheckpointPublished event) {
        catalog.record(event);
    }
}
