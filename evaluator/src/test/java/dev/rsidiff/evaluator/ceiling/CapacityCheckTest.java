package dev.rsidiff.evaluator.ceiling;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.evaluator.Evaluator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityCheckTest {

    @Test
    void judgesRegionAndShapeOfTheFineTunedModelAgainstTheBar() {
        try (AttributeClassifier classifier = AttributeClassifier.shipped()) {
            Evaluator evaluator = new Evaluator(classifier, List.of());
            Evaluator.Settings small = new Evaluator.Settings(8, 2, SamplerSettings.defaults().withSteps(8), 2026);
            // A bar of 0 passes whatever was learned, a bar above 1 fails it: the verdict follows the figures.
            CapacityCheck.Result easy = CapacityCheck.run(BaseModel.load(), new CapacityCheck.Settings(3, 8, 1e-4, 5, 0.0),
                    evaluator, small);
            assertThat(easy.judged()).extracting(CapacityCheck.Figure::metric).containsExactlyElementsOf(CapacityCheck.JUDGED);
            assertThat(easy.passed()).isTrue();
            for (CapacityCheck.Figure f : easy.judged()) {
                assertThat(f.base()).isEqualTo(easy.before().metrics().get(f.metric()));
                assertThat(f.tuned()).isEqualTo(easy.after().metrics().get(f.metric()));
                assertThat(f.low()).isLessThanOrEqualTo(f.tuned());
                assertThat(f.high()).isGreaterThanOrEqualTo(f.tuned());
            }
            CapacityCheck.Result hard = CapacityCheck.run(BaseModel.load(), new CapacityCheck.Settings(3, 8, 1e-4, 5, 1.01),
                    evaluator, small);
            assertThat(hard.passed()).isFalse();
            // Training moved the weights: the fine-tuned model is judged, not the base again.
            assertThat(easy.after().metrics().get("fidelity.frechet")).isNotEqualTo(easy.before().metrics().get("fidelity.frechet"));
        }
    }
}
