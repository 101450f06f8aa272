package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.control.dashboard.HeadlessBrowser;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What {@code rsi report} writes, opened from disk in a real headless browser: every page reachable from
 * {@code index.html} loads every image (naturalWidth > 0), every link names a file of the folder, and every
 * {@code #anchor} lands on an element of its page. Nothing is served: the folder is what a person unzips.
 */
@ExtendWith(LocalStackExtension.class)
class ReportBrowserIT {

    @Test
    void aReportFolderOpensFromDiskWithNoBrokenImageOrLink(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        assumeThat(HeadlessBrowser.available()).as(HeadlessBrowser.MISSING).isTrue();
        Path dir = tmp.resolve("report");
        String run = "run-20261204-000003-rep2";
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // given a stored one-round run's report written to a folder
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            StoredRun.store(blobs, checkpoints, run);
            RunReportPage.write(RunRecord.read(blobs, checkpoints, run), blobs, checkpoints,
                    new ReportOptions(2, 8, 100), dir);
        }
        ChromeDriver browser = HeadlessBrowser.start();
        try {
            // when every page reachable from its index is opened from disk
            Deque<URI> toOpen = new ArrayDeque<>(List.of(dir.resolve("index.html").toUri()));
            Set<URI> opened = new LinkedHashSet<>();
            while (!toOpen.isEmpty()) {
                URI page = toOpen.poll();
                if (!opened.add(page)) {
                    continue;
                }
                browser.get(page.toString());
                // then its images all load
                assertThat(browser.executeScript(HeadlessBrowser.ALL_IMAGES_LOADED)).as("images of " + page).isEqualTo(true);
                for (WebElement a : browser.findElements(By.cssSelector("a[href]"))) {
                    URI target = URI.create(a.getAttribute("href"));
                    assertThat(target.getScheme()).as("link on " + page).isEqualTo("file");
                    Path file = Path.of(new URI("file", null, target.getPath(), null));
                    // and every link names a file of the folder
                    assertThat(file.normalize()).as("link on " + page).startsWith(dir);
                    assertThat(file).as("target of " + target + " on " + page).isRegularFile();
                    String name = file.getFileName().toString();
                    if (target.getFragment() != null) {
                        toOpen.add(URI.create(target.toString()));
                    } else if (name.endsWith(".html")) {
                        toOpen.add(file.toUri());
                    }
                }
                // and a link to an anchor lands on an element of that id
                if (page.getFragment() != null) {
                    assertThat(browser.findElements(By.id(page.getFragment()))).as("anchor " + page).isNotEmpty();
                }
            }
            assertThat(opened).as("pages opened").extracting(u -> Path.of(u.getPath()).getFileName().toString())
                    .contains("index.html", "selection-1.html", "trained-1.html", run + ".img0.html",
                            run + ".img1.html", "round0-prompt0.html", "round1-prompt1.html");
            assertThat(Files.list(dir.resolve("plots"))).as("charts").isNotEmpty();
        } finally {
            browser.quit();
        }
    }
}
