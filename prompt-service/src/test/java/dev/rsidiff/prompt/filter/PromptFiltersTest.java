package dev.rsidiff.prompt.filter;

import dev.rsidiff.engine.world.CorpusPrompt;
import dev.rsidiff.engine.world.PromptCorpus;
import dev.rsidiff.engine.world.PromptKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PromptFiltersTest {

    private static final List<CorpusPrompt> CORPUS = PromptCorpus.generate(21, 3000, 0.4);

    @Test
    void clarityRejectsEveryUnclearKindWithAReasonAndKeepsGoodPrompts() {
        ClarityFilter clarity = new ClarityFilter();
        for (CorpusPrompt p : CORPUS) {
            FilterVerdict v = clarity.judge(p.text());
            switch (p.kind()) {
                case GOOD, VAGUE -> assertThat(v.accepted()).as(p.text()).isTrue();
                case CONTRADICTORY -> assertThat(v.reason()).as(p.text()).startsWith("contradictory");
                case UNKNOWN_WORDS, MISSPELLED, STYLE_NOISE -> assertThat(v.reason()).as("%s %s", p.kind(), p.text()).startsWith("unknown words");
                case EMPTY -> assertThat(v.reason()).isEqualTo("empty prompt");
            }
        }
        assertThat(clarity.judge("a red blue circle").reason()).isEqualTo("contradictory: colour: red, blue");
        assertThat(clarity.judge("a rde circle").reason()).isEqualTo("unknown words: rde");
    }

    @Test
    void specificityRejectsVaguePromptsAndScoresDetail() {
        SpecificityFilter specificity = new SpecificityFilter(0.4);
        for (CorpusPrompt p : CORPUS) {
            if (p.kind() == PromptKind.VAGUE) {
                assertThat(specificity.judge(p.text()).accepted()).as(p.text()).isFalse();
            }
        }
        assertThat(specificity.judge("a red circle").score()).isEqualTo(0.4);
        assertThat(specificity.judge("a small red circle at the top left on a blue background").score()).isEqualTo(1.0);
        assertThat(specificity.judge("a circle").reason()).isEqualTo("too vague: names 1 of 5 attributes");
    }

    @Test
    void kMeansIsSeededReproducibleAndPicksThePromptsNearestEachCentre() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] points = new double[90][2];
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < points.length; i++) {
            double[] c = centres[i % 3];
            points[i] = new double[]{c[0] + r.nextDouble() - 0.5, c[1] + r.nextDouble() - 0.5};
        }
        List<DiversitySelection.Pick> picks = DiversitySelection.select(points, 3, 1, 7);
        assertThat(DiversitySelection.select(points, 3, 1, 7)).isEqualTo(picks);
        assertThat(picks).hasSize(3);
        assertThat(picks).extracting(DiversitySelection.Pick::cluster).containsExactlyInAnyOrder(0, 1, 2);
        // The three blobs are far apart, so each cluster is one blob and its pick is the blob's point nearest its mean.
        java.util.Set<Integer> expected = new java.util.HashSet<>();
        for (int g = 0; g < 3; g++) {
            double mx = 0;
            double my = 0;
            for (int i = g; i < points.length; i += 3) {
                mx += points[i][0] / 30;
                my += points[i][1] / 30;
            }
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int i = g; i < points.length; i += 3) {
                double d = Math.hypot(points[i][0] - mx, points[i][1] - my);
                if (d < bestD) {
                    bestD = d;
                    best = i;
                }
            }
            expected.add(best);
        }
        assertThat(picks).extracting(DiversitySelection.Pick::index).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(DiversitySelection.select(points, 3, 5, 7)).hasSize(15);
    }
}
