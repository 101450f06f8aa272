package dev.rsidiff.engine.world;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Conversions between images, PNG bytes and the model's CHW float layout in [-1, 1]. */
public final class Images {

    private Images() {
    }

    /** CHW floats in [-1, 1], appended to {@code out} at {@code offset}. */
    public static void toChw(BufferedImage image, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int i = offset + y * w + x;
                out[i] = ((rgb >> 16) & 0xff) / 127.5f - 1f;
                out[i + plane] = ((rgb >> 8) & 0xff) / 127.5f - 1f;
                out[i + 2 * plane] = (rgb & 0xff) / 127.5f - 1f;
            }
        }
    }

    public static float[] toChw(BufferedImage image) {
        float[] out = new float[3 * image.getWidth() * image.getHeight()];
        toChw(image, out, 0);
        return out;
    }

    /** An image from CHW floats in [-1, 1] (values outside are clamped). */
    public static BufferedImage fromChw(float[] chw, int offset, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = offset + y * size + x;
                image.setRGB(x, y, (channel(chw[i]) << 16) | (channel(chw[i + plane]) << 8) | channel(chw[i + 2 * plane]));
            }
        }
        return image;
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }

    public static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer available");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a PNG; anything that is not a readable image is an IllegalArgumentException. */
    public static BufferedImage fromPng(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("Not a readable image (" + png.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a readable PNG: " + e.getMessage(), e);
        }
    }
}
