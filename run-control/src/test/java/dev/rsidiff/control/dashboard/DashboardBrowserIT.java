package dev.rsidiff.control.dashboard;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless browser (Debian's chromium, driven through its chromedriver by Selenium): the
 * runs page fills in live, the run's page renders its charts and grid (every image loaded, naturalWidth > 0), its
 * lineage links land on their checkpoints and click through to the samples a checkpoint was trained on and each
 * image's page (prompt, seed, the checkpoint that generated it), every link of the report opens a page whose images
 * load, and ticking two runs compares them. Skipped, saying so, where chromium or chromedriver is not installed ({@code .ci/run} installs
 * them). Screenshots of the pages land in {@code target/dashboard-screenshots/}.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardBrowserIT {

    private static final String ALL_IMAGES_LOADED = HeadlessBrowser.ALL_IMAGES_LOADED;

    @Test
    void aPersonSeesTheRunsTheirChartsGridsLineageAndAComparison(StackEndpoints stack, @TempDir Path cache)
            throws Exception {
        assumeThat(HeadlessBrowser.available()).as(HeadlessBrowser.MISSING).isTrue();
        String run = "run-20261204-000001-" + UUID.randomUUID().toString().substring(0, 4);
        String other = run + "b";
        try (BlobStore blobs = DashboardIT.blobs(stack);
             DashboardServer dashboard = DashboardServer.start("127.0.0.1", 0, stack.kafkaBootstrapServers(), blobs,
                     new ReportOptions(2, 8, 100), cache)) {
            ChromeDriver browser = HeadlessBrowser.start();
            try {
                // given the runs page open before the run's events are written
                browser.get(dashboard.url().toString());
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Runs");

                // when two runs are stored and the first one's events written
                String round1 = DashboardIT.givenTwoRuns(stack, blobs, run, other);

                // then the open page lists the run without a reload, finished, with its best round
                WebElement row = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> browser.findElements(By.cssSelector("tr.run[data-run='" + run + "']")),
                                rows -> !rows.isEmpty() && rows.get(0).getText().contains("finished")).get(0);
                assertThat(row.getText()).contains("round 1 (" + round1 + ")");
                HeadlessBrowser.shot(browser, "runs.png");

                // and the run's page renders its charts and grid, every image loaded
                row.findElement(By.linkText(run)).click();
                HeadlessBrowser.awaitText(browser, By.tagName("h1"), ("Run " + run)::equals);
                assertThat(browser.findElements(By.cssSelector("img[src^='plots/']"))).isNotEmpty();
                assertThat(browser.findElements(By.cssSelector("#grid img[src^='grid/']"))).as("2 prompts x 2 rounds")
                        .hasSize(4);
                assertThat(browser.executeScript(ALL_IMAGES_LOADED)).as("images of " + browser.getCurrentUrl()).isEqualTo(true);
                HeadlessBrowser.shot(browser, "run.png");

                // and each lineage link lands on the checkpoint it names
                List<WebElement> lineage = browser.findElements(By.cssSelector("a[href^='#ck-']"));
                assertThat(lineage).isNotEmpty();
                for (WebElement link : lineage) {
                    String target = link.getAttribute("href").substring(link.getAttribute("href").indexOf('#') + 1);
                    assertThat(browser.findElements(By.id(target))).as("lineage target " + target).isNotEmpty();
                }

                // and every other link of the report opens a page whose images load
                String reportUrl = browser.getCurrentUrl();
                List<String> links = browser.findElements(By.cssSelector("a[href]")).stream()
                        .map(a -> a.getAttribute("href")).filter(h -> !h.contains("#")).distinct().toList();
                assertThat(links).isNotEmpty();
                for (String link : links) {
                    browser.get(link);
                    assertThat(browser.getTitle()).as(link).doesNotContain("Not here").doesNotContain("Failed");
                    assertThat(browser.executeScript(ALL_IMAGES_LOADED)).as("images of " + link).isEqualTo(true);
                }
                browser.get(reportUrl);

                // and the lineage clicks through: checkpoint -> the samples it was trained on -> an image with its
                // prompt and seed -> the checkpoint that generated it; and the trained checkpoint -> its parent
                browser.findElement(By.linkText("the samples")).click();
                assertThat(HeadlessBrowser.awaitElement(browser, By.id("lineage")).getText())
                        .contains("was fine-tuned from").contains("on these 1 samples");
                assertThat(browser.executeScript(ALL_IMAGES_LOADED)).isEqualTo(true);
                String trainedUrl = browser.getCurrentUrl();
                browser.findElement(By.cssSelector("tr[data-image] a")).click();
                assertThat(HeadlessBrowser.awaitElement(browser, By.id("seed")).getText()).isEqualTo("1001");
                assertThat(browser.findElement(By.tagName("body")).getText()).contains("a red ring on a blue background");
                assertThat(browser.executeScript(ALL_IMAGES_LOADED)).isEqualTo(true);
                HeadlessBrowser.shot(browser, "image.png");
                WebElement generator = browser.findElement(By.id("checkpoint"));
                String generatorId = generator.getText();
                generator.click();
                assertThat(HeadlessBrowser.awaitElement(browser, By.id(generatorId))).as("checkpoint " + generatorId)
                        .isNotNull();
                browser.get(trainedUrl);
                WebElement parent = browser.findElement(By.id("parent"));
                String parentId = parent.getText();
                parent.click();
                assertThat(HeadlessBrowser.awaitElement(browser, By.id(parentId))).as("parent " + parentId).isNotNull();

                // and ticking both runs on the runs page compares them on the same charts
                browser.get(dashboard.url().toString());
                for (String id : List.of(run, other)) {
                    browser.findElement(By.cssSelector("input[name='run'][value='" + id + "']")).click();
                }
                browser.findElement(By.cssSelector("button[type='submit']")).click();
                HeadlessBrowser.awaitText(browser, By.tagName("h1"), "2 runs compared"::equals);
                assertThat(browser.findElements(By.cssSelector("img[src^='plots/']"))).isNotEmpty();
                assertThat(browser.executeScript(ALL_IMAGES_LOADED)).isEqualTo(true);
                HeadlessBrowser.shot(browser, "compare.png");
            } finally {
                browser.quit();
            }
        }
    }
}
