package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobIntegrityException;
import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.blob.StoreRequests;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch's images read side by side from the real S3 API server: the good ones in order, the bad ones refused. */
@ExtendWith(LocalStackExtension.class)
class StoredImagesIT {

    @Test
    void readsEveryImageOnceShardedAndRefusesTheBadOnesWithTheirReason(StackEndpoints stack) {
        try (BlobStore blobs = bucket(stack)) {
            // Given a shard of three images stored as one object after a header (as in a tar; a range at offset 0
            // would name the whole object), and two images that cannot be used
            byte[] red = png(Color.RED);
            byte[] green = png(Color.GREEN);
            byte[] blue = png(Color.BLUE);
            byte[] header = new byte[16];
            ByteArrayOutputStream shard = new ByteArrayOutputStream();
            shard.writeBytes(header);
            shard.writeBytes(red);
            shard.writeBytes(green);
            shard.writeBytes(blue);
            BlobKey shardKey = BlobKey.of("test/" + UUID.randomUUID() + "/shard.bin");
            blobs.put(shardKey, shard.toByteArray(), "application/octet-stream");
            Map<String, BlobRef> refs = new LinkedHashMap<>();
            refs.put("blue", range(shardKey, blue, header.length + red.length + green.length));
            refs.put("red", range(shardKey, red, header.length));
            refs.put("green", range(shardKey, green, header.length + red.length));
            StoredBlob notAnImage = blobs.put(BlobKey.of("test/" + UUID.randomUUID() + "/text.png"),
                    "not a png".getBytes(StandardCharsets.UTF_8), "image/png");
            refs.put("text", notAnImage.toRef());
            StoredBlob stored = blobs.put(BlobKey.of("test/" + UUID.randomUUID() + "/other.png"), red, "image/png");
            refs.put("tampered", new StoredBlob(stored.key(), "0".repeat(64), stored.sizeBytes()).toRef());
            long getsBefore = blobs.requests().of(StoreRequests.Kind.GET);

            // When the batch is read
            Map<String, RuntimeException> refused = new LinkedHashMap<>();
            Map<String, BufferedImage> read = StoredImages.readAll(blobs, refs, refused);

            // Then the good images come back in the batch's order, each its own pixels, the shard fetched once
            assertThat(read.keySet()).containsExactly("blue", "red", "green");
            assertThat(new Color(read.get("blue").getRGB(3, 3))).isEqualTo(Color.BLUE);
            assertThat(new Color(read.get("red").getRGB(3, 3))).isEqualTo(Color.RED);
            assertThat(new Color(read.get("green").getRGB(3, 3))).isEqualTo(Color.GREEN);
            assertThat(blobs.requests().of(StoreRequests.Kind.GET) - getsBefore)
                    .as("one request for the shard, one each for the two others").isEqualTo(3);
            // and the bad ones are refused with the reason, not thrown
            assertThat(refused.keySet()).containsExactlyInAnyOrder("text", "tampered");
            assertThat(refused.get("text")).isInstanceOf(StoredImages.ImageRefusedException.class)
                    .hasMessageContaining(notAnImage.key().value());
            assertThat(refused.get("tampered")).isInstanceOf(BlobIntegrityException.class);
        }
    }

    @Test
    void aStoreThatCannotBeReachedIsThrownNotRefused(StackEndpoints stack) {
        // Given a store whose bucket does not exist: every read fails, and not for the record's sake
        BlobStoreSettings good = settings(stack);
        try (BlobStore missing = new BlobStore(new BlobStoreSettings(good.endpoint(), good.accessKey(),
                good.secretKey(), "missing-" + UUID.randomUUID().toString().substring(0, 8), good.region()))) {
            BlobRef ref = new StoredBlob(BlobKey.of("test/a.png"), "0".repeat(64), 10).toRef();
            Map<String, RuntimeException> refused = new LinkedHashMap<>();

            // When / then
            assertThatThrownBy(() -> StoredImages.readAll(missing, Map.of("a", ref), refused))
                    .isNotInstanceOf(BlobIntegrityException.class);
            assertThat(refused).isEmpty();
        }
    }

    private static BlobRef range(BlobKey key, byte[] part, long offset) {
        return new StoredBlob(key, Sha256.hex(part), part.length, offset).toRef();
    }

    private static byte[] png(Color colour) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        return Images.png(image);
    }

    private static BlobStoreSettings settings(StackEndpoints stack) {
        return new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(), stack.bucket(),
                "us-east-1");
    }

    private static BlobStore bucket(StackEndpoints stack) {
        BlobStore blobs = new BlobStore(settings(stack));
        blobs.ensureBucket();
        return blobs;
    }
}
