package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.blob.BlobKey;
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
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import dev.rsidiff.runtime.memory.HeapRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

    @Test
    void anEvaluationDrawnOnSeveralThreadsHasTheFiguresOfOneDrawnOnOne(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given settings whose held-out images take three sampling batches and whose validation images two
            Evaluator.Settings threeBatches = new Evaluator.Settings(6, 1,
                    SamplerSettings.defaults().withBatchSize(2), 11);
            RunConfigStore configs = new RunConfigStore(blobs);
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            List<RoundEvaluated> published = new CopyOnWriteArrayList<>();

            // When G0 is evaluated as a run's last round (the evaluation that uses the workers) on one thread, and
            // again, that stored evaluation removed, on three
            int last = RunConfigs.lastRound(RunConfigs.defaults());
            assertThat(RoundEvaluation.isLastRound(last, RunConfigs.defaults())).isTrue();
            Set<BlobKey> before = evaluationsOfG0(blobs);
            String one = "run-" + UUID.randomUUID();
            configs.save(one, RunConfigs.defaults());
            try (RoundEvaluation evaluation = evaluation(blobs, checkpoints, configs, threeBatches, published, 1)) {
                evaluation.evaluate(one, last, BaseModel.ID);
            }
            removeAllBut(blobs, before);
            String three = "run-" + UUID.randomUUID();
            configs.save(three, RunConfigs.defaults());
            try (RoundEvaluation evaluation = evaluation(blobs, checkpoints, configs, threeBatches, published, 3)) {
                evaluation.evaluate(three, last, BaseModel.ID);
            }
            removeAllBut(blobs, before); // as it found it, for the other test

            // Then it was evaluated twice (not reused), with the same figures to the last bit
            assertThat(report(blobs, three, last).seconds()).isNotEqualTo(report(blobs, one, last).seconds());
            assertThat(report(blobs, three, last).metrics()).containsKey("validation.faithfulness")
                    .isEqualTo(report(blobs, one, last).metrics());
        }
    }

    private static Set<BlobKey> evaluationsOfG0(BlobStore blobs) {
        return blobs.list("evaluations/" + BaseModel.ID + "/").stream().map(BlobStore.Listing::key)
                .collect(Collectors.toSet());
    }

    /** Removes the stored evaluations of G0 made since {@code before}: exactly one. */
    private static void removeAllBut(BlobStore blobs, Set<BlobKey> before) {
        Set<BlobKey> made = new HashSet<>(evaluationsOfG0(blobs));
        made.removeAll(before);
        assertThat(made).as("evaluations stored").hasSize(1);
        made.forEach(blobs::delete);
    }

    private static RoundEvaluation evaluation(BlobStore blobs, CheckpointStore checkpoints, RunConfigStore configs,
                                              Evaluator.Settings settings, List<RoundEvaluated> published,
                                              int workers) {
        return new RoundEvaluation(blobs, checkpoints, configs, settings, 4, published::add,
                new EventMetas(ServiceName.EVALUATOR), new Announcements(blobs, RoundEvaluation.STAGE),
                EvaluationPriority.UNCHANGED, HeapRelease.NONE, workers);
    }

    private static EvaluationReport report(BlobStore blobs, String run) {
        return report(blobs, run, 0);
    }

    private static EvaluationReport report(BlobStore blobs, String run, int round) {
        return Manifests.fromJson(blobs.readIfExists(BlobKeys.evaluationManifest(run, round))
                .orElseThrow().bytes(), EvaluationReport.class, "report");
    }
}
