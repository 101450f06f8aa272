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

    @Test
    void nearestNeighbourDistanceSeparatesATypicalSampleFromARareOneWhereTheMeanDoesNot() {
        // D_0: a dense cluster of 180 encodings near the origin and 20 stragglers spread over a ring of radius 3.
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        float[][] reference = new float[200][2];
        for (int i = 0; i < reference.length; i++) {
            double radius = i < 180 ? 0.1 * r.nextDouble() : 3;
            double angle = 2 * Math.PI * r.nextDouble();
            reference[i][0] = (float) (radius * Math.cos(angle));
            reference[i][1] = (float) (radius * Math.sin(angle));
        }
        float[] typical = {0.05f, 0f};
        float[] rare = {0f, 1.5f}; // between the cluster and the ring, where G0 never went
        ReferenceDistance mean = new ReferenceDistance(reference);
        ReferenceDistance nearest = new ReferenceDistance(reference, 5);
        double meanRatio = mean.to(rare) / mean.to(typical);
        double nearestRatio = nearest.to(rare) / nearest.to(typical);
        // The mean form's distance to the whole set is dominated by the stragglers for every sample alike.
        assertThat(nearestRatio).isGreaterThan(5 * meanRatio);
    }

    @Test
    void aSampleIsNeverItsOwnReference() {
        float[][] reference = {{0f, 0f}, {3f, 4f}, {6f, 8f}};
        // The first encoding is in D_0 (as every first-round candidate is): its own zero distance is left out.
        assertThat(new ReferenceDistance(reference, 1).to(reference[0])).isEqualTo(5.0);
        assertThat(new ReferenceDistance(reference).to(reference[0])).isEqualTo(7.5);
        assertThat(new ReferenceDistance(reference, 1).leaveOneOut()).containsExactly(5.0, 5.0, 5.0);
        assertThatThrownBy(() -> new ReferenceDistance(reference, -1)).hasMessageContaining("neighbours");
    }

    @Test
    void sigma2CalibratedFromTheReferenceSetGivesHalfWeightAtItsQuantileAndSpreadsTheWeightsOfD0() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        float[][] reference = new float[200][8];
        for (float[] row : reference) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        ReferenceDistance distance = new ReferenceDistance(reference, 5);
        double beta = distance.calibratedBeta(0.5);
        double sigma2 = distance.calibratedSigma2(beta, 0.95);
        double[] loo = distance.leaveOneOut();
        assertThat(DistributionWeight.of(ReferenceDistance.quantile(loo, 0.95), beta, sigma2)).isCloseTo(0.5, within(1e-9));
        // On D_0 itself half keep full weight and the other half falls off: the weights vary, unlike with sigma^2 = 2
        // and beta at the 0.9 quantile on an encoder whose distances span tens of units.
        double[] w = java.util.Arrays.stream(loo).map(d -> DistributionWeight.of(d, beta, sigma2)).toArray();
        assertThat(java.util.Arrays.stream(w).filter(x -> x == 1.0).count()).isBetween(95L, 105L);
        assertThat(java.util.Arrays.stream(w).filter(x -> x < 0.5).count()).isBetween(5L, 15L);
        assertThat(distance.canCalibrateSigma2(beta, 0.95)).isTrue();
        assertThat(distance.canCalibrateSigma2(loo[loo.length - 1], 0.95)).isFalse();
        assertThatThrownBy(() -> distance.calibratedSigma2(loo[loo.length - 1], 0.95)).hasMessageContaining("beyond beta");
    }
}
