package dev.rsidiff.evaluator.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KernelDistanceTest {

    private static float[][] gaussian(long seed, int n, int d, double shift, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = (float) (shift + scale * gaussian(r));
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void kidIsAboutZeroForOneDistributionAndGrowsWithAShift() {
        float[][] ref = gaussian(1, 300, 16, 0, 1);
        double same = KernelDistance.kid(gaussian(2, 300, 16, 0, 1), ref);
        double shifted = KernelDistance.kid(gaussian(3, 300, 16, 0.5, 1), ref);
        assertThat(same).isCloseTo(0, within(0.05));
        assertThat(shifted).isGreaterThan(same + 0.1);
    }

    @Test
    void standardisedFiguresDoNotGrowWithTheFeaturesScale() {
        float[][] ref = gaussian(1, 300, 16, 0, 1);
        float[][] gen = gaussian(3, 300, 16, 0.5, 1);
        float[][] ref1000 = gaussian(1, 300, 16, 0, 1000);
        float[][] gen1000 = gaussian(3, 300, 16, 500, 1000);
        assertThat(KernelDistance.kid(gen1000, ref1000)).isCloseTo(KernelDistance.kid(gen, ref), within(1e-6));
        assertThat(KernelDistance.standardisedFrechet(gen1000, ref1000))
                .isCloseTo(KernelDistance.standardisedFrechet(gen, ref), within(1e-3));
        // the raw Frechet distance grows with the square of the scale
        assertThat(FrechetDistance.between(gen1000, ref1000)).isGreaterThan(1e5 * FrechetDistance.between(gen, ref));
    }
}
