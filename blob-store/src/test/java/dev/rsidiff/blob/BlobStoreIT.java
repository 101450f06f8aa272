package dev.rsidiff.blob;

import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blob store against the real S3 API server of the local stack. */
@ExtendWith(LocalStackExtension.class)
class BlobStoreIT {

    private BlobStore store;
    private String run;

    @BeforeEach
    void open(StackEndpoints stack) {
        store = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null));
        store.ensureBucket();
        run = "run-" + UUID.randomUUID();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void multiMegabyteObjectStreamsInAndOutVerified(@TempDir Path tmp) throws Exception {
        byte[] data = new byte[12 * 1024 * 1024 + 123]; // above the multipart part size
        new Random(1).nextBytes(data);
        BlobKey key = BlobKeys.checkpoint(run, 0, "big");
        StoredBlob stored = store.put(key, new ByteArrayInputStream(data), "application/octet-stream");

        assertThat(stored.sizeBytes()).isEqualTo(data.length);
        assertThat(stored.sha256()).isEqualTo(Sha256.hex(data));
        assertThat(store.read(stored)).isEqualTo(data);
        try (InputStream in = store.open(StoredBlob.of(stored.toRef()))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        Path file = store.download(stored, tmp.resolve("big.ckpt"));
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(store.size(key)).contains((long) data.length);
    }

    @Test
    void aRangeOfAnObjectReadsAloneAndVerified() {
        byte[] shard = "HEADERfirst-imageHEADERsecond".getBytes();
        BlobKey key = BlobKeys.imageShard(run, 1, "p0");
        store.put(key, shard, "application/x-tar");
        StoredBlob second = range(key, shard, 23, 6);

        assertThat(store.read(StoredBlob.of(second.toRef()))).isEqualTo("second".getBytes());
        StoredBlob wrong = new StoredBlob(key, second.sha256(), 6, 6);
        assertThatThrownBy(() -> store.read(wrong)).isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining(key.value()).hasMessageContaining("SHA-256");
        StoredBlob pastTheEnd = new StoredBlob(key, second.sha256(), 6, shard.length + 10);
        assertThatThrownBy(() -> store.read(pastTheEnd)).isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining("past the object's end");
    }

    @Test
    void rangesOfOneObjectReadTogetherCostOneRequestAndAreEachVerified() {
        byte[] shard = "HEADERfirst-imageHEADERsecondHEADERthird".getBytes();
        BlobKey key = BlobKeys.imageShard(run, 1, "p0");
        store.put(key, shard, "application/x-tar");
        StoredBlob first = range(key, shard, 6, 11);
        StoredBlob second = range(key, shard, 23, 6);
        StoredBlob third = range(key, shard, 35, 5);
        StoredBlob tampered = new StoredBlob(key, first.sha256(), 5, 35);
        BlobKey other = BlobKeys.image(run, 1, "alone");
        StoredBlob alone = store.put(other, "alone".getBytes(), "image/png");
        long getsBefore = store.requests().of(StoreRequests.Kind.GET);

        BlobReader reader = store.readingTogether(List.of(first, second, third, tampered, alone));

        assertThat(reader.read(second)).isEqualTo("second".getBytes());
        assertThat(reader.read(first)).isEqualTo("first-image".getBytes());
        assertThat(reader.read(third)).isEqualTo("third".getBytes());
        assertThatThrownBy(() -> reader.read(tampered)).isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining(key.value());
        assertThat(reader.read(alone)).isEqualTo("alone".getBytes());
        assertThat(store.requests().of(StoreRequests.Kind.GET) - getsBefore)
                .as("one request for the shard's span, one for the other object").isEqualTo(2);
    }

    private static StoredBlob range(BlobKey key, byte[] object, int offset, int length) {
        byte[] part = java.util.Arrays.copyOfRange(object, offset, offset + length);
        return new StoredBlob(key, Sha256.hex(part), length, offset);
    }

    @Test
    void aHashMismatchIsAnErrorNamingTheKey(@TempDir Path tmp) {
        BlobKey key = BlobKeys.image(run, 0, "img-1");
        StoredBlob original = store.put(key, "original png".getBytes(), "image/png");
        store.put(key, "tampered png".getBytes(), "image/png"); // same size, other bytes

        assertThatThrownBy(() -> store.read(original))
                .isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining(key.value())
                .hasMessageContaining("SHA-256");
        Path target = tmp.resolve("img.png");
        assertThatThrownBy(() -> store.download(original, target)).isInstanceOf(BlobIntegrityException.class);
        assertThat(target).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files).as("no partial download left behind").isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSizeMismatchIsAnError() {
        BlobKey key = BlobKeys.image(run, 0, "img-2");
        StoredBlob original = store.put(key, "12345".getBytes(), "image/png");
        store.put(key, "1234567".getBytes(), "image/png");
        assertThatThrownBy(() -> store.read(original))
                .isInstanceOf(BlobIntegrityException.class)
                .hasMessageContaining(key.value());
    }

    @Test
    void listsAndDeletesUnderAPrefix() {
        for (int i = 0; i < 3; i++) {
            store.put(BlobKeys.image(run, 1, "img-" + i), new byte[]{(byte) i}, "image/png");
        }
        store.put(BlobKeys.image(run, 2, "other"), new byte[]{9}, "image/png");
        String prefix = BlobKeys.roundPrefix(run, 1);
        assertThat(store.list(prefix)).extracting(l -> l.key().value()).containsExactly(
                prefix + "images/img-0.png", prefix + "images/img-1.png", prefix + "images/img-2.png");
        store.delete(BlobKeys.image(run, 1, "img-1"));
        assertThat(store.exists(BlobKeys.image(run, 1, "img-1"))).isFalse();
        assertThat(store.list(prefix)).hasSize(2);
        assertThat(store.size(BlobKeys.image(run, 1, "missing"))).isEmpty();
    }

    @Test
    void findsWhichOfManyKeysExistWithOneListing() {
        // given: two of a prompt's four images stored, and objects that share the prefix but were not asked about
        List<BlobKey> asked = IntStream.range(0, 4).mapToObj(i -> BlobKeys.image(run, 1, "p7.i" + i)).toList();
        store.put(asked.get(1), new byte[]{1}, "image/png");
        store.put(asked.get(3), new byte[]{3}, "image/png");
        store.put(BlobKeys.image(run, 1, "p7.i10"), new byte[]{10}, "image/png");
        store.put(BlobKeys.image(run, 1, "p70.i0"), new byte[]{70}, "image/png");

        // when / then
        assertThat(store.existingAmong(asked)).containsExactlyInAnyOrder(asked.get(1), asked.get(3));
        assertThat(store.existingAmong(List.of(asked.get(3)))).containsExactly(asked.get(3));
        assertThat(store.existingAmong(List.of(asked.get(0)))).isEmpty();
        assertThat(store.existingAmong(List.of(asked.get(1), BlobKeys.image(run, 2, "p7.i1"))))
                .containsExactly(asked.get(1));
        assertThat(store.existingAmong(List.of())).isEmpty();
    }

    @Test
    void wrongCredentialsFailWithTheEndpointNamed(StackEndpoints stack) {
        try (BlobStore bad = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), "wrong",
                stack.bucket(), null))) {
            assertThatThrownBy(() -> bad.put(BlobKeys.image(run, 0, "x"), new byte[1], "image/png"))
                    .isInstanceOf(BlobStoreException.class)
                    .hasMessageContaining(stack.s3Endpoint());
        }
    }
}
