package dev.rsidiff.evaluator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IntervalsTest {

    @Test
    void theMeanOfThreeRunsHasTheStudentTInterval() {
        // mean 2, sample standard deviation 1, t(0.975, 2 degrees of freedom) = 4.3027
        double[] ci = Intervals.meanT95(new double[]{1, 2, 3});

        assertThat(ci[0]).isEqualTo(2.0);
        assertThat(ci[1]).isCloseTo(2 - 4.3027 / Math.sqrt(3), within(1e-4));
        assertThat(ci[2]).isCloseTo(2 + 4.3027 / Math.sqrt(3), within(1e-4));
    }

    @Test
    void identicalRunsHaveNoSpread() {
        assertThat(Intervals.meanT95(new double[]{5, 5})).containsExactly(5, 5, 5);
    }

    @Test
    void oneRunHasNoInterval() {
        assertThatThrownBy(() -> Intervals.meanT95(new double[]{1})).hasMessageContaining("at least two");
    }
}
