package dev.rsidiff.scorers.data;

import dev.rsidiff.engine.world.Colour;

import java.util.SplittableRandom;

/**
 * Makes a render look like a sample of the small diffusion model while keeping what it shows: the model draws the
 * object in the right colours with sharp-ish edges but rounded corners, thinned or thickened strokes and a little
 * noise. The render is blurred (Gaussian, sigma in [0.5, 1.3] pixels), then every pixel is pushed back towards the
 * background or the object colour along the line between them (a logistic of random gain and threshold), and light
 * noise is added. Mild enough that a person still names the same shape, so the render's caption still labels it.
 */
public final class ModelLikeSoftening {

    private ModelLikeSoftening() {
    }

    /** A softened copy of one CHW image in [-1, 1] whose object has colour {@code object} on {@code background}. */
    public static float[] apply(float[] chw, int size, Colour background, Colour object, SplittableRandom random) {
        double sigma = 0.5 + 0.8 * random.nextDouble();
        double gain = 5 + 7 * random.nextDouble();
        double threshold = 0.4 + 0.2 * random.nextDouble();
        double noise = 0.04 * random.nextDouble();
        float[] blurred = gaussianBlur(chw, size, sigma);
        float[] bg = rgb(background);
        float[] fg = rgb(object);
        float[] d = {fg[0] - bg[0], fg[1] - bg[1], fg[2] - bg[2]};
        float norm = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        int plane = size * size;
        float[] out = new float[chw.length];
        for (int p = 0; p < plane; p++) {
            float t = 0;
            for (int c = 0; c < 3; c++) {
                t += (blurred[c * plane + p] - bg[c]) * d[c];
            }
            t /= norm;
            double sharp = 1 / (1 + Math.exp(-gain * (t - threshold)));
            for (int c = 0; c < 3; c++) {
                out[c * plane + p] = Degradation.clamp((float) (bg[c] + sharp * d[c] + noise * Degradation.gaussian(random)));
            }
        }
        return out;
    }

    private static float[] rgb(Colour colour) {
        java.awt.Color c = colour.awt();
        return new float[]{c.getRed() / 127.5f - 1f, c.getGreen() / 127.5f - 1f, c.getBlue() / 127.5f - 1f};
    }

    /** Separable Gaussian blur of each channel, edges clamped. */
    static float[] gaussianBlur(float[] chw, int size, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        int plane = size * size;
        float[] tmp = new float[chw.length];
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            int o = c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double s = 0;
                    for (int i = -radius; i <= radius; i++) {
                        s += k[i + radius] * chw[o + y * size + Math.max(0, Math.min(size - 1, x + i))];
                    }
                    tmp[o + y * size + x] = (float) s;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double s = 0;
                    for (int i = -radius; i <= radius; i++) {
                        s += k[i + radius] * tmp[o + Math.max(0, Math.min(size - 1, y + i)) * size + x];
                    }
                    out[o + y * size + x] = (float) s;
                }
            }
        }
        return out;
    }
}
