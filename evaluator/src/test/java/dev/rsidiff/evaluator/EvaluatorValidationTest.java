package dev.rsidiff.evaluator;

import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.CorpusPrompt;
import dev.rsidiff.engine.world.HeldOutSplit;
import dev.rsidiff.engine.world.PromptAttributes;
import dev.rsidiff.engine.world.PromptCorpus;
import dev.rsidiff.engine.world.PromptKind;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.evaluator.cli.EvaluatorCommand;
import dev.rsidiff.evaluator.metrics.CollapseSymptoms;
import dev.rsidiff.evaluator.metrics.FrechetDistance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluatorValidationTest {

    private static AttributeClassifier classifier;
    private static ClassifierTraining.Renders heldOut;

    @BeforeAll
    static void load() {
        classifier = AttributeClassifier.shipped();
        heldOut = ClassifierTraining.renders(new SceneSampler(EvaluatorCommand.CLASSIFIER_VALIDATION_SEED), 2000);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void theClassifierReadsEveryAttributeOfCleanHeldOutRenders() {
        Map<String, Double> accuracy = ClassifierTraining.accuracy(classifier, heldOut);
        assertThat(accuracy).allSatisfy((attribute, value) -> assertThat(value).as(attribute).isGreaterThanOrEqualTo(0.98));
    }

    @Test
    void cleanRendersAreFaithfulAndRendersOfAnotherPromptAreNot() {
        List<String> own = new ArrayList<>();
        List<String> other = new ArrayList<>();
        SceneSampler others = new SceneSampler(99);
        for (Scene s : heldOut.scenes()) {
            own.add(Captioner.full(s));
            other.add(Captioner.full(others.next()));
        }
        List<AttributeClassifier.PredictedAttributes> seen = classifier.read(heldOut.pixels(), heldOut.scenes().size()).attributes();
        double faithful = TextFaithfulness.of(own, seen, "f").get("f");
        double unfaithful = TextFaithfulness.of(other, seen, "f").get("f");
        assertThat(faithful).isGreaterThanOrEqualTo(0.98);
        assertThat(unfaithful).isLessThan(0.5);
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> classifier.read(new float[3 * 64 * 64], 1)).hasMessageContaining("32x32");
        assertThatThrownBy(() -> classifier.read(new float[4 * 32 * 32], 1)).hasMessageContaining("RGB");
    }

    @Test
    void heldOutPromptsNeverAppearInTheLoopsCorpus() {
        List<String> heldOutPrompts = HeldOutPrompts.prompts(100);
        assertThat(heldOutPrompts).hasSize(100).doesNotHaveDuplicates().allMatch(p -> {
            PromptAttributes a = PromptAttributes.parse(p);
            return HeldOutSplit.isHeldOut(a.shape().orElseThrow(), a.colour().orElseThrow(), a.background().orElseThrow());
        });
        for (CorpusPrompt p : PromptCorpus.generate(3, 5000, 0.0)) {
            assertThat(p.kind()).isEqualTo(PromptKind.GOOD);
            assertThat(heldOutPrompts).doesNotContain(p.text());
            PromptAttributes a = PromptAttributes.parse(p.text());
            if (a.shape().isPresent() && a.colour().isPresent() && a.background().isPresent()) {
                assertThat(HeldOutSplit.isHeldOut(a.shape().get(), a.colour().get(), a.background().get()))
                        .as(p.text()).isFalse();
            }
        }
    }

    @Test
    void frechetDistanceIsNearZeroForOneDistributionAndGrowsWithAShift() {
        SplittableRandom r = new SplittableRandom(1);
        float[][] a = new float[400][8];
        float[][] b = new float[400][8];
        float[][] shifted = new float[400][8];
        for (int i = 0; i < 400; i++) {
            for (int j = 0; j < 8; j++) {
                a[i][j] = (float) gaussian(r);
                b[i][j] = (float) gaussian(r);
                shifted[i][j] = (float) gaussian(r) + 1f;
            }
        }
        double same = FrechetDistance.between(a, b);
        assertThat(same).isLessThan(0.3);
        assertThat(FrechetDistance.between(a, shifted)).isGreaterThan(same + 6);
    }

    @Test
    void blurShowsInTheSpectrumAndSpread() {
        float[] clean = java.util.Arrays.copyOf(heldOut.pixels(), 50 * 3 * 32 * 32);
        float[] blurred = clean.clone();
        int plane = 32 * 32;
        for (int k = 0; k < 150; k++) {
            for (int y = 1; y < 31; y++) {
                for (int x = 1; x < 31; x++) {
                    int i = k * plane + y * 32 + x;
                    blurred[i] = (clean[i - 1] + clean[i + 1] + clean[i - 32] + clean[i + 32] + clean[i]) / 5f;
                }
            }
        }
        double[] a = CollapseSymptoms.radialSpectrum(clean, 50, 32);
        double[] b = CollapseSymptoms.radialSpectrum(blurred, 50, 32);
        assertThat(CollapseSymptoms.spectrumDistance(a, b)).isGreaterThan(0.5);
        assertThat(b[CollapseSymptoms.BINS - 1]).isLessThan(a[CollapseSymptoms.BINS - 1]);
        assertThat(CollapseSymptoms.spread(blurred)).isLessThan(CollapseSymptoms.spread(clean));
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
