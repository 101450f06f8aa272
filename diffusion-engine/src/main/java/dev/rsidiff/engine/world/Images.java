package dev.rsidiff.engine.world;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

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

    /**
     * PNG bytes of the image. The writer works on a stream cached in memory: {@code ImageIO.write} to an output
     * stream caches in a temporary file by default (one created and deleted per image, costing more than the
     * encoding of an image this small), and {@code ImageIO.setUseCache(false)} would change that for the whole JVM.
     */
    public static byte[] png(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("No PNG writer available");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The largest side an image may declare; the world's images are 32 or 64 pixels. */
    public static final int MAX_SIDE = 1024;

    /**
     * Decodes a PNG; anything that is not a readable image is an IllegalArgumentException. The dimensions are read
     * from the header first, and an image that declares more than {@link #MAX_SIDE} pixels a side is refused before
     * any pixel is decoded (a small file can declare a huge image). The bytes are read through a stream cached in
     * memory, not in a temporary file ({@link #png}).
     */
    public static BufferedImage fromPng(byte[] png) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("Not a readable image (" + png.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                    throw new IllegalArgumentException("Image of " + width + "x" + height + " pixels refused: at most "
                            + MAX_SIDE + " a side");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a readable PNG: " + e.getMessage(), e);
        }
    }
}
