package dev.rsidiff.weighting;

import dev.rsidiff.events.run.SelectionRule;
import dev.rsidiff.weighting.selection.PreferenceSelection;
import dev.rsidiff.weighting.selection.ScoredSample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PreferenceSelectionTest {

    private static final List<ScoredSample> POOL = List.of(
            new ScoredSample("a", Map.of("alignment", 0.9, "aesthetic", 1.0)),
            new ScoredSample("b", Map.of("alignment", 0.8, "aesthetic", 9.0)),
            new ScoredSample("c", Map.of("alignment", 0.1, "aesthetic", 0.0)),
            new ScoredSample("d", Map.of("alignment", 0.7, "aesthetic", 5.0)));

    @Test
    void rankAverageKeepsTheBestMeanRank() {
        // ranks (alignment, aesthetic): a (0, 2), b (1, 0), c (3, 3), d (2, 1) -> means a 1, b 0.5, c 3, d 1.5
        assertThat(PreferenceSelection.select(POOL, 2, SelectionRule.RANK_AVERAGE, 1))
                .extracting(ScoredSample::imageId).containsExactly("b", "a");
    }

    @Test
    void zScoreSumWeighsHowFarAheadASampleIs() {
        assertThat(PreferenceSelection.select(POOL, 1, SelectionRule.ZSCORE_SUM, 1))
                .extracting(ScoredSample::imageId).containsExactly("b");
        assertThat(PreferenceSelection.select(POOL, 4, SelectionRule.ZSCORE_SUM, 1))
                .extracting(ScoredSample::imageId).endsWith("c");
    }

    @Test
    void randomIsSeededAndIgnoresScores() {
        List<ScoredSample> one = PreferenceSelection.select(POOL, 2, SelectionRule.RANDOM, 42);
        assertThat(PreferenceSelection.select(POOL, 2, SelectionRule.RANDOM, 42)).isEqualTo(one);
        assertThat(one).hasSize(2);
        boolean differs = false;
        for (long seed = 0; seed < 20 && !differs; seed++) {
            differs = !PreferenceSelection.select(POOL, 2, SelectionRule.RANDOM, seed).equals(one);
        }
        assertThat(differs).isTrue();
    }

    @Test
    void aPoolSmallerThanKIsKeptWhole() {
        assertThat(PreferenceSelection.select(POOL, 10, SelectionRule.RANK_AVERAGE, 1)).hasSize(4);
    }
}
