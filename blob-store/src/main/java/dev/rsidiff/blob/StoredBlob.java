package dev.rsidiff.blob;

import dev.rsidiff.events.common.BlobRef;

/**
 * What was stored: the key, the SHA-256 of the bytes, their size, and where they start in the object (0: the whole
 * object; a shard's entries start after its header). Converts to the {@link BlobRef} events carry.
 *
 * @param key         object key
 * @param sha256      lower-case hex SHA-256 of the named bytes
 * @param sizeBytes   size of the named bytes
 * @param offsetBytes where they start in the object; 0 names the whole object
 */
public record StoredBlob(BlobKey key, String sha256, long sizeBytes, long offsetBytes) {

    public StoredBlob {
        if (offsetBytes < 0 || sizeBytes < 0) {
            throw new InvalidBlobKeyException("Blob " + key + ": offset " + offsetBytes + " and size " + sizeBytes
                    + " must not be negative");
        }
    }

    /** A whole object. */
    public StoredBlob(BlobKey key, String sha256, long sizeBytes) {
        this(key, sha256, sizeBytes, 0);
    }

    /** Whether this names a range of an object rather than all of it. */
    public boolean isRange() {
        return offsetBytes > 0;
    }

    /** The offset just past the named bytes. */
    public long endBytes() {
        return offsetBytes + sizeBytes;
    }

    public BlobRef toRef() {
        return BlobRef.newBuilder().setKey(key.value()).setSha256(sha256).setSizeBytes(sizeBytes)
                .setOffsetBytes(offsetBytes).build();
    }

    /** Validates the key of a reference taken from an event. */
    public static StoredBlob of(BlobRef ref) {
        return new StoredBlob(BlobKey.of(ref.getKey()), ref.getSha256(), ref.getSizeBytes(), ref.getOffsetBytes());
    }
}
