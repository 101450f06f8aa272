package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation stage against a real S3 server, without Kafka: a checkpoint that another run already evaluated with
 * the same settings is not evaluated again, each run still announces its round once, and other settings are
 * evaluated afresh.
 */
@ExtendWith(LocalStackExtension.class)
class RoundEvaluationIT {

    private static final Evaluator.Settings TINY = new Evaluator.Settings(4, 1, SamplerSettings.defaults(), 7);

    @Test
    void twoRunsFromTheSameBaseEvaluateItOnce(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given two runs from G0
            RunConfigStore configs = new RunConfigStore(blobs);
            String a = "run-" + UUID.randomUUID();
            String b = "run-" + UUID.randomUUID();
            configs.save(a, RunConfigs.defaults());
            configs.save(b, RunConfigs.defaults());
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            List<RoundEvaluated> published = new CopyOnWriteArrayList<>();

            // When both evaluate their base with the same settings, the second one twice (a redelivery)
            try (RoundEvaluation evaluation = new RoundEvaluation(blobs, checkpoints, configs, TINY, 2, published::add,
                    new EventMetas(ServiceName.EVALUATOR))) {
                evaluation.evaluate(a, 0, BaseModel.ID);
                evaluation.evaluate(b, 0, BaseModel.ID);
                evaluation.evaluate(b, 0, BaseModel.ID);
            }

            // Then each run announces its base once, with the same figures, from one evaluation
            assertThat(published).hasSize(2);
            assertThat(published).extracting(e -> e.getMeta().getRunId()).containsExactly(a, b);
            assertThat(published.get(1).getMetrics()).isEqualTo(published.get(0).getMetrics());
            EvaluationReport first = report(blobs, a);
            EvaluationReport second = report(blobs, b);
            assertThat(second).as("the second run's report is the first one's, timing included").isEqualTo(first);
            assertThat(blobs.list("evaluations/" + BaseModel.ID + "/")).hasSize(1);

            // And an evaluator with other settings evaluates afresh, stored beside the first
            String c = "run-" + UUID.randomUUID();
            configs.save(c, RunConfigs.defaults());
            try (RoundEvaluation other = new RoundEvaluation(blobs, checkpoints, configs, TINY, 3, published::add,
                    new EventMetas(ServiceName.EVALUATOR))) {
                other.evaluate(c, 0, BaseModel.ID);
            }
            assertThat(blobs.list("evaluations/" + BaseModel.ID + "/")).hasSize(2);
            assertThat(report(blobs, c).metrics()).containsKey("validation.faithfulness");
            assertThat(report(blobs, c).metrics().get("faithfulness")).isEqualTo(first.metrics().get("faithfulness"));
        }
    }

    private static EvaluationReport report(BlobStore blobs, String run) {
        return Manifests.fromJson(blobs.readIfExists(BlobKeys.evaluationManifest(run, 0))
                .orElseThrow().bytes(), EvaluationReport.class, "report");
    }
}
