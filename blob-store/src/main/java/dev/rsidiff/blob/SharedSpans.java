package dev.rsidiff.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads ranges of the same objects with one request per object: the span from the first wanted range's start to
 * the last one's end, fetched on the first read that needs it (reads of different objects fetch in parallel) and
 * cut into the ranges, each verified on its own. On the local stack a request costs the S3 server the same CPU
 * whatever it carries, so a prompt's 16 images cost one request instead of 16.
 */
final class SharedSpans implements BlobReader {

    /** A span larger than this is not fetched whole; its ranges are read one by one. Shards are far smaller. */
    static final long MAX_SPAN_BYTES = 16L * 1024 * 1024;

    private final BlobStore store;
    private final Map<BlobKey, Span> spans = new HashMap<>();

    SharedSpans(BlobStore store, Collection<StoredBlob> wanted) {
        this.store = store;
        Map<BlobKey, List<StoredBlob>> byKey = wanted.stream().filter(StoredBlob::isRange)
                .collect(Collectors.groupingBy(StoredBlob::key));
        byKey.forEach((key, ranges) -> {
            long from = ranges.stream().mapToLong(StoredBlob::offsetBytes).min().orElseThrow();
            long to = ranges.stream().mapToLong(StoredBlob::endBytes).max().orElseThrow();
            if (ranges.size() > 1 && to - from <= MAX_SPAN_BYTES) {
                spans.put(key, new Span(key, from, to));
            }
        });
    }

    @Override
    public byte[] read(StoredBlob expected) {
        Span span = spans.get(expected.key());
        if (span == null || expected.offsetBytes() < span.from || expected.endBytes() > span.to) {
            return store.read(expected);
        }
        byte[] bytes = span.bytes();
        int start = Math.toIntExact(expected.offsetBytes() - span.from);
        int end = Math.toIntExact(expected.endBytes() - span.from);
        if (end > bytes.length) {
            throw new BlobIntegrityException(expected.key().value(), "bytes " + expected.offsetBytes() + "+"
                    + expected.sizeBytes() + " lie past the object's end");
        }
        // Verified as every read is, by the stream that checks a whole object's size and SHA-256
        try (InputStream cut = new VerifyingInputStream(new ByteArrayInputStream(bytes, start, end - start), expected)) {
            return cut.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /** The part of an object that the wanted ranges cover, fetched once. */
    private final class Span {
        private final BlobKey key;
        private final long from;
        private final long to;
        private byte[] bytes;

        Span(BlobKey key, long from, long to) {
            this.key = key;
            this.from = from;
            this.to = to;
        }

        synchronized byte[] bytes() {
            if (bytes == null) {
                try (InputStream in = store.openRange(key, from, to - from)) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new BlobStoreException("Reading " + key + " bytes " + from + "+" + (to - from) + " failed: "
                            + e.getMessage(), e);
                }
            }
            return bytes;
        }
    }
}
