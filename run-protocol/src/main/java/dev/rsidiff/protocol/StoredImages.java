package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobReader;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.InvalidBlobKeyException;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.schemas.RecordFault;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads an image an event points to: its bytes verified against the event's hash, then decoded within bounds. */
public final class StoredImages {

    private StoredImages() {
    }

    /**
     * @throws dev.rsidiff.blob.BlobIntegrityException if the bytes do not match the reference
     * @throws ImageRefusedException                   if they are not an image the world can have
     */
    public static BufferedImage read(BlobReader blobs, BlobRef ref) {
        byte[] bytes = blobs.read(StoredBlob.of(ref));
        try {
            return Images.fromPng(bytes);
        } catch (IllegalArgumentException e) {
            throw new ImageRefusedException("Image " + ref.getKey() + " refused: " + e.getMessage(), e);
        }
    }

    /**
     * A reader for a batch's images that fetches each shard's part they lie in once ({@link
     * BlobStore#readingTogether}). A reference whose key is invalid is left out here and fails on its own read.
     */
    public static BlobReader readerFor(BlobStore blobs, Collection<BlobRef> refs) {
        List<StoredBlob> wanted = new ArrayList<>();
        for (BlobRef ref : refs) {
            try {
                wanted.add(StoredBlob.of(ref));
            } catch (InvalidBlobKeyException e) {
                // read() rejects it with this reason, for this image alone
            }
        }
        return blobs.readingTogether(wanted);
    }

    /** The stored bytes are not a PNG of a size the world has: the record's fault, never retried. */
    public static final class ImageRefusedException extends RuntimeException implements RecordFault {
        ImageRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
