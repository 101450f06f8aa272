package dev.rsidiff.scorers.data;

import java.util.SplittableRandom;

/**
 * Ways to make an image worse, as ReDiFine describes collapsing generations: blur, noise, over-saturation, colour
 * shift, smears, repeated high-frequency patterns (and, for renders, a missing object; see {@link SceneDegradation}).
 * Each works on one CHW image in [-1, 1] and returns a new array.
 */
public enum Degradation {
    BLUR, NOISE, OVERSATURATE, COLOUR_SHIFT, SMEAR, PATTERN;

    public float[] apply(float[] chw, int size, SplittableRandom random) {
        float[] out = chw.clone();
        int plane = size * size;
        switch (this) {
            case BLUR -> {
                int radius = 1 + random.nextInt(2);
                for (int c = 0; c < 3; c++) {
                    boxBlur(chw, out, c * plane, size, radius);
                }
            }
            case NOISE -> {
                double sigma = 0.15 + 0.2 * random.nextDouble();
                for (int i = 0; i < out.length; i++) {
                    out[i] = clamp((float) (out[i] + sigma * gaussian(random)));
                }
            }
            case OVERSATURATE -> {
                float gain = (float) (1.8 + random.nextDouble());
                for (int p = 0; p < plane; p++) {
                    float mean = (chw[p] + chw[p + plane] + chw[p + 2 * plane]) / 3f;
                    for (int c = 0; c < 3; c++) {
                        int i = p + c * plane;
                        out[i] = clamp(mean + (chw[i] - mean) * gain + 0.2f * Math.signum(chw[i]));
                    }
                }
            }
            case COLOUR_SHIFT -> {
                for (int c = 0; c < 3; c++) {
                    float shift = (float) ((random.nextDouble() - 0.5) * 0.9);
                    for (int p = 0; p < plane; p++) {
                        out[c * plane + p] = clamp(chw[c * plane + p] + shift);
                    }
                }
            }
            case SMEAR -> {
                int dx = 2 + random.nextInt(4);
                int dy = random.nextInt(3) - 1;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            float sum = 0;
                            for (int k = 0; k <= dx; k++) {
                                int xx = Math.min(size - 1, Math.max(0, x - k));
                                int yy = Math.min(size - 1, Math.max(0, y - k * dy / 2));
                                sum += chw[c * plane + yy * size + xx];
                            }
                            out[c * plane + y * size + x] = sum / (dx + 1);
                        }
                    }
                }
            }
            case PATTERN -> {
                int period = 2 + random.nextInt(2);
                float amplitude = (float) (0.25 + 0.2 * random.nextDouble());
                boolean stripes = random.nextBoolean();
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean on = stripes ? (x / period) % 2 == 0 : ((x / period) + (y / period)) % 2 == 0;
                        for (int c = 0; c < 3; c++) {
                            int i = c * plane + y * size + x;
                            out[i] = clamp(chw[i] + (on ? amplitude : -amplitude));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void boxBlur(float[] in, float[] out, int offset, int size, int r) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float sum = 0;
                int n = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                            sum += in[offset + yy * size + xx];
                            n++;
                        }
                    }
                }
                out[offset + y * size + x] = sum / n;
            }
        }
    }

    /** A standard normal draw (Box-Muller); shared with {@link ModelLikeSoftening}. */
    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** {@code v} limited to the pixel range [-1, 1]; shared with {@link ModelLikeSoftening}. */
    static float clamp(float v) {
        return Math.max(-1f, Math.min(1f, v));
    }
}
