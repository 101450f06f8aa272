package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.schemas.RecordFault;

import java.awt.image.BufferedImage;

/** Reads an image an event points to: its bytes verified against the event's hash, then decoded within bounds. */
public final class StoredImages {

    private StoredImages() {
    }

    /**
     * @throws dev.rsidiff.blob.BlobIntegrityException if the bytes do not match the reference
     * @throws ImageRefusedException                   if they are not an image the world can have
     */
    public static BufferedImage read(BlobStore blobs, BlobRef ref) {
        byte[] bytes = blobs.read(StoredBlob.of(ref));
        try {
            return Images.fromPng(bytes);
        } catch (IllegalArgumentException e) {
            throw new ImageRefusedException("Image " + ref.getKey() + " refused: " + e.getMessage(), e);
        }
    }

    /** The stored bytes are not a PNG of a size the world has: the record's fault, never retried. */
    public static final class ImageRefusedException extends RuntimeException implements RecordFault {
        ImageRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
