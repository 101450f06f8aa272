package dev.rsidiff.scorers;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScorerInputTest {

    @Test
    void malformedInputIsRejectedClearly() {
        assertThatThrownBy(() -> new ScoringInput(new float[4 * 32 * 32], 32, "a red circle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 channels");
        assertThatThrownBy(() -> new ScoringInput(new float[3 * 32 * 32], 32, "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Prompt is empty");
        assertThatThrownBy(() -> ScoringInput.of(new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB), "x"))
                .hasMessageContaining("32x16");
        for (String name : ScorerRegistry.names()) {
            try (ImageScorer scorer = ScorerRegistry.open(name)) {
                ScoringInput wrongSize = new ScoringInput(new float[3 * 64 * 64], 64, "a red circle");
                assertThatThrownBy(() -> scorer.score(List.of(wrongSize)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64x64");
                assertThat(scorer.score(List.of(new ScoringInput(new float[3 * 32 * 32], 32, "a red circle")))).hasSize(1);
            }
        }
    }

    @Test
    void unknownNamesAndVersionsFailListingTheKnownScorers() {
        assertThatThrownBy(() -> ScorerRegistry.open("clip"))
                .hasMessageContaining("Unknown scorer 'clip'").hasMessageContaining("alignment@");
        assertThatThrownBy(() -> ScorerRegistry.open("aesthetic@000000000000"))
                .hasMessageContaining("version 000000000000 is not available").hasMessageContaining("aesthetic@");
        try (ImageScorer s = ScorerRegistry.open("preference")) {
            try (ImageScorer pinned = ScorerRegistry.open("preference@" + s.version())) {
                assertThat(pinned.version()).isEqualTo(s.version());
            }
        }
    }
}
