package dev.rsidiff.engine.world;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PNGs are decoded only when their header declares a size the world can have. */
class ImagesTest {

    @Test
    void aSmallFileThatDeclaresAHugeImageIsRefusedBeforeDecoding() throws IOException {
        byte[] bomb = png(100_000, 100_000);
        assertThat(bomb.length).as("a few dozen bytes").isLessThan(200);

        assertThatThrownBy(() -> Images.fromPng(bomb)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100000x100000").hasMessageContaining("at most " + Images.MAX_SIDE);
    }

    @Test
    void aWorldImageStillDecodes() {
        byte[] png = Images.png(new SceneRenderer(32).render(new SceneSampler(3).next()));
        assertThat(Images.fromPng(png).getWidth()).isEqualTo(32);
        assertThatThrownBy(() -> Images.fromPng("not a png".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a readable image");
    }

    /**
     * Stored images are addressed by the hash of their bytes, so encoding through a memory-cached stream must give
     * the bytes that {@code ImageIO.write} gave before: an image stored by an earlier version is then reused with
     * the same hash.
     */
    @Test
    void pngBytesAreThoseImageIoWriteMakes() throws IOException {
        BufferedImage image = new SceneRenderer(32).render(new SceneSampler(5).next());
        ByteArrayOutputStream viaImageIo = new ByteArrayOutputStream();
        ImageIO.write(image, "png", viaImageIo);

        byte[] png = Images.png(image);

        assertThat(png).isEqualTo(viaImageIo.toByteArray());
        BufferedImage back = Images.fromPng(png);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(back.getRGB(x, y)).isEqualTo(image.getRGB(x, y));
            }
        }
    }

    /** A grey PNG whose header says width x height, with one compressed row of image data. */
    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[]{8, 0, 0, 0, 0}); // 8-bit greyscale, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[2]);
        deflater.finish();
        byte[] idat = new byte[64];
        int n = deflater.deflate(idat);
        chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
