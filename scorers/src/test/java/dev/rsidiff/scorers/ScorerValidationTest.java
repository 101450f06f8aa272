package dev.rsidiff.scorers;

import dev.rsidiff.scorers.data.ModelSamples;
import dev.rsidiff.scorers.data.PairSource;
import dev.rsidiff.scorers.model.AestheticModel;
import dev.rsidiff.scorers.model.AlignmentModel;
import dev.rsidiff.scorers.model.PreferenceModel;
import dev.rsidiff.scorers.model.ScorerModel;
import dev.rsidiff.scorers.train.ScorerTraining;
import dev.rsidiff.scorers.train.ScorersCommand;
import dev.rsidiff.scorers.train.Validation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped scorers on held-out data (validation seeds, disjoint from training), as the issue requires. */
class ScorerValidationTest {

    private static ModelSamples g0Samples;

    @BeforeAll
    static void sampleBaseModel() {
        g0Samples = ModelSamples.ofBaseModel(400, ScorersCommand.VALIDATION_SEED + 41);
    }

    @Test
    void alignmentRanksTheMatchingCaptionAboveAOneAttributeMismatch() {
        try (ScorerModel model = (ScorerModel) ScorerRegistry.open(AlignmentModel.NAME)) {
            double accuracy = ScorerTraining.captionAccuracy((AlignmentModel) model,
                    new PairSource(ScorersCommand.VALIDATION_SEED, null).captions(Validation.PAIRS));
            assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void aestheticRanksCleanImagesAboveTheirDegradedVersions() {
        try (ScorerModel model = (ScorerModel) ScorerRegistry.open(AestheticModel.NAME)) {
            Map<String, Double> acc = ScorerTraining.pairAccuracy(model,
                    new PairSource(ScorersCommand.VALIDATION_SEED, g0Samples).aesthetic(Validation.PAIRS, 0.3));
            assertThat(acc.get("render")).as("render pairs %s", acc).isGreaterThanOrEqualTo(0.90);
            assertThat(acc.get("model")).as("base-model sample pairs %s", acc).isGreaterThanOrEqualTo(0.80);
        }
    }

    @Test
    void preferenceRanksThePreferredImageOfHeldOutPairs() {
        try (ScorerModel model = (ScorerModel) ScorerRegistry.open(PreferenceModel.NAME)) {
            Map<String, Double> acc = ScorerTraining.pairAccuracy(model,
                    new PairSource(ScorersCommand.VALIDATION_SEED, g0Samples).preference(Validation.PAIRS, 0.25));
            assertThat(acc.get("all")).as("%s", acc).isGreaterThanOrEqualTo(0.90);
        }
    }
}
