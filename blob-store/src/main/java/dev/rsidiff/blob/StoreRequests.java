package dev.rsidiff.blob;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the requests a {@link BlobStore} has sent, by kind. On the local stack every request costs the S3
 * server about 0.75 ms of CPU whatever it carries, so the count per image, not the bytes, is what the pipeline's
 * store overhead follows (README, Performance). A call that the SDK splits into several HTTP requests (a multipart
 * upload, a listing longer than a page) counts once.
 */
public final class StoreRequests {

    /** What a request does. */
    public enum Kind {
        /** Writes an object. */
        PUT,
        /** Reads an object or part of one. */
        GET,
        /** Asks for an object's size. */
        STAT,
        /** Lists keys under a prefix. */
        LIST,
        /** Removes an object. */
        DELETE,
        /** Checks or creates the bucket. */
        BUCKET
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);

    StoreRequests() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    void count(Kind kind) {
        counts.get(kind).increment();
    }

    /** Requests of {@code kind} sent so far. */
    public long of(Kind kind) {
        return counts.get(kind).sum();
    }
}
