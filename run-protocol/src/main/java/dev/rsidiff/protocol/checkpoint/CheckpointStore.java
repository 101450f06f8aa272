package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.blob.BlobKeys;
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
 * Reads checkpoints by id and stores new ones. A checkpoint is used only if the stored bytes have the hash its
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
        CheckpointCatalog.Entry entry = catalog.await(checkpointId, publicationWait);
        return read(entry.blob(), checkpointId);
    }

    /** Reads a stored checkpoint, refusing it unless bytes and header match what was announced. */
    public Checkpoint read(StoredBlob blob, String expectedId) {
        Checkpoint checkpoint;
        try {
            checkpoint = CheckpointIO.read(new ByteArrayInputStream(blobs.read(blob)));
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
        return new Stored(header, blob);
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
