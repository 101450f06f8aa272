package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobReader;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.InvalidBlobKeyException;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.listen.BatchTasks;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.schemas.RecordFault;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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
     * Reads a batch's images side by side, {@value BatchTasks#IN_FLIGHT} at a time, the images of one shard with one
     * request ({@link #readerFor}). Why: one after another, each image costs a store round trip of a few
     * milliseconds, mostly waiting, on a stage's critical path (a round's 1,024 images took most of the weighting
     * stage's 12 s on the 2-core machine).
     *
     * @param refs    the images, by any key (the caller's ids)
     * @param refused where an image goes, with the reason, whose bytes do not match its reference or are not an
     *                image the world can have ({@link dev.rsidiff.schemas.RecordFault}: never retried); any other
     *                failure, the store unreachable, is thrown once every read has finished
     * @param <K>     the key
     * @return the images read, by key, in the order of {@code refs}
     */
    public static <K> Map<K, BufferedImage> readAll(BlobStore blobs, Map<K, BlobRef> refs,
                                                    Map<K, RuntimeException> refused) {
        BlobReader shards = readerFor(blobs, refs.values());
        try (BatchTasks reads = new BatchTasks("image-reads")) {
            return reads.each(List.copyOf(refs.keySet()), key -> read(shards, refs.get(key)), refused);
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
