package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Which outputs a stage has announced, kept in the object store, so that each output is announced once however
 * often Kafka redelivers the input that caused it. A stage publishes an output's events (waiting for the broker's
 * acknowledgements) and then records the announcement; a redelivered or late input whose output is recorded is
 * acknowledged without publishing anything.
 *
 * <p>The record is written after the events are acknowledged, so a crash between the two re-announces that one
 * output when the input is redelivered: the one repair path, logged as such. Consumers collect by item id, so a
 * repeated announcement changes no state downstream; it is the only way a topic can hold an event twice.
 */
public final class Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

    private final BlobStore blobs;
    private final String stage;

    /** @param stage the announcing stage, e.g. "weighting" (one namespace per stage) */
    public Announcements(BlobStore blobs, String stage) {
        this.blobs = blobs;
        this.stage = stage;
    }

    public boolean announced(String runId, int round, String output) {
        return blobs.exists(key(runId, round, output));
    }

    /**
     * Runs {@code publish} unless {@code output} of the round was announced before, then records it.
     *
     * @return whether the output was announced now
     */
    public boolean once(String runId, int round, String output, Runnable publish) {
        if (announced(runId, round, output)) {
            LOG.debug("Run {} round {}: {} {} was already announced; redelivered input acknowledged", runId, round,
                    stage, output);
            return false;
        }
        publish.run();
        record(runId, round, output);
        return true;
    }

    /** Records that {@code output} was announced (its events acknowledged by the broker). */
    public void record(String runId, int round, String output) {
        blobs.put(key(runId, round, output), Instant.now().toString().getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private BlobKey key(String runId, int round, String output) {
        return BlobKeys.announcement(runId, round, stage, output);
    }
}
