package dev.rsidiff.protocol.weights;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightDistributionTest {

    @Test
    void summarisesHowTheWeightsSpread() {
        WeightDistribution d = WeightDistribution.of(new double[]{1, 1, 1, 0.5, 0.2});
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.min()).isEqualTo(0.2);
        assertThat(d.max()).isEqualTo(1);
        assertThat(d.median()).isEqualTo(1);
        assertThat(d.mean()).isCloseTo(0.74, within(1e-12));
        assertThat(d.belowOne()).isCloseTo(0.4, within(1e-12));
        assertThat(WeightDistribution.of(new double[0]).count()).isZero();
    }
}
