package dev.rsidiff.engine.sample;

import dev.rsidiff.engine.world.Images;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;

/**
 * Generated images, in request order.
 *
 * @param prompts   the prompts
 * @param seeds     the seed of each image
 * @param pixels    all images as CHW floats in [-1, 1], image after image
 * @param imageSize side of the images
 * @param elapsed   wall time of sampling
 */
public record SampleResult(List<String> prompts, long[] seeds, float[] pixels, int imageSize, Duration elapsed) {

    public int count() {
        return prompts.size();
    }

    public BufferedImage image(int i) {
        return Images.fromChw(pixels, i * 3 * imageSize * imageSize, imageSize);
    }

    public List<BufferedImage> images() {
        return java.util.stream.IntStream.range(0, count()).mapToObj(this::image).toList();
    }

    public double imagesPerSecond() {
        return count() / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
}
