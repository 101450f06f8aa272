package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The run report from what a run leaves in a real S3 server: its configuration, manifests and checkpoints. */
@ExtendWith(LocalStackExtension.class)
class RunReportIT {

    @Test
    void aRunsStoredRoundsBecomeAStaticReport(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // given a one-round run from G0 whose round 1 checkpoint, weights, evaluations and decision are stored
            String run = "run-20261203-000000-rep1";
            RunConfig config = RunConfigs.defaults();
            config.setRounds(1);
            new RunConfigStore(blobs).save(run, config);
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            String round1;
            try (DiffusionModel model = BaseModel.load().toModel()) {
                ai.djl.ndarray.NDArray first = model.params().all().values().iterator().next();
                float[] nudged = first.toFloatArray();
                nudged[0] += 0.01f; // a fine-tuned model: other weights than G0's
                first.set(nudged);
                round1 = checkpoints.store(run, 1, model, BaseModel.ID, "fine-tuned on 2 samples").header().id();
            }
            put(blobs, BlobKeys.evaluationManifest(run, 0), evaluation(BaseModel.ID, 0.80));
            put(blobs, BlobKeys.evaluationManifest(run, 1), evaluation(round1, 0.85));
            // two images of one prompt scored, the second kept
            RoundItems<ScoresComputed> scores = RoundItems.scores(blobs);
            for (int i = 0; i < 2; i++) {
                String image = run + ".img" + i;
                var png = blobs.put(BlobKeys.image(run, 1, image), pixel(i), "image/png");
                scores.put(run, 1, image, scored(run, image, png, 0.2 + 0.5 * i));
            }
            blobs.put(BlobKeys.weightsManifest(run, 1), ("{\"selected\":[{\"imageId\":\"" + run
                    + ".img1\",\"rank\":1,\"distance\":7.5,\"weight\":0.5},{\"weight\":1.0}]}")
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            blobs.put(BlobKeys.decisionManifest(run, 1),
                    "{\"bestRound\":1,\"bestCheckpointId\":\"x\",\"stopReason\":null}".getBytes(StandardCharsets.UTF_8),
                    "application/json");

            // when its report is written with a grid of 2 prompts
            RunRecord record = RunRecord.read(blobs, checkpoints, run);
            Path index = RunReportPage.write(record, blobs, checkpoints, new ReportOptions(2, 8, 100),
                    tmp.resolve("report"));

            // then the page has both rounds with intervals, the best round, the lineage and the configuration
            String html = Files.readString(index);
            assertThat(record.rounds()).containsOnlyKeys(0, 1);
            assertThat(html).contains("<h1>Run " + run + "</h1>").contains("<td>1 (best)</td>")
                    .contains("0.850 <small>[").contains(round1)
                    .contains("<a href=\"#" + BaseModel.ID + "\">").contains("fine-tuned on 2 samples")
                    .contains("&quot;rounds&quot;");
            assertThat(html).contains("<td>2</td><td>0.500</td>");
            // and the charts and the grid (2 prompts x 2 rounds) are beside it
            assertThat(tmp.resolve("report/plots/faithfulness.png")).exists();
            BufferedImage grid = ImageIO.read(tmp.resolve("report/grid.png").toFile());
            assertThat(grid.getHeight()).isGreaterThan(2 * 32 * 3);
            assertThat(html).contains("src=\"grid.png\"").contains("src=\"plots/faithfulness.png\"");
            // and round 1's page shows the prompt's two images, the kept one with its rank, distance and weight
            String selection = Files.readString(tmp.resolve("report/selection-1.html"));
            assertThat(selection).contains("a red ring on a blue background").contains("not kept")
                    .contains("kept, rank 1<br>d 7.50, weight 0.500").contains("alignment 0.700");
            assertThat(tmp.resolve("report/selection-1/" + run + ".img1.png")).hasBinaryContent(pixel(1));
            assertThat(html).contains("href=\"selection-1.html\"");
        }
    }

    private static byte[] pixel(int i) throws java.io.IOException {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x102030 * (i + 1));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static ScoresComputed scored(String run, String image, dev.rsidiff.blob.StoredBlob png, double alignment) {
        return ScoresComputed.newBuilder()
                .setMeta(EventMeta.newBuilder().setEventId(image).setRunId(run).setRound(1)
                        .setProducer(ServiceName.SCORER_SERVICE).setTimestamp(java.time.Instant.ofEpochMilli(0)).build())
                .setImageId(image).setPromptId(run + ".p0").setPromptText("a red ring on a blue background")
                .setImage(BlobRef.newBuilder().setKey(png.key().value()).setSha256(png.sha256())
                        .setSizeBytes(png.sizeBytes()).build())
                .setCheckpointId(BaseModel.ID)
                .setScores(java.util.List.of(new Score("alignment", "v1", alignment)))
                .setExpectedImages(2)
                .build();
    }

    private static void put(BlobStore blobs, dev.rsidiff.blob.BlobKey key, EvaluationReport report) {
        blobs.put(key, Manifests.toJson(report), "application/json");
    }

    private static EvaluationReport evaluation(String checkpoint, double faithfulness) {
        return new EvaluationReport(checkpoint, 100, 4, Map.of("faithfulness", faithfulness,
                "faithfulness.region", faithfulness - 0.2, "fidelity.frechet_standardised", 9.0), null, null, 1.0);
    }
}
