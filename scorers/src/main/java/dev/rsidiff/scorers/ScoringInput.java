package dev.rsidiff.scorers;

import dev.rsidiff.engine.world.Images;

import java.awt.image.BufferedImage;

/**
 * One image and the prompt it is judged against.
 *
 * @param pixels    the image as CHW floats in [-1, 1] (3 channels)
 * @param imageSize side of the square image
 * @param prompt    the prompt
 */
public record ScoringInput(float[] pixels, int imageSize, String prompt) {

    public ScoringInput {
        if (imageSize < 1) {
            throw new IllegalArgumentException("Image size must be positive, got " + imageSize);
        }
        if (pixels == null || pixels.length != 3 * imageSize * imageSize) {
            int n = pixels == null ? 0 : pixels.length;
            throw new IllegalArgumentException("Expected 3 x " + imageSize + " x " + imageSize + " = "
                    + 3 * imageSize * imageSize + " values (RGB), got " + n
                    + (n % (imageSize * imageSize) == 0 ? " (" + n / (imageSize * imageSize) + " channels)" : ""));
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("Prompt is empty: a scorer judges an image against a prompt");
        }
    }

    /** One input per prompt from images given as CHW floats, image after image, all {@code imageSize} square. */
    public static java.util.List<ScoringInput> batch(float[] pixels, int imageSize, java.util.List<String> prompts) {
        int per = 3 * imageSize * imageSize;
        java.util.List<ScoringInput> out = new java.util.ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            out.add(new ScoringInput(java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per), imageSize, prompts.get(i)));
        }
        return out;
    }

    /** From a decoded image (e.g. a PNG from the blob store); it must be square RGB. */
    public static ScoringInput of(BufferedImage image, String prompt) {
        if (image.getWidth() != image.getHeight()) {
            throw new IllegalArgumentException("Image is " + image.getWidth() + "x" + image.getHeight() + ", not square");
        }
        return new ScoringInput(Images.toChw(image), image.getWidth(), prompt);
    }
}
