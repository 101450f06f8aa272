package dev.rsidiff.weighting;

import dev.rsidiff.events.run.SelectionRule;
import dev.rsidiff.weighting.selection.PreferenceSelection;
import dev.rsidiff.weighting.selection.ScoredSample;
import dev.rsidiff.weighting.selection.SelectionSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreferenceSelectionTest {

    private static final List<ScoredSample> POOL = List.of(
            new ScoredSample("a", "p1", Map.of("alignment", 0.9, "aesthetic", 1.0)),
            new ScoredSample("b", "p1", Map.of("alignment", 0.8, "aesthetic", 9.0)),
            new ScoredSample("c", "p1", Map.of("alignment", 0.1, "aesthetic", 0.0)),
            new ScoredSample("d", "p1", Map.of("alignment", 0.7, "aesthetic", 5.0)));

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
    void perPromptKeepsEachPromptsBestByScoresStandardisedWithinThePrompt() {
        // An easy prompt whose every sample out-scores a hard prompt's best: a global top 2 would take only the easy
        // prompt's; per prompt, each keeps its own best.
        List<ScoredSample> pool = List.of(
                new ScoredSample("easy-1", "easy", Map.of("alignment", 0.90)),
                new ScoredSample("easy-2", "easy", Map.of("alignment", 0.95)),
                new ScoredSample("easy-3", "easy", Map.of("alignment", 0.85)),
                new ScoredSample("hard-1", "hard", Map.of("alignment", 0.30)),
                new ScoredSample("hard-2", "hard", Map.of("alignment", 0.50)),
                new ScoredSample("hard-3", "hard", Map.of("alignment", 0.10)));
        assertThat(PreferenceSelection.select(pool, 2, SelectionRule.RANK_AVERAGE, 1))
                .extracting(ScoredSample::imageId).containsExactly("easy-2", "easy-1");
        SelectionSpec perPrompt = new SelectionSpec(SelectionRule.PER_PROMPT, 10, 1, List.of("alignment"), Map.of(), 1);
        assertThat(PreferenceSelection.select(pool, perPrompt)).extracting(ScoredSample::imageId)
                .containsExactlyInAnyOrder("easy-2", "hard-2");
        SelectionSpec two = new SelectionSpec(SelectionRule.PER_PROMPT, 10, 2, List.of("alignment"), Map.of(), 1);
        assertThat(PreferenceSelection.select(pool, two)).extracting(ScoredSample::imageId)
                .containsExactlyInAnyOrder("easy-2", "easy-1", "hard-2", "hard-1");
        SelectionSpec capped = new SelectionSpec(SelectionRule.PER_PROMPT, 3, 2, List.of("alignment"), Map.of(), 1);
        assertThat(PreferenceSelection.select(pool, capped)).hasSize(3);
    }

    @Test
    void aFloorVetoesWhateverItsRankAndAVetoScorerDoesNotRank() {
        List<ScoredSample> pool = List.of(
                new ScoredSample("best-but-smeared", "p", Map.of("alignment", 0.9, "aesthetic", 0.2)),
                new ScoredSample("second", "p", Map.of("alignment", 0.6, "aesthetic", 0.7)),
                new ScoredSample("prettiest", "p", Map.of("alignment", 0.5, "aesthetic", 0.99)),
                new ScoredSample("off-prompt", "q", Map.of("alignment", 0.1, "aesthetic", 0.9)));
        SelectionSpec spec = new SelectionSpec(SelectionRule.PER_PROMPT, 10, 1, List.of("alignment"),
                Map.of("aesthetic", 0.5, "alignment", 0.3), 1);
        // The smeared sample is vetoed, the aesthetic does not out-vote alignment, and prompt q has nothing that
        // clears the absolute bar, so it contributes nothing.
        assertThat(PreferenceSelection.select(pool, spec)).extracting(ScoredSample::imageId).containsExactly("second");
        SelectionSpec random = new SelectionSpec(SelectionRule.RANDOM, 4, 1, List.of("alignment"),
                Map.of("aesthetic", 0.5), 1);
        assertThat(PreferenceSelection.select(pool, random)).hasSize(4);
    }

    @Test
    void aScorerThatRanksOrHasAFloorMustHaveScoredThePool() {
        SelectionSpec spec = new SelectionSpec(SelectionRule.PER_PROMPT, 2, 1, List.of("hps"), Map.of(), 1);
        assertThatThrownBy(() -> PreferenceSelection.select(POOL, spec)).hasMessageContaining("'hps' ranks");
        SelectionSpec floor = new SelectionSpec(SelectionRule.ZSCORE_SUM, 2, 1, List.of("alignment"),
                Map.of("clip", 0.2), 1);
        assertThatThrownBy(() -> PreferenceSelection.select(POOL, floor)).hasMessageContaining("'clip' has a floor");
    }

    @Test
    void aPoolSmallerThanKIsKeptWhole() {
        assertThat(PreferenceSelection.select(POOL, 10, SelectionRule.RANK_AVERAGE, 1)).hasSize(4);
    }
}
