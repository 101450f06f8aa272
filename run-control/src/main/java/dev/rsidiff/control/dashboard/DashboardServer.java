package dev.rsidiff.control.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.control.RunProgress;
import dev.rsidiff.control.report.NothingToReportException;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.control.report.RunReportPage;
import dev.rsidiff.control.review.ReviewDesk;
import dev.rsidiff.control.review.ReviewRefusedException;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.UnknownRunException;
import dev.rsidiff.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The dashboard: a small web server over what the loop already stores, the events (read by {@link LiveRuns}) and
 * the object store (the run reports of {@code rsi report}, rendered by {@link ReportCache}).
 *
 * <pre>
 * /                         every run with its state, counts, dead letters, best round and ETA (updates live)
 * /runs/&lt;run&gt;/              the run's report: configuration, held-out metrics with intervals and the best round,
 *                           charts, the prompts x rounds grid, what each round kept and left, lineage
 * /compare?run=A&amp;run=B      the runs side by side on the same charts
 * /review/&lt;run&gt;/&lt;round&gt;      a reviewed run's pending selection: tick samples to exclude and approve (POST), or
 *                           what was decided
 * </pre>
 *
 * <p>It is served by run-control with the JDK's HTTP server rather than by a sixth Micronaut service: the pages
 * are the run reports that run-control renders (charts, grids, lineage), and {@code rsi demo} runs in this process,
 * so it starts the dashboard beside its run and prints the URL. Nothing is written anywhere but the cache folder and,
 * for an approval, the approvals topic ({@link ReviewDesk}). The approve form has no login: the dashboard listens on
 * 127.0.0.1 unless told otherwise, and refuses a POST whose Origin is another site.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    /** Run ids as the loop makes them; anything else is refused before it comes near a path. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "png", "image/png",
            "json", "application/json", "css", "text/css");

    private final HttpServer server;
    private final ExecutorService pool;
    private final LiveRuns live;
    private final ReportCache reports;
    private final EventProducer producer;
    private final ReviewDesk reviews;

    private DashboardServer(HttpServer server, ExecutorService pool, LiveRuns live, ReportCache reports,
                            EventProducer producer, BlobStore blobs) {
        this.server = server;
        this.pool = pool;
        this.live = live;
        this.reports = reports;
        this.producer = producer;
        this.reviews = new ReviewDesk(blobs, producer.writerFor(Topics.SELECTIONS_REVIEWED));
    }

    /**
     * Starts the dashboard on {@code bind:port} (port 0: any free one) over the Kafka at {@code bootstrapServers}
     * and the object store {@code blobs}, caching rendered reports under {@code cacheDir}.
     */
    public static DashboardServer start(String bind, int port, String bootstrapServers, BlobStore blobs,
                                        ReportOptions options, Path cacheDir) throws IOException {
        LiveRuns live = new LiveRuns(bootstrapServers);
        CheckpointStore checkpoints = RunReportPage.checkpoints(blobs);
        ReportCache reports = new ReportCache(blobs, checkpoints, options, live, cacheDir);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            live.close();
            throw new IOException("The dashboard cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        // Two threads: a report being rendered must not hold up the runs page.
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        EventProducer producer = new EventProducer(KafkaClientSettings.fromEnvironment(bootstrapServers, "dashboard"));
        DashboardServer dashboard = new DashboardServer(server, pool, live, reports, producer, blobs);
        server.createContext("/", dashboard::handle);
        server.start();
        LOG.info("Dashboard at {}", dashboard.url());
        return dashboard;
    }

    /** Where it answers, e.g. {@code http://127.0.0.1:8090/}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean post = "POST".equals(exchange.getRequestMethod());
            if (!post && !"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())
                    || post && !path.startsWith("/review/")) {
                send(exchange, 405, "text/plain", "Only GET, and POST to approve a review".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                route(exchange, path);
            } catch (ReviewRefusedException e) {
                page(exchange, e.status(), "Not approved", e.getMessage());
            } catch (UnknownRunException | NothingToReportException | IllegalArgumentException e) {
                page(exchange, 404, "Not here", e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Dashboard request {} failed", path, e);
                page(exchange, 500, "Failed", e.toString());
            }
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/")) {
            send(exchange, 200, TYPES.get("html"), RunsPage.page(live.snapshot()).getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/runs-table")) {
            send(exchange, 200, TYPES.get("html"), RunsPage.table(live.snapshot()).getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/compare")) {
            List<String> ids = runsOf(exchange.getRequestURI().getRawQuery());
            if (ids.size() < 2) {
                throw new IllegalArgumentException("Tick two runs or more to compare them (got " + ids.size() + ")");
            }
            exchange.getResponseHeaders().set("Location", "/compare/" + String.join(",", ids) + "/");
            send(exchange, 303, "text/plain", new byte[0]);
        } else if (path.startsWith("/runs/")) {
            String[] parts = path.substring("/runs/".length()).split("/", 2);
            Path dir = reports.run(checkedRunId(parts[0]));
            file(exchange, dir, parts.length > 1 ? parts[1] : null, "/runs/" + parts[0] + "/");
        } else if (path.startsWith("/review/")) {
            review(exchange, path.substring("/review/".length()).split("/", 3));
        } else if (path.startsWith("/compare/")) {
            String[] parts = path.substring("/compare/".length()).split("/", 2);
            List<String> ids = new ArrayList<>();
            for (String id : parts[0].split(",")) {
                ids.add(checkedRunId(id));
            }
            Path dir = reports.comparison(ids);
            file(exchange, dir, parts.length > 1 ? parts[1] : null, "/compare/" + parts[0] + "/");
        } else {
            throw new IllegalArgumentException("Nothing at " + path);
        }
    }

    /** {@code /review/<run>/<round>} (GET: the page; POST: approve) and {@code /review/<run>/<round>/<image>.png}. */
    private void review(HttpExchange exchange, String[] parts) throws IOException {
        if (parts.length < 2 || !parts[1].matches("\\d{1,9}")) {
            throw new IllegalArgumentException("A review page is /review/<run>/<round>");
        }
        String runId = checkedRunId(parts[0]);
        int round = Integer.parseInt(parts[1]);
        String page = RunProgress.reviewPath(runId, round);
        if (parts.length == 3 && parts[2].endsWith(".png")) {
            String imageId = parts[2].substring(0, parts[2].length() - ".png".length());
            send(exchange, 200, TYPES.get("png"), reviews.image(runId, round, imageId).orElseThrow(() ->
                    new IllegalArgumentException("No image " + imageId + " in the selection of round " + round)));
        } else if ("POST".equals(exchange.getRequestMethod())) {
            if (!sameOrigin(exchange)) {
                throw new ReviewRefusedException(403, "An approval must come from this dashboard's own page");
            }
            Map<String, List<String>> form = FormBody.parse(exchange.getRequestBody());
            reviews.approve(runId, round, FormBody.first(form, "reviewer"), form.getOrDefault("exclude", List.of()),
                    FormBody.first(form, "note"));
            exchange.getResponseHeaders().set("Location", page + "?sent=1");
            send(exchange, 303, "text/plain", new byte[0]);
        } else {
            String query = exchange.getRequestURI().getQuery();
            send(exchange, 200, TYPES.get("html"), reviews.page(runId, round, query != null && query.contains("sent=1"))
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Whether a POST may come from this dashboard's page: browsers name the page's origin, which must be this host;
     * a request with no Origin is a command-line client's, not a page's on another site. An opaque origin
     * ({@code null}: a sandboxed frame, a local file) is refused.
     */
    private static boolean sameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        try {
            return host != null && host.equals(URI.create(origin).getAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Serves {@code name} (null: the folder itself) from {@code dir}, never anything outside it. */
    private static void file(HttpExchange exchange, Path dir, String name, String folderUrl) throws IOException {
        if (name == null) { // relative links need the folder's trailing slash
            exchange.getResponseHeaders().set("Location", folderUrl);
            send(exchange, 301, "text/plain", new byte[0]);
            return;
        }
        Path file = dir.resolve(name.isEmpty() ? "index.html" : name).normalize();
        if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No file " + name + " in this report");
        }
        String fileName = file.getFileName().toString();
        String type = TYPES.getOrDefault(fileName.substring(fileName.lastIndexOf('.') + 1), "application/octet-stream");
        send(exchange, 200, type, Files.readAllBytes(file));
    }

    private static List<String> runsOf(String query) {
        List<String> ids = new ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("run")) {
                    ids.add(checkedRunId(URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
                }
            }
        }
        return ids;
    }

    private static String checkedRunId(String id) {
        if (!RUN_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a run id");
        }
        return id;
    }

    private static void page(HttpExchange exchange, int status, String title, String message) throws IOException {
        String html = RunReportPage.head(title) + "<p>" + RunReportPage.esc(String.valueOf(message))
                + "</p>\n<p><a href=\"/\">All runs</a></p>\n</body></html>\n";
        send(exchange, status, TYPES.get("html"), html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
        live.close();
        producer.close();
    }
}
