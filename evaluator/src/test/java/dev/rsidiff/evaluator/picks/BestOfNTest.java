package dev.rsidiff.evaluator.picks;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BestOfNTest {

    @Test
    void everyScorersPickIsJudgedPerNamedAttributeAndNoPickBeatsTheOracle() {
        List<ImageScorer> scorers = ScorerRegistry.open(List.of("alignment", "aesthetic"));
        try (DiffusionModel g0 = BaseModel.load().toModel(); AttributeClassifier classifier = AttributeClassifier.shipped()) {
            BestOfN.Result r = BestOfN.run(g0, BaseModel.ID, classifier, scorers,
                    new BestOfN.Settings(6, 4, 12_000, SamplerSettings.defaults().withSteps(8),
                            List.of(List.of("alignment", "aesthetic"))));
            assertThat(r.picks().keySet()).containsExactlyInAnyOrder("shape", "colour", "size", "region", "background");
            for (Map<String, BestOfN.Accuracy> row : r.picks().values()) {
                assertThat(row.keySet()).containsExactly("random", "oracle", "alignment", "aesthetic",
                        "alignment+aesthetic");
                double oracle = row.get("oracle").value();
                row.values().forEach(a -> {
                    assertThat(a.value()).isBetween(0.0, oracle);
                    assertThat(a.low()).isLessThanOrEqualTo(a.value());
                    assertThat(a.high()).isGreaterThanOrEqualTo(a.value());
                });
            }
            // and the shape's row is also split by the shape each prompt names, with the same pickers
            assertThat(r.byShape()).isNotEmpty();
            assertThat(java.util.Arrays.stream(dev.rsidiff.engine.world.ShapeKind.values())
                    .map(dev.rsidiff.engine.world.ShapeKind::word)).containsAll(r.byShape().keySet());
            r.byShape().values().forEach(row -> {
                assertThat(row.keySet()).isEqualTo(r.picks().get("shape").keySet());
                row.values().forEach(a -> assertThat(a.value()).isBetween(0.0, row.get("oracle").value()));
            });
        } finally {
            scorers.forEach(ImageScorer::close);
        }
    }

    @Test
    void aCombinedPickerOfOneScorerTwicePicksAsThatScorerDoes() {
        List<ImageScorer> scorers = ScorerRegistry.open(List.of("alignment"));
        try (DiffusionModel g0 = BaseModel.load().toModel(); AttributeClassifier classifier = AttributeClassifier.shipped()) {
            BestOfN.Result r = BestOfN.run(g0, BaseModel.ID, classifier, scorers,
                    new BestOfN.Settings(8, 4, 12_000, SamplerSettings.defaults().withSteps(8),
                            List.of(List.of("alignment", "alignment"))));
            // standardising within each prompt keeps the order of its samples, so the pick is the same sample
            r.picks().values().forEach(row -> assertThat(row.get("alignment+alignment")).isEqualTo(row.get("alignment")));
        } finally {
            scorers.forEach(ImageScorer::close);
        }
    }
}
