package dev.rsidiff.generator.shard;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageShardTest {

    private static final BlobKey KEY = BlobKey.of("runs/r/rounds/1/images/r.r1.p0.tar");

    private static Map<String, byte[]> images() {
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        pngs.put("r.r1.p0.i0", "first image".getBytes());
        pngs.put("r.r1.p0.i1", "the second, longer image".getBytes());
        // an id longer than tar's 100-character name field
        pngs.put("r.r1.p0.i2-" + "x".repeat(120), new byte[1500]);
        return pngs;
    }

    @Test
    void eachImageIsNamedByItsRangeOfTheShard() {
        Map<String, byte[]> pngs = images();
        byte[] shard = ImageShard.pack(pngs);

        Map<String, ImageShard.Image> unpacked = ImageShard.unpack(KEY, shard);

        assertThat(unpacked.keySet()).containsExactlyElementsOf(pngs.keySet());
        unpacked.forEach((id, image) -> {
            byte[] png = pngs.get(id);
            assertThat(image.png()).isEqualTo(png);
            assertThat(image.blob().key()).isEqualTo(KEY);
            assertThat(image.blob().isRange()).as("an entry starts after its header").isTrue();
            assertThat(image.blob().sha256()).isEqualTo(Sha256.hex(png));
            assertThat(Arrays.copyOfRange(shard, (int) image.blob().offsetBytes(), (int) image.blob().endBytes()))
                    .isEqualTo(png);
        });
    }

    @Test
    void theShardIsAPlainTarArchiveWhoseBytesFollowFromTheImagesAlone() throws Exception {
        byte[] shard = ImageShard.pack(images());

        assertThat(ImageShard.pack(images())).isEqualTo(shard);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(shard))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
                assertThat(e.getModTime().getTime()).isZero();
                assertThat(e.getUserName()).isEmpty();
            }
        }
        assertThat(names).hasSize(3).first().isEqualTo("r.r1.p0.i0.png");
    }

    @Test
    void bytesThatAreNotAShardOfImagesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ImageShard.unpack(KEY, "not a tar archive at all".getBytes()))
                .isInstanceOf(ImageShard.InvalidShardException.class).hasMessageContaining(KEY.value());
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        assertThatThrownBy(() -> ImageShard.unpack(KEY, noise))
                .isInstanceOf(ImageShard.InvalidShardException.class).hasMessageContaining(KEY.value());
        Map<String, byte[]> notImages = new LinkedHashMap<>();
        notImages.put("notes", "text".getBytes());
        byte[] shard = ImageShard.pack(notImages);
        byte[] renamed = new String(shard, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("notes.png", "notes.txt").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ImageShard.unpack(KEY, renamed))
                .isInstanceOf(ImageShard.InvalidShardException.class).hasMessageContaining("notes.txt");
    }
}
