package dev.rsidiff.blob;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The system's object storage: images, checkpoints, manifests and reference sets in one bucket of an S3 API server
 * (MinIO, S3Proxy, AWS). Writes stream and return the SHA-256 of what was written; reads take the reference an
 * event carried and fail with {@link BlobIntegrityException} if the bytes do not match it.
 */
public final class BlobStore implements BlobReader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
    /** Multipart part size for streams of unknown length (S3's minimum is 5 MiB). */
    private static final long PART_SIZE = 8L * 1024 * 1024;

    private final BlobStoreSettings settings;
    private final OkHttpClient http;
    private final MinioClient client;
    private final StoreRequests requests = new StoreRequests();

    public BlobStore(BlobStoreSettings settings) {
        this.settings = settings;
        // Our own HTTP client so that close() can stop its threads: OkHttp's are not daemons.
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySockets())
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS)
                .writeTimeout(120, TimeUnit.SECONDS)
                .build();
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .httpClient(http)
                .build();
    }

    public BlobStoreSettings settings() {
        return settings;
    }

    /** The requests this store has sent so far, by kind (a service's metrics report them). */
    public StoreRequests requests() {
        return requests;
    }

    /** Creates the bucket unless it exists. Services call it at start-up. */
    public void ensureBucket() {
        call(StoreRequests.Kind.BUCKET, "create bucket " + settings.bucket(), () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
                    LOG.info("Created bucket {} at {}", settings.bucket(), settings.endpoint());
                } catch (ErrorResponseException e) {
                    // Services starting together race to create it; losing that race is fine.
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** Whether the store answers and the bucket exists (for health checks). */
    public boolean bucketReachable() {
        return call(StoreRequests.Kind.BUCKET, "check bucket " + settings.bucket(),
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build()));
    }

    /** Streams {@code in} to {@code key} (any length, multipart above {@value #PART_SIZE} bytes). */
    public StoredBlob put(BlobKey key, InputStream in, String contentType) {
        MessageDigest digest = Sha256.newDigest();
        CountingDigestStream counted = new CountingDigestStream(in, digest);
        call(StoreRequests.Kind.PUT, "put " + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(settings.bucket())
                .object(key.value())
                .stream(counted, -1, PART_SIZE)
                .contentType(contentType)
                .build()));
        return new StoredBlob(key, HexFormat.of().formatHex(digest.digest()), counted.count);
    }

    public StoredBlob put(BlobKey key, byte[] bytes, String contentType) {
        return put(key, new ByteArrayInputStream(bytes), contentType);
    }

    /**
     * Opens a stored object for streaming. The stream verifies as it goes and throws
     * {@link BlobIntegrityException} at its end if size or SHA-256 differ from {@code expected}; callers must not
     * act on the content before reading it to the end.
     */
    public InputStream open(StoredBlob expected) {
        InputStream raw = expected.isRange() && expected.sizeBytes() > 0
                ? openRange(expected.key(), expected.offsetBytes(), expected.sizeBytes())
                : call(StoreRequests.Kind.GET, "get " + expected.key(), () -> client.getObject(GetObjectArgs.builder()
                        .bucket(settings.bucket()).object(expected.key().value()).build()));
        return new VerifyingInputStream(raw, expected);
    }

    /**
     * The bytes {@code [offset, offset + length)} of an object, unverified (callers verify what they cut from them).
     * A range past the object's end is the reference's fault: {@link BlobIntegrityException}.
     */
    InputStream openRange(BlobKey key, long offset, long length) {
        return call(StoreRequests.Kind.GET, "get " + key + " bytes " + offset + "+" + length, () -> {
            try {
                return client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key.value())
                        .offset(offset).length(length).build());
            } catch (ErrorResponseException e) {
                if ("InvalidRange".equals(e.errorResponse().code())) {
                    throw new BlobIntegrityException(key.value(), "bytes " + offset + "+" + length
                            + " lie past the object's end");
                }
                throw e;
            }
        });
    }

    /**
     * A reader of {@code wanted} that fetches, for each object several of them lie in (a shard's images), the span
     * they cover with one request instead of one each; each read is still verified on its own. Reads of other blobs
     * go to the store one by one.
     */
    public BlobReader readingTogether(Collection<StoredBlob> wanted) {
        return new SharedSpans(this, wanted);
    }

    /** Reads a whole object, or the range the reference names, verified. */
    @Override
    public byte[] read(StoredBlob expected) {
        if (expected.sizeBytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Blob " + expected.key() + " is too large to read into memory ("
                    + expected.sizeBytes() + " bytes); stream it with open()");
        }
        try (InputStream in = open(expected)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BlobStoreException("Reading " + expected.key() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an object that no event describes yet (a service's own earlier output, found again after a restart),
     * with the SHA-256 and size of what was read, so that it can be described from now on; empty if it does not
     * exist.
     */
    public Optional<Found> readIfExists(BlobKey key) {
        if (size(key).isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = call(StoreRequests.Kind.GET, "get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder()
                    .bucket(settings.bucket()).object(key.value()).build())) {
                return in.readAllBytes();
            }
        });
        return Optional.of(new Found(new StoredBlob(key, Sha256.hex(bytes), bytes.length), bytes));
    }

    /**
     * An object read with {@link #readIfExists}.
     *
     * @param blob  its key, hash and size
     * @param bytes its content
     */
    public record Found(StoredBlob blob, byte[] bytes) {
    }

    /** Downloads an object to {@code target}, which appears only once the bytes are verified. */
    public Path download(StoredBlob expected, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, target.getFileName().toString(), ".partial");
            try (InputStream in = open(expected); OutputStream out = Files.newOutputStream(partial)) {
                in.transferTo(out);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BlobStoreException("Downloading " + expected.key() + " to " + target + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Size of the object at {@code key}, if it exists. */
    public Optional<Long> size(BlobKey key) {
        return call(StoreRequests.Kind.STAT, "stat " + key, () -> {
            try {
                return Optional.of(client.statObject(StatObjectArgs.builder()
                        .bucket(settings.bucket()).object(key.value()).build()).size());
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(BlobKey key) {
        return size(key).isPresent();
    }

    /** Every object under {@code prefix}, recursively, in key order. */
    public List<Listing> list(String prefix) {
        return call(StoreRequests.Kind.LIST, "list " + prefix, () -> {
            List<Listing> out = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(settings.bucket()).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                out.add(new Listing(BlobKey.of(item.objectName()), item.size()));
            }
            return out;
        });
    }

    /**
     * Which of {@code keys} exist, from one listing of the longest prefix they share. For keys that share most of
     * their text (a prompt's images) that is one request instead of one per key: on the local stack's S3 server,
     * 64 listings of 16 keys each took 94-464 ms where the 1,024 lookups took 383-2,027 ms (8 in flight). A set
     * of keys that share nothing lists the whole bucket, so group them by what they share first.
     */
    public Set<BlobKey> existingAmong(Collection<BlobKey> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        Set<BlobKey> wanted = new HashSet<>(keys);
        Set<BlobKey> out = new LinkedHashSet<>();
        list(commonPrefix(keys)).forEach(l -> {
            if (wanted.contains(l.key())) {
                out.add(l.key());
            }
        });
        return out;
    }

    private static String commonPrefix(Collection<BlobKey> keys) {
        String prefix = keys.iterator().next().value();
        for (BlobKey k : keys) {
            int n = 0;
            int max = Math.min(prefix.length(), k.value().length());
            while (n < max && prefix.charAt(n) == k.value().charAt(n)) {
                n++;
            }
            prefix = prefix.substring(0, n);
        }
        return prefix;
    }

    public void delete(BlobKey key) {
        call(StoreRequests.Kind.DELETE, "delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key.value()).build());
            return null;
        });
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /**
     * An object found by {@link #list(String)}.
     *
     * @param key       its key
     * @param sizeBytes its size
     */
    public record Listing(BlobKey key, long sizeBytes) {
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> T call(StoreRequests.Kind kind, String what, S3Call<T> call) {
        requests.count(kind);
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BlobStoreException("Object store at " + settings.endpoint() + ", bucket " + settings.bucket()
                    + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    /** Counts and hashes the bytes the SDK pulls from the caller's stream. */
    private static final class CountingDigestStream extends DigestInputStream {
        private long count;

        CountingDigestStream(InputStream in, MessageDigest digest) {
            super(in, digest);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
