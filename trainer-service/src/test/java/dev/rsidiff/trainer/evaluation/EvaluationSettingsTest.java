package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.evaluator.HeldOutPrompts;
import dev.rsidiff.evaluator.ValidationPrompts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationSettingsTest {

    @Test
    void theConfiguredCountsAndBatchReplaceTheDefaultsAndTheSamplerIsKept() {
        Evaluator.Settings s = EvaluationSettings.of(50, 2, 10);

        assertThat(s.prompts()).isEqualTo(50);
        assertThat(s.imagesPerPrompt()).isEqualTo(2);
        assertThat(s.sampling().batchSize()).isEqualTo(10);
        assertThat(s.sampling().withBatchSize(Evaluator.SAMPLING_BATCH))
                .isEqualTo(Evaluator.Settings.defaults().sampling());
        assertThat(s.seed()).isEqualTo(Evaluator.Settings.defaults().seed());
    }

    @Test
    void aValueBelowOneIsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> EvaluationSettings.of(0, 4, 20))
                .hasMessageContaining(EvaluationSettings.PROMPTS + "=0");
        assertThatThrownBy(() -> EvaluationSettings.of(100, -1, 20))
                .hasMessageContaining(EvaluationSettings.IMAGES_PER_PROMPT + "=-1");
        assertThatThrownBy(() -> EvaluationSettings.of(100, 4, 0))
                .hasMessageContaining(EvaluationSettings.BATCH_SIZE + "=0");
    }

    @Test
    void moreHeldOutOrValidationPromptsThanThereAreIsRefusedNamingTheSetting() {
        assertThat(EvaluationSettings.of(HeldOutPrompts.MAX, 1, 20).prompts()).isEqualTo(HeldOutPrompts.MAX);
        assertThatThrownBy(() -> EvaluationSettings.of(HeldOutPrompts.MAX + 1, 1, 20))
                .hasMessageContaining(EvaluationSettings.PROMPTS + "=" + (HeldOutPrompts.MAX + 1));
        assertThat(EvaluationSettings.validationPrompts(0)).isZero();
        assertThat(EvaluationSettings.validationPrompts(ValidationPrompts.MAX)).isEqualTo(ValidationPrompts.MAX);
        assertThatThrownBy(() -> EvaluationSettings.validationPrompts(-1))
                .hasMessageContaining(EvaluationSettings.VALIDATION_PROMPTS + "=-1");
        assertThatThrownBy(() -> EvaluationSettings.validationPrompts(ValidationPrompts.MAX + 1))
                .hasMessageContaining(EvaluationSettings.VALIDATION_PROMPTS + "=" + (ValidationPrompts.MAX + 1));
    }
}
