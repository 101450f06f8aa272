package dev.rsidiff.control;

import dev.rsidiff.schemas.Topics;

import java.util.Set;
import java.util.TreeSet;

/** The ids of every checkpoint announced on the checkpoints topic, read from its beginning to its current end. */
final class PublishedCheckpoints {

    private PublishedCheckpoints() {
    }

    static Set<String> read(String bootstrapServers) {
        Set<String> ids = new TreeSet<>();
        TopicScan.decodeAll(bootstrapServers, Topics.CHECKPOINTS_PUBLISHED, e -> ids.add(e.getCheckpointId()));
        return ids;
    }
}
