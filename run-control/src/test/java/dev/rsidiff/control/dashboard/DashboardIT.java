package dev.rsidiff.control.dashboard;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.control.TopicScan;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.control.report.StoredRun;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard over a real Kafka broker and a real S3 server: a run's events on the topics and its rounds in the
 * store become the runs page, the run's report with every image and link resolving, and a comparison.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardIT {

    private static final Pattern LINK = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void aRunsEventsAndStoredRoundsAreServedLive(StackEndpoints stack, @TempDir Path cache) throws Exception {
        String run = "run-20261204-000000-" + UUID.randomUUID().toString().substring(0, 4);
        String other = run + "b";
        try (BlobStore blobs = blobs(stack)) {
            // given two one-round runs stored, and the first one's start and evaluations on the topics
            String round1 = givenTwoRuns(stack, blobs, run, other);

            // when the dashboard serves them
            try (DashboardServer dashboard = DashboardServer.start("127.0.0.1", 0, stack.kafkaBootstrapServers(),
                    blobs, new ReportOptions(2, 8, 100), cache)) {
                URI base = dashboard.url();

                // then the runs page lists the run, finished, with its best round, once the events are read
                assertThat(text(base.resolve("/"))).contains("<table id=\"runs\">").contains("/runs-table");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(text(base.resolve("/runs-table")))
                        .contains("href=\"/runs/" + run + "/\"").contains("finished")
                        .contains("round 1 (" + round1 + ")"));

                // and the run's page is its report, every image and link of which resolves (images decode)
                HttpResponse<byte[]> report = get(base.resolve("/runs/" + run));
                assertThat(report.statusCode()).isEqualTo(200);
                assertThat(report.uri().getPath()).isEqualTo("/runs/" + run + "/");
                String html = new String(report.body());
                assertThat(html).contains("<h1>Run " + run + "</h1>").contains("href=\"grid.png\"").contains("src=\"grid/round1-prompt0.png\"")
                        .contains("src=\"plots/faithfulness.png\"").contains("href=\"selection-1.html\"");
                assertThat(allLinksResolve(report.uri(), html)).as("links checked").hasSizeGreaterThan(3);
                String selection = text(report.uri().resolve("selection-1.html"));
                assertThat(allLinksResolve(report.uri().resolve("selection-1.html"), selection)).isNotEmpty();

                // and two runs compare on the same charts, each run's report beside
                HttpResponse<byte[]> compared = get(base.resolve("/compare?run=" + run + "&run=" + other));
                assertThat(compared.statusCode()).isEqualTo(200);
                String comparison = new String(compared.body());
                assertThat(comparison).contains("2 runs compared").contains(run + "/index.html").contains(other);
                assertThat(allLinksResolve(compared.uri(), comparison)).isNotEmpty();

                // and nothing outside a report is served: a path out of it, or a run nobody started, is a 404
                assertThat(get(base.resolve("/runs/" + run + "/..%2F..%2Fcompare")).statusCode()).isEqualTo(404);
                assertThat(get(base.resolve("/runs/" + run + "/../../runs-table")).statusCode()).isEqualTo(404);
                HttpResponse<byte[]> unknown = get(base.resolve("/runs/run-nobody-started/"));
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(new String(unknown.body())).contains("run-nobody-started").contains("never started");
                assertThat(get(base.resolve("/compare?run=" + run)).statusCode()).isEqualTo(404);
            }
        }
    }

    @Test
    void aReviewFormThatDoesNotFitIsRefusedOnThePageAndAFittingOneIsSentOnce(StackEndpoints stack, @TempDir Path cache)
            throws Exception {
        String run = "run-20261204-000002-" + UUID.randomUUID().toString().substring(0, 4);
        try (BlobStore blobs = blobs(stack);
             DashboardServer dashboard = DashboardServer.start("127.0.0.1", 0, stack.kafkaBootstrapServers(), blobs,
                     new ReportOptions(2, 8, 100), cache)) {
            // given round 1 of a reviewed run with two samples selected and awaiting review
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
            StringBuilder selected = new StringBuilder();
            for (String id : List.of("img-a", "img-b")) {
                StoredBlob image = blobs.put(BlobKeys.image(run, 1, id), png.toByteArray(), "image/png");
                selected.append(selected.isEmpty() ? "" : ",").append("{\"imageId\":\"").append(id)
                        .append("\",\"promptText\":\"a red circle\",\"imageKey\":\"").append(image.key().value())
                        .append("\",\"imageSha\":\"").append(image.sha256()).append("\",\"imageSize\":")
                        .append(image.sizeBytes()).append(",\"rank\":1,\"distance\":1.5,\"weight\":0.9,"
                                + "\"scores\":{\"alignment\":0.7}}");
            }
            blobs.put(BlobKeys.weightsManifest(run, 1), ("{\"runId\":\"" + run + "\",\"round\":1,\"selected\":["
                    + selected + "],\"review\":{\"status\":\"PENDING\",\"deadline\":\"2026-12-04T13:00:00Z\","
                    + "\"onTimeout\":\"WAIT\",\"excluded\":[]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "application/json");
            URI page = dashboard.url().resolve("/review/" + run + "/1");

            // when the review page is opened, then it offers both samples, whose images load
            String html = text(page);
            assertThat(html).contains("data-status=\"PENDING\"").contains("value=\"img-a\"").contains("value=\"img-b\"");
            for (String id : List.of("img-a", "img-b")) {
                String src = "/review/" + run + "/1/" + id + ".png";
                assertThat(html).contains("src=\"" + src + "\"");
                HttpResponse<byte[]> image = get(page.resolve(src));
                assertThat(image.statusCode()).isEqualTo(200);
                assertThat(ImageIO.read(new ByteArrayInputStream(image.body()))).as(src).isNotNull();
            }

            // when forms that do not fit are posted, then each is refused with its reason
            assertThat(post(page, "exclude=img-a", null)).satisfies(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).contains("Say who you are");
            });
            assertThat(post(page, "reviewer=bob&exclude=img-z", null).body()).contains("Not in the round").contains("[img-z]");
            assertThat(post(page, "reviewer=bob&exclude=img-a&exclude=img-b", null).body())
                    .contains("Every selected sample is ticked");
            assertThat(post(page, "reviewer=bob", "http://elsewhere.example").statusCode()).isEqualTo(403);
            assertThat(post(page, "reviewer=bob", "null").statusCode()).isEqualTo(403);
            assertThat(post(dashboard.url().resolve("/runs/" + run + "/"), "reviewer=bob", null).statusCode())
                    .isEqualTo(405);
            assertThat(post(dashboard.url().resolve("/review/" + run + "/2"), "reviewer=bob", null).statusCode())
                    .isEqualTo(404);
            assertThat(get(dashboard.url().resolve("/review/" + run + "/1/not-selected.png")).statusCode()).isEqualTo(404);

            // when a fitting approval is posted from the page
            HttpResponse<String> sent = post(page, "reviewer=bob&note=too+dark&exclude=img-b",
                    "http://" + page.getAuthority());

            // then the page says it was sent, and exactly one approval is on the topic, as the form said
            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(sent.body()).contains("id=\"sent\"");
            List<SelectionReviewed> approvals = new java.util.ArrayList<>();
            TopicScan.decodeAll(stack.kafkaBootstrapServers(), Topics.SELECTIONS_REVIEWED, e -> {
                if (e.getMeta().getRunId().equals(run)) {
                    approvals.add(e);
                }
            });
            assertThat(approvals).singleElement().satisfies(a -> {
                assertThat(a.getMeta().getRound()).isEqualTo(1);
                assertThat(a.getReviewer()).isEqualTo("bob");
                assertThat(a.getExcludedImageIds()).containsExactly("img-b");
                assertThat(a.getNote()).isEqualTo("too dark");
            });
        }
    }

    private HttpResponse<String> post(URI uri, String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stores runs {@code run} and {@code other} and writes their starts and evaluations; returns the round 1 checkpoint. */
    static String givenTwoRuns(StackEndpoints stack, BlobStore blobs, String run, String other) throws Exception {
        CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
        String round1 = StoredRun.store(blobs, checkpoints, run);
        StoredRun.store(blobs, checkpoints, other);
        EventMetas metas = new EventMetas(ServiceName.RUN_CONTROL);
        try (EventProducer producer = new EventProducer(new KafkaClientSettings(stack.kafkaBootstrapServers(),
                "dashboard-test"))) {
            for (String id : List.of(run, other)) {
                producer.writerFor(Topics.RUNS_STARTED).send(RunStarted.newBuilder().setMeta(metas.next(id, 1))
                        .setConfig(StoredRun.config()).build());
                producer.writerFor(Topics.ROUNDS_EVALUATED).send(evaluated(metas, id, 0, BaseModel.ID, 0, BaseModel.ID));
                producer.writerFor(Topics.ROUNDS_EVALUATED).send(evaluated(metas, id, 1, round1, 1, round1));
            }
        }
        return round1;
    }

    static BlobStore blobs(StackEndpoints stack) {
        BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null));
        blobs.ensureBucket();
        return blobs;
    }

    /** Fetches every relative src and href of {@code html} (found at {@code page}); returns the links checked. */
    private Set<String> allLinksResolve(URI page, String html) throws Exception {
        Set<String> links = new LinkedHashSet<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            links.add(m.group(1));
        }
        for (String link : links) {
            HttpResponse<byte[]> r = get(page.resolve(link));
            assertThat(r.statusCode()).as(link).isEqualTo(200);
            if (link.endsWith(".png")) {
                assertThat(ImageIO.read(new ByteArrayInputStream(r.body()))).as(link + " decodes").isNotNull()
                        .satisfies(image -> assertThat(image.getWidth()).isPositive());
            }
        }
        return links;
    }

    private static RoundEvaluated evaluated(EventMetas metas, String run, int round, String checkpoint, int best,
                                            String bestCheckpoint) {
        return RoundEvaluated.newBuilder().setMeta(metas.next(run, round)).setCheckpointId(checkpoint)
                .setMetrics(Map.of("faithfulness", 0.8 + 0.05 * round)).setBestRound(best)
                .setBestCheckpointId(bestCheckpoint).build();
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String text(URI uri) throws Exception {
        HttpResponse<byte[]> r = get(uri);
        assertThat(r.statusCode()).as(uri.toString()).isEqualTo(200);
        return new String(r.body());
    }
}
