package dev.rsidiff.engine.sample;

import java.util.SplittableRandom;

/** Seeded standard-normal floats, generated in Java so that a seed reproduces a sample on any engine or thread. */
public final class Gaussian {

    private Gaussian() {
    }

    public static void fill(SplittableRandom random, float[] out, int offset, int count) {
        for (int i = 0; i < count; i += 2) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(1 - u1));
            out[offset + i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < count) {
                out[offset + i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
    }
}
