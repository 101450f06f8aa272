package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            String round1 = StoredRun.store(blobs, checkpoints, run);

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
            assertThat(html).contains("href=\"grid.png\"").contains("src=\"plots/faithfulness.png\"")
                    .contains("src=\"plots/weights.png\"");
            // and each of the grid's cells opens with its prompt, seed and checkpoint
            assertThat(html).contains("<a href=\"grid/round1-prompt0.html\"><img src=\"grid/round1-prompt0.png\"");
            assertThat(Files.readString(tmp.resolve("report/grid/round1-prompt0.html")))
                    .contains("<td class=\"l\" id=\"seed\">4242</td>").contains("href=\"../index.html#" + round1 + "\"")
                    .contains("<a href=\"round0-prompt0.html\">round 0</a>");
            // and round 1's page shows the prompt's two images, the kept one with its rank, distance and weight
            String selection = Files.readString(tmp.resolve("report/selection-1.html"));
            assertThat(selection).contains("a red ring on a blue background").contains("not kept")
                    .contains("kept, rank 1<br>d 7.50, weight 0.500").contains("alignment 0.700");
            assertThat(selection).contains("href=\"images/" + run + ".img1.html\"");
            assertThat(tmp.resolve("report/images/" + run + ".img1.png")).hasBinaryContent(pixel(1));
            assertThat(html).contains("href=\"selection-1.html\"");
            // and the lineage links round 1's checkpoint to the samples it was trained on, its parent to the base
            assertThat(html).contains("<a href=\"trained-1.html\">the samples</a>");
            String trained = Files.readString(tmp.resolve("report/trained-1.html"));
            assertThat(trained).contains("Checkpoint <b>" + round1 + "</b> was fine-tuned from <a id=\"parent\" href=\"index.html#"
                    + BaseModel.ID + "\">").contains("on these 1 samples").contains("<td>1001</td>")
                    .contains("selected in round 1").contains("<td>0.500</td>").contains("images/" + run + ".img1.html")
                    .doesNotContain(run + ".img0");
            // and each image's page shows it full size with its prompt, seed, checkpoint and what the loop did with it
            String image = Files.readString(tmp.resolve("report/images/" + run + ".img1.html"));
            assertThat(image).contains("a red ring on a blue background").contains("<span id=\"seed\">1001</span>")
                    .contains("href=\"../index.html#" + BaseModel.ID + "\"").contains("round 1 selection</a>: kept, rank 1")
                    .contains("trained into <a href=\"../trained-1.html\">" + round1 + "</a> (round 1) with weight 0.500");
            assertThat(Files.readString(tmp.resolve("report/images/" + run + ".img0.html"))).contains("not kept")
                    .contains("<span id=\"seed\">1000</span>").doesNotContain("trained into");
        }
    }

    private static byte[] pixel(int i) throws java.io.IOException {
        return StoredRun.pixel(i);
    }
}
