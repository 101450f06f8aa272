package dev.rsidiff.engine.sample;

import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.schedule.GuidanceSchedule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplerTest {

    private static final SamplerSettings FAST = SamplerSettings.defaults().withSteps(5).withBatchSize(8);

    @Test
    void guidanceZeroMakesTheOutputIndependentOfThePrompt() {
        try (DiffusionModel model = EngineFixtures.textSensitiveModel(3)) {
            DdimSampler sampler = new DdimSampler(model);
            SamplerSettings unguided = FAST.withGuidance(0.0, GuidanceSchedule.CONSTANT);
            SampleResult a = sampler.sample(List.of("a red circle on a blue background"), new long[]{5}, unguided);
            SampleResult b = sampler.sample(List.of("a large white star at the top"), new long[]{5}, unguided);
            assertThat(a.pixels()).isEqualTo(b.pixels());
            SampleResult guided = sampler.sample(List.of("a large white star at the top"), new long[]{5}, FAST);
            assertThat(guided.pixels()).as("with guidance the prompt matters").isNotEqualTo(b.pixels());
        }
    }

    @Test
    void aSeedReproducesAnImageBitForBitWhateverWasDrawnWithIt() {
        try (DiffusionModel model = EngineFixtures.freshModel(3)) {
            DdimSampler sampler = new DdimSampler(model);
            int per = 3 * 32 * 32;
            List<String> prompts = List.of("a red circle", "a blue square", "a green star", "a white circle",
                    "a yellow star");
            SampleResult together = sampler.sample(prompts, new long[]{1, 2, 3, 4, 5}, FAST);
            SampleResult alone = sampler.sample(List.of("a blue square"), new long[]{2}, FAST);
            SampleResult elsewhere = sampler.sample(List.of("a blue square", "a white circle"), new long[]{2, 4},
                    FAST);
            SampleResult firstInItsBatch = sampler.sample(List.of("a green star", "a white circle", "a blue square"),
                    new long[]{3, 4, 2}, FAST);
            float[] second = java.util.Arrays.copyOfRange(together.pixels(), per, 2 * per);
            assertThat(alone.pixels()).as("alone, padded to the batch's shape").isEqualTo(second);
            assertThat(java.util.Arrays.copyOf(elsewhere.pixels(), per)).as("first of two").isEqualTo(second);
            assertThat(java.util.Arrays.copyOfRange(firstInItsBatch.pixels(), 2 * per, 3 * per)).as("third of three")
                    .isEqualTo(second);
            SampleResult otherSeed = sampler.sample(List.of("a blue square"), new long[]{99}, FAST);
            assertThat(otherSeed.pixels()).isNotEqualTo(alone.pixels());
            assertThat(together.image(0).getWidth()).isEqualTo(32);
        }
    }

    @Test
    void batchesDrawnSideBySideGiveTheSameImagesAsOneAfterAnother() {
        try (DiffusionModel model = EngineFixtures.freshModel(3);
             BatchWorkers three = BatchWorkers.of(3, "sampling-test", () -> { })) {
            // Given seven prompts in batches of two: three full batches and a padded one
            List<String> prompts = List.of("a red circle", "a blue square", "a green star", "a white circle",
                    "a yellow star", "a large red square", "a small blue circle");
            long[] seeds = {11, 12, 13, 14, 15, 16, 17};
            SamplerSettings twos = FAST.withBatchSize(2);

            // When drawn on the calling thread and on three workers
            SampleResult inline = new DdimSampler(model).sample(prompts, seeds, twos);
            SampleResult sideBySide = new DdimSampler(model, three).sample(prompts, seeds, twos);

            // Then every pixel is the same, in the prompts' order
            assertThat(sideBySide.pixels()).isEqualTo(inline.pixels());
            assertThat(sideBySide.prompts()).isEqualTo(prompts);
        }
    }

    @Test
    void aBatchLongerThanTheBatchSizeIsDrawnInFullBatchesAndAPaddedRest() {
        try (DiffusionModel model = EngineFixtures.freshModel(3)) {
            DdimSampler sampler = new DdimSampler(model);
            int per = 3 * 32 * 32;
            SamplerSettings threes = FAST.withBatchSize(3);
            List<String> prompts = List.of("a red circle", "a blue square", "a green star", "a white circle");
            SampleResult four = sampler.sample(prompts, new long[]{1, 2, 3, 4}, threes);
            SampleResult last = sampler.sample(List.of("a white circle"), new long[]{4}, threes);
            assertThat(four.pixels()).hasSize(4 * per);
            assertThat(java.util.Arrays.copyOfRange(four.pixels(), 3 * per, 4 * per)).isEqualTo(last.pixels());
        }
    }

    @Test
    void a64PixelModelSamples64PixelImages() {
        try (DiffusionModel model = DiffusionModel.create(dev.rsidiff.engine.model.ModelConfig.defaults(64), 1)) {
            SampleResult r = new DdimSampler(model).sample(List.of("a red circle"), new long[]{1}, FAST.withSteps(2));
            assertThat(model.config().latentSize()).isEqualTo(16);
            assertThat(r.image(0).getWidth()).isEqualTo(64);
            assertThat(r.pixels()).hasSize(3 * 64 * 64);
        }
    }

    @Test
    void guidanceSchedulesFollowTheirFormulas() {
        assertThat(GuidanceSchedule.CONSTANT.scale(7.5, 2, 500, 1000)).isEqualTo(7.5);
        // ReDiFine: full scale at the first sampling step (t = T, pure noise), s0 * e^-alpha at the last (t = 0).
        assertThat(GuidanceSchedule.STRONG_EARLY.scale(7.5, 2, 1000, 1000)).isEqualTo(7.5);
        assertThat(GuidanceSchedule.STRONG_EARLY.scale(7.5, 2, 0, 1000)).isCloseTo(7.5 * Math.exp(-2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(GuidanceSchedule.STRONG_EARLY.scale(7.5, 2, 900, 1000)).isGreaterThan(GuidanceSchedule.STRONG_EARLY.scale(7.5, 2, 100, 1000));
        // The other direction: weak at the noisy start, full at the end.
        assertThat(GuidanceSchedule.STRONG_LATE.scale(7.5, 2, 1000, 1000)).isCloseTo(7.5 * Math.exp(-2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(GuidanceSchedule.STRONG_LATE.scale(7.5, 2, 0, 1000)).isEqualTo(7.5);
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new SamplerSettings(0, 3, GuidanceSchedule.CONSTANT, 2, 0, 8)).hasMessageContaining("steps");
        assertThatThrownBy(() -> new SamplerSettings(20, -1, GuidanceSchedule.CONSTANT, 2, 0, 8)).hasMessageContaining("-1");
    }
}
