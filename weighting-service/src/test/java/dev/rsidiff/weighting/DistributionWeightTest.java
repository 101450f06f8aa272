package dev.rsidiff.weighting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DistributionWeightTest {

    @Test
    void equation5AtAndAroundBeta() {
        // The paper's values: beta = 35, sigma^2 = 2.
        assertThat(DistributionWeight.of(0, 35, 2)).isEqualTo(1.0);
        assertThat(DistributionWeight.of(35, 35, 2)).isEqualTo(1.0);
        assertThat(DistributionWeight.of(Math.nextUp(35.0), 35, 2)).isCloseTo(1.0, within(1e-12)).isLessThan(1.0);
        assertThat(DistributionWeight.of(36, 35, 2)).isCloseTo(Math.exp(-0.5), within(1e-12));
        assertThat(DistributionWeight.of(39, 35, 2)).isCloseTo(Math.exp(-2), within(1e-12));
        assertThat(DistributionWeight.of(34.999, 35, 2)).isEqualTo(1.0);
        assertThat(DistributionWeight.of(37, 35, 1)).isLessThan(DistributionWeight.of(37, 35, 2));
        assertThatThrownBy(() -> DistributionWeight.of(1, 35, 0)).hasMessageContaining("sigma^2");
        assertThatThrownBy(() -> DistributionWeight.of(Double.NaN, 35, 2)).hasMessageContaining("NaN");
    }

    @Test
    void betaCalibratedFromTheReferenceSetKeepsMostOfItAtFullWeight() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        float[][] reference = new float[200][16];
        for (float[] row : reference) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (r.nextDouble() * 2 - 1);
            }
        }
        ReferenceDistance distance = new ReferenceDistance(reference);
        double beta = distance.calibratedBeta(0.9);
        long full = java.util.Arrays.stream(reference).filter(e -> DistributionWeight.of(distance.to(e), beta, 2) == 1.0).count();
        assertThat(full).isBetween(175L, 200L);
        float[] far = new float[16];
        java.util.Arrays.fill(far, 5f);
        assertThat(distance.to(far)).isGreaterThan(beta);
        assertThat(DistributionWeight.of(distance.to(far), beta, 2)).isLessThan(0.01);
    }
}
