package dev.rsidiff.blob;

import dev.rsidiff.events.common.BlobRef;

/**
 * What was stored: the key, the SHA-256 of the bytes, their size. Converts to the {@link BlobRef} events carry.
 *
 * @param key       object key
 * @param sha256    lower-case hex SHA-256
 * @param sizeBytes size in bytes
 */
public record StoredBlob(BlobKey key, String sha256, long sizeBytes) {

    public BlobRef toRef() {
        return BlobRef.newBuilder().setKey(key.value()).setSha256(sha256).setSizeBytes(sizeBytes).build();
    }

    /** Validates the key of a reference taken from an event. */
    public static StoredBlob of(BlobRef ref) {
        return new StoredBlob(BlobKey.of(ref.getKey()), ref.getSha256(), ref.getSizeBytes());
    }
}
