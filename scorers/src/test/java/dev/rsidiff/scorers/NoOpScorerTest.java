package dev.rsidiff.scorers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoOpScorerTest {

    private static ScoringInput input(float value, String prompt) {
        float[] pixels = new float[3 * 32 * 32];
        java.util.Arrays.fill(pixels, value);
        return new ScoringInput(pixels, 32, prompt);
    }

    @Test
    void scoresAreInsideTheUnitIntervalAndRepeatable() {
        try (ImageScorer scorer = ScorerRegistry.open("noop")) {
            List<ScoringInput> inputs = List.of(input(0.1f, "a"), input(0.2f, "a"), input(0.1f, "b"));

            double[] first = scorer.score(inputs);
            double[] again = scorer.score(inputs);

            assertThat(first).containsExactly(again);
            for (double v : first) {
                assertThat(v).isStrictlyBetween(0.0, 1.0);
            }
            assertThat(first[0]).isNotEqualTo(first[1]).isNotEqualTo(first[2]);
            assertThat(scorer.name()).isEqualTo("noop");
            assertThat(scorer.version()).isEqualTo("noop");
        }
    }

    @Test
    void itIsOpenedByNameButIsNotALearnedScorer() {
        assertThat(ScorerRegistry.names()).doesNotContain("noop");
        assertThat(ScorerRegistry.problemWith("noop")).isEqualTo(Optional.empty());
        assertThat(ScorerRegistry.problemWith("noop@abc")).hasValueSatisfying(p -> assertThat(p).contains("abc"));
        assertThatThrownBy(() -> ScorerRegistry.open("noop@abc")).hasMessageContaining("no version abc");
    }
}
