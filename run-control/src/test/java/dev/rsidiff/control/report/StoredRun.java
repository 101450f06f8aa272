package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a one-round run from G0 leaves in the object store, written directly: its configuration, a round 1
 * checkpoint (G0 nudged), the base's and round 1's evaluations (faithfulness 0.80 and 0.85), two scored images of
 * one prompt (seeds 1000 and 1001) of which the second was kept (rank 1, distance 7.5, weight 0.5) and collected by
 * the trainer, and a decision naming round 1 best.
 */
public final class StoredRun {

    private StoredRun() {
    }

    /** The run's configuration as stored (one round from G0). */
    public static RunConfig config() {
        RunConfig config = RunConfigs.defaults();
        config.setRounds(1);
        return config;
    }

    /** Stores run {@code run}; returns its round 1 checkpoint id. */
    public static String store(BlobStore blobs, CheckpointStore checkpoints, String run) throws Exception {
        RunConfig config = config();
        new RunConfigStore(blobs).save(run, config);
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
            if (i == 1) {
                RoundItems.weights(blobs).put(run, 1, image, WeightsAssigned.newBuilder()
                        .setMeta(EventMeta.newBuilder().setEventId(image + ".w").setRunId(run).setRound(1)
                                .setProducer(ServiceName.WEIGHTING_SERVICE)
                                .setTimestamp(java.time.Instant.ofEpochMilli(0)).build())
                        .setImageId(image).setPromptId(run + ".p0").setPromptText("a red ring on a blue background")
                        .setImage(png.toRef()).setDistance(7.5).setWeight(0.5).setBeta(5).setSigma2(2)
                        .setSelectionRank(1).setSelectedCount(1).setCheckpointId(BaseModel.ID).build());
            }
        }
        blobs.put(BlobKeys.weightsManifest(run, 1), ("{\"selected\":[{\"imageId\":\"" + run
                + ".img1\",\"rank\":1,\"distance\":7.5,\"weight\":0.5},{\"weight\":1.0}]}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        blobs.put(BlobKeys.decisionManifest(run, 1),
                "{\"bestRound\":1,\"bestCheckpointId\":\"x\",\"stopReason\":null}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        return round1;
    }

    public static byte[] pixel(int i) throws java.io.IOException {
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
                .setSeed(1000L + Long.parseLong(image.substring(image.length() - 1)))
                .build();
    }

    private static void put(BlobStore blobs, dev.rsidiff.blob.BlobKey key, EvaluationReport report) {
        blobs.put(key, Manifests.toJson(report), "application/json");
    }

    public static EvaluationReport evaluation(String checkpoint, double faithfulness) {
        return new EvaluationReport(checkpoint, 100, 4, Map.of("faithfulness", faithfulness,
                "faithfulness.region", faithfulness - 0.2, "fidelity.frechet_standardised", 9.0), null, null, 1.0);
    }
}
