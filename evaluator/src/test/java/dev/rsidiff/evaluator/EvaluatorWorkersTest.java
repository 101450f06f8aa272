package dev.rsidiff.evaluator;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An evaluation's figures do not depend on how many workers draw its batches and compute its metrics. */
class EvaluatorWorkersTest {

    @Test
    void everyFigureIsTheSameOnOneThreadAndOnThreeWorkers() {
        List<ImageScorer> scorers = ScorerRegistry.open(ScorerRegistry.names());
        Evaluator.Settings settings = Evaluator.Settings.defaults().withCounts(12, 3).withSamplingBatch(12);
        try (DiffusionModel g0 = BaseModel.load().toModel(); AttributeClassifier classifier = AttributeClassifier.shipped();
             BatchWorkers three = BatchWorkers.of(3, "evaluator-workers-test", () -> { })) {
            // given the same checkpoint and settings, when it is evaluated inline and on three workers
            EvaluationReport inline = new Evaluator(classifier, scorers).evaluate(g0, BaseModel.ID, settings);
            EvaluationReport side = new Evaluator(classifier, scorers, three).evaluate(g0, BaseModel.ID, settings);

            // then every metric is the same, bit for bit, in the same order
            assertThat(side.metrics()).containsExactlyEntriesOf(inline.metrics());
            assertThat(inline.metrics()).containsKeys("faithfulness", "fidelity.kid", "diversity",
                    "collapse.spectrum_distance", "scorer." + scorers.get(0).name());
            assertThat(side.scorerVersions()).isEqualTo(inline.scorerVersions());
        } finally {
            scorers.forEach(ImageScorer::close);
        }
    }
}
