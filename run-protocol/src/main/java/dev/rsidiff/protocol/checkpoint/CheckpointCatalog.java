package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.events.checkpoint.CheckpointPublished;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every checkpoint this instance has heard of, from the checkpoint-published events (read by each instance in its
 * own consumer group, so every instance sees every checkpoint). A round names its checkpoint by id; the catalog
 * says where that checkpoint is and what hash its bytes must have.
 */
public final class CheckpointCatalog {

    /**
     * A published checkpoint.
     *
     * @param checkpointId its id
     * @param runId        the run that produced it
     * @param round        the round that produced it
     * @param parentId     the checkpoint it was fine-tuned from
     * @param blob         where it is stored, with its hash
     */
    public record Entry(String checkpointId, String runId, int round, String parentId, StoredBlob blob) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public void record(CheckpointPublished event) {
        Entry entry = new Entry(event.getCheckpointId(), event.getMeta().getRunId(), event.getMeta().getRound(),
                event.getParentId(), StoredBlob.of(event.getCheckpoint()));
        synchronized (this) {
            entries.put(entry.checkpointId(), entry);
            notifyAll();
        }
    }

    public Optional<Entry> find(String checkpointId) {
        return Optional.ofNullable(entries.get(checkpointId));
    }

    /**
     * The entry of {@code checkpointId}, waiting up to {@code timeout} for its event: a round's prompts can arrive
     * a moment before this instance has read the checkpoint that starts the round.
     */
    public Entry await(String checkpointId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!entries.containsKey(checkpointId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new UnknownCheckpointException("Checkpoint " + checkpointId + " has not been published "
                            + "(waited " + timeout.toSeconds() + " s); known: " + entries.keySet());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnknownCheckpointException("Interrupted while waiting for checkpoint " + checkpointId);
                }
            }
            return entries.get(checkpointId);
        }
    }

    public int size() {
        return entries.size();
    }
}
