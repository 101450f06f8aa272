package dev.rsidiff.control;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.dashboard.DashboardServer;
import dev.rsidiff.control.dashboard.HeadlessBrowser;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The review gate through the whole loop: the five services as processes, a reviewed one-round run, and a person
 * in a real headless browser who opens the round's review from the runs page, excludes two samples and approves.
 * The trainer receives the other samples only, and the manifest, the review page and the run report say who
 * excluded what.
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
class ReviewGateIT {

    @Test
    void aPersonExcludesSamplesOnTheDashboardAndTheTrainerNeverReceivesThem(StackEndpoints stack, @TempDir Path tmp, ServiceLogs logs)
            throws Exception {
        assumeThat(HeadlessBrowser.available()).as(HeadlessBrowser.MISSING).isTrue();
        // Given a reviewed run of one round, 6 prompts x 2 images, the best of each prompt kept
        RunConfig config = RunConfigs.apply(LoopFixture.config(6, 2, 6, 2), Map.of("rounds", "1", "review", "true"));
        try (ServiceFleet fleet = LoopFixture.fleet(stack, logs);
             BlobStore blobs = LoopFixture.blobs(stack);
             DashboardServer dashboard = DashboardServer.start("127.0.0.1", 0, stack.kafkaBootstrapServers(), blobs,
                     new ReportOptions(2, 8, 100), tmp.resolve("cache"))) {
            fleet.startAll(Duration.ofMinutes(2));
            CompletableFuture<RunProgress> run = CompletableFuture.supplyAsync(() -> new RunDriver(
                    stack.kafkaBootstrapServers(), new PrintWriter(System.out, true)).startAndFollow(config,
                    Duration.ofMinutes(5)));
            ChromeDriver browser = HeadlessBrowser.start();
            try {
                // When the runs page offers the round's review, and the person opens it
                browser.get(dashboard.url().toString());
                WebElement review = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> browser.findElements(By.cssSelector("a.review")), links -> !links.isEmpty())
                        .get(0);
                assertThat(review.getText()).isEqualTo("review round 1");
                review.click();

                // Then it shows the pending selection, six samples with their images, and no weight was assigned
                assertThat(HeadlessBrowser.awaitElement(browser, By.id("status")).getAttribute("data-status"))
                        .isEqualTo("PENDING");
                List<WebElement> boxes = browser.findElements(By.cssSelector("input[name='exclude']"));
                assertThat(boxes).hasSize(6);
                assertThat(browser.executeScript(HeadlessBrowser.ALL_IMAGES_LOADED)).isEqualTo(true);
                assertThat(blobs.list(BlobKeys.roundItemPrefix(runIdOf(browser), 1, "weights")))
                        .as("weights the trainer collected before the approval").isEmpty();
                HeadlessBrowser.shot(browser, "review-pending.png");

                // When the person excludes two samples and approves
                List<String> excluded = List.of(boxes.get(0).getAttribute("value"), boxes.get(3).getAttribute("value"));
                boxes.get(0).click();
                boxes.get(3).click();
                browser.findElement(By.name("reviewer")).sendKeys("ana");
                browser.findElement(By.name("note")).sendKeys("wrong colours");
                browser.findElement(By.id("approve")).click();
                assertThat(HeadlessBrowser.awaitElement(browser, By.id("sent")).getText()).contains("Approval sent");

                // Then the round trains on the other four only
                RunProgress progress = run.get(5, TimeUnit.MINUTES);
                assertThat(progress.eventsPerTopic())
                        .containsEntry(Topics.SELECTIONS_PENDING.name(), 1)
                        .containsEntry(Topics.SELECTIONS_REVIEWED.name(), 1)
                        .containsEntry(Topics.WEIGHTS_ASSIGNED.name(), 4)
                        .containsEntry(Topics.CHECKPOINTS_PUBLISHED.name(), 1);
                RunProgress.Round round = progress.round(1);
                assertThat(round.weightEvents).extracting(WeightsAssigned::getImageId).doesNotContainAnyElementsOf(excluded);
                assertThat(round.weightEvents).allMatch(w -> w.getSelectedCount() == 4);
                assertThat(round.checkpoints).extracting(CheckpointPublished::getStats)
                        .allMatch(stats -> stats.getSamples() == 4);
                assertThat(blobs.list(BlobKeys.roundItemPrefix(progress.runId(), 1, "weights"))).hasSize(4);

                // And the review page says who approved and who excluded which sample
                browser.navigate().refresh();
                HeadlessBrowser.awaitText(browser, By.id("status"), text -> text.startsWith("Approved"));
                assertThat(browser.findElement(By.id("status")).getAttribute("data-status")).isEqualTo("APPROVED");
                assertThat(browser.findElement(By.id("status")).getText()).contains("Approved by ana")
                        .contains("2 of 6 samples excluded").contains("wrong colours");
                for (String id : excluded) {
                    assertThat(browser.findElement(By.cssSelector("tr[data-image='" + id + "']")).getText())
                            .contains("excluded by ana");
                }
                assertThat(browser.executeScript(HeadlessBrowser.ALL_IMAGES_LOADED)).isEqualTo(true);
                HeadlessBrowser.shot(browser, "review-approved.png");

                // And the run report's page of the round marks the excluded samples beside the kept ones
                browser.get(dashboard.url().resolve("/runs/" + progress.runId() + "/selection-1.html").toString());
                assertThat(browser.findElement(By.id("review")).getText()).contains("approved by ana, 2 excluded");
                assertThat(browser.findElements(By.cssSelector("td.excluded"))).hasSize(2)
                        .allMatch(td -> td.getText().contains("excluded by ana"));
                assertThat(browser.findElements(By.cssSelector("td.kept"))).hasSize(4);
            } finally {
                browser.quit();
                run.cancel(true);
            }
        }
    }

    /** The run id from a review page's address, {@code /review/<run>/<round>}. */
    private static String runIdOf(ChromeDriver browser) {
        String path = java.net.URI.create(browser.getCurrentUrl()).getPath();
        return path.split("/")[2];
    }
}
