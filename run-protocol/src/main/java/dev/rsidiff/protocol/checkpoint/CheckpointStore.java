package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.blob.BlobIntegrityException;
import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointException;
import dev.rsidiff.engine.ckpt.CheckpointHeader;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads checkpoints by id and stores new ones. A checkpoint is found through the catalog of announcements, or,
 * when the announcement is gone (topic retention, a broker that lost its data) or not yet read, through the index
 * entry stored beside it, so that resuming or starting from an old round works as long as the object store keeps
 * the checkpoint. A checkpoint is used only if the stored bytes have the hash its
 * event announced and its own header carries the requested id, so a round never runs on the wrong or a damaged
 * checkpoint: such a checkpoint is refused with {@link CheckpointRefusedException}.
 */
public final class CheckpointStore {

    private final BlobStore blobs;
    private final CheckpointCatalog catalog;
    private final Duration publicationWait;

    public CheckpointStore(BlobStore blobs, CheckpointCatalog catalog, Duration publicationWait) {
        this.blobs = blobs;
        this.catalog = catalog;
        this.publicationWait = publicationWait;
    }

    public CheckpointCatalog catalog() {
        return catalog;
    }

    /** The verified checkpoint {@code checkpointId}: the shipped G0, or a published one. */
    public Checkpoint load(String checkpointId) {
        if (BaseModel.ID.equals(checkpointId)) {
            return BaseModel.load();
        }
        Optional<StoredBlob> found = catalog.find(checkpointId).map(CheckpointCatalog.Entry::blob)
                .or(() -> indexed(checkpointId));
        if (found.isPresent()) {
            return read(found.get(), checkpointId);
        }
        // Checkpoints stored before the index existed are known only from their announcement.
        return read(catalog.await(checkpointId, publicationWait).blob(), checkpointId);
    }

    /** Where a stored checkpoint is, from its index entry, if it has one. */
    public Optional<StoredBlob> indexed(String checkpointId) {
        return indexEntry(checkpointId).map(IndexEntry::blob);
    }

    /**
     * A checkpoint's parent and training note, read from its index entry when that has them (a few hundred bytes),
     * else from the checkpoint itself (entries written before notes were indexed). The shipped base has no parent.
     */
    public Lineage lineage(String checkpointId) {
        if (BaseModel.ID.equals(checkpointId)) {
            return new Lineage(null, "the shipped base model");
        }
        return indexEntry(checkpointId).filter(e -> e.note() != null).map(e -> new Lineage(e.parentId(), e.note()))
                .orElseGet(() -> {
                    CheckpointHeader header = load(checkpointId).header();
                    return new Lineage(header.parentId(), header.note());
                });
    }

    /** A checkpoint's parent ({@code null} for the shipped base) and the note its trainer wrote. */
    public record Lineage(String parentId, String note) {
    }

    private Optional<IndexEntry> indexEntry(String checkpointId) {
        BlobKey key = BlobKeys.checkpointIndex(checkpointId);
        return blobs.readIfExists(key).map(f -> Manifests.fromJson(f.bytes(), IndexEntry.class,
                "checkpoint index " + key.value()));
    }

    /**
     * What the index keeps of a stored checkpoint.
     *
     * @param note the trainer's note ({@code null} in entries written before it was indexed)
     */
    public record IndexEntry(String key, String sha256, long sizeBytes, String parentId, String note) {
        StoredBlob blob() {
            return new StoredBlob(BlobKey.of(key), sha256, sizeBytes);
        }
    }

    /** Reads a stored checkpoint, refusing it unless bytes and header match what was announced. */
    public Checkpoint read(StoredBlob blob, String expectedId) {
        // Reading can fail for the object store's sake (transient: it propagates and is retried) or because the
        // bytes are not the announced checkpoint (the record's fault: refused).
        byte[] bytes;
        try {
            bytes = blobs.read(blob);
        } catch (BlobIntegrityException e) {
            throw new CheckpointRefusedException("Checkpoint " + expectedId + " at " + blob.key().value()
                    + " refused: " + e.getMessage(), e);
        }
        Checkpoint checkpoint;
        try {
            checkpoint = CheckpointIO.read(new ByteArrayInputStream(bytes));
        } catch (RuntimeException | IOException e) {
            throw new CheckpointRefusedException("Checkpoint " + expectedId + " at " + blob.key().value()
                    + " refused: " + e.getMessage(), e);
        }
        if (!checkpoint.header().id().equals(expectedId)) {
            throw new CheckpointRefusedException("Checkpoint at " + blob.key().value() + " says it is "
                    + checkpoint.header().id() + ", but " + expectedId + " was announced; refused");
        }
        return checkpoint;
    }

    /** Stores the model's weights as the checkpoint of {@code round} of {@code runId}. */
    public Stored store(String runId, int round, DiffusionModel model, String parentId, String note) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CheckpointHeader header;
        try {
            header = CheckpointIO.write(model, null, parentId, note, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing checkpoint failed", e);
        }
        StoredBlob blob = blobs.put(BlobKeys.checkpoint(runId, round, header.id()), out.toByteArray(),
                "application/octet-stream");
        index(header, blob);
        return new Stored(header, blob);
    }

    private void index(CheckpointHeader header, StoredBlob blob) {
        blobs.put(BlobKeys.checkpointIndex(header.id()), Manifests.toJson(new IndexEntry(blob.key().value(),
                blob.sha256(), blob.sizeBytes(), header.parentId(), header.note())), "application/json");
    }

    /**
     * The checkpoint already stored for {@code round} of {@code runId}, if a trainer stored one before (it may
     * have crashed before announcing it). More than one is a broken invariant and fails loudly.
     */
    public Optional<Stored> storedFor(String runId, int round) {
        List<BlobStore.Listing> found = blobs.list(BlobKeys.checkpointPrefix(runId, round));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            throw new CheckpointException("Round " + round + " of " + runId + " has " + found.size()
                    + " checkpoints stored: " + found.stream().map(l -> l.key().value()).toList());
        }
        BlobStore.Found f = blobs.readIfExists(found.get(0).key()).orElseThrow();
        try {
            Checkpoint c = CheckpointIO.read(new ByteArrayInputStream(f.bytes()));
            index(c.header(), f.blob()); // a crash may have come between storing and indexing
            return Optional.of(new Stored(c.header(), f.blob()));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointRefusedException("Stored checkpoint " + f.blob().key().value()
                    + " is damaged: " + e.getMessage(), e);
        }
    }

    /**
     * A stored checkpoint.
     *
     * @param header what it says about itself
     * @param blob   where it is, with hash and size
     */
    public record Stored(CheckpointHeader header, StoredBlob blob) {
    }
}
