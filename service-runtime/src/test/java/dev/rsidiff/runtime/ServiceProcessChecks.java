package dev.rsidiff.runtime;

import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every service must do as a process: start from {@code java -jar target/<service>.jar} with its settings
 * given only as environment variables, report UP on /health with Kafka and the blob store as components, export
 * Prometheus metrics, log JSON lines, and stop cleanly on SIGTERM; and refuse a bad value of one of its own settings,
 * and of a setting all services share, when it starts, naming it, before it takes any work. Each service's test
 * extends this.
 */
@ExtendWith(LocalStackExtension.class)
public abstract class ServiceProcessChecks {

    /**
     * A setting of the service, given as an environment variable, with a value the service must refuse at start.
     *
     * @param refusal what the refusal must say: the setting's name and the value
     */
    public record BadSetting(String variable, String value, String refusal) {
    }

    private final String service;
    private final BadSetting badSetting;

    protected ServiceProcessChecks(String service, BadSetting badSetting) {
        this.service = service;
        this.badSetting = badSetting;
    }

    @Test
    void startsFromItsJarConfiguredByEnvironmentIsHealthyAndStopsCleanly(StackEndpoints stack, @TempDir Path tmp)
            throws Exception {
        int port = freePort();
        Path log = tmp.resolve(service + ".log");
        Process process = start(stack, port, log, Map.of());
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(get(http, port, "/health").statusCode()).isEqualTo(200));
            HttpResponse<String> health = get(http, port, "/health");
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("kafka").contains("blobStore")
                    .contains("env-" + service);
            HttpResponse<String> metrics = get(http, port, "/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            // The bucket check at start-up is one request the store's counter has seen.
            assertThat(metrics.body()).containsPattern("rsidiff_blob_requests_total\\{kind=\"bucket\",?\\} [1-9]");
            for (String closed : List.of("/env", "/beans", "/loggers", "/refresh", "/routes", "/threaddump", "/info")) {
                assertThat(get(http, port, closed).statusCode()).as("%s is not served", closed).isIn(401, 403, 404);
            }
        } finally {
            process.destroy(); // SIGTERM
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("%s exits within 30 s of SIGTERM", service).isTrue();
        }
        String output = Files.readString(log);
        assertThat(output).contains(service + " stopped cleanly");
        assertThat(output.lines().filter(l -> l.startsWith("{")).count())
                .as("structured (JSON) log lines").isGreaterThan(2);
        assertThat(output).doesNotContain("\"level\":\"ERROR\"").doesNotContain("|-WARN");
        assertThat(output.indexOf("Created bucket env-" + service)).as("bucket created at start-up, before serving")
                .isBetween(0, output.indexOf("Startup completed"));
    }

    @Test
    void refusesABadValueOfItsOwnSettingAtStartNamingItBeforeTakingAnyWork(StackEndpoints stack, @TempDir Path tmp)
            throws Exception {
        assertRefusedAtStart(stack, tmp, badSetting);
    }

    @Test
    void refusesAPollTimeoutThatIsNotPositiveAtStart(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        // a setting every service's listeners share (StageListener.POLL_TIMEOUT)
        assertRefusedAtStart(stack, tmp, new BadSetting("RSIDIFF_KAFKA_POLL_TIMEOUT", "0s",
                "rsidiff.kafka.poll-timeout=PT0S"));
    }

    private void assertRefusedAtStart(StackEndpoints stack, Path tmp, BadSetting bad) throws Exception {
        // given the service's environment with one of its settings out of range
        Path log = tmp.resolve(service + ".log");

        // when it starts
        Process process = start(stack, freePort(), log, Map.of(bad.variable(), bad.value()));

        // then it stops on its own with a failure status, saying which setting and value, before serving or
        // joining a consumer group
        try {
            // a service that takes the value starts in seconds; no need to wait out the limit then
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                    .until(() -> !process.isAlive() || Files.readString(log).contains("Startup completed"));
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(output).as("%s started with %s=%s; its output:%n%s", service, bad.variable(), bad.value(), output)
                .doesNotContain("Startup completed");
        assertThat(process.exitValue()).as("exit status").isNotZero();
        assertThat(output).contains(bad.refusal()).doesNotContain("assignments changed");
    }

    /** Starts the service's jar with the stack's endpoints and {@code settings} in its environment, output to {@code log}. */
    private Process start(StackEndpoints stack, int port, Path log, Map<String, String> settings) throws IOException {
        Path jar = Path.of("target", service + ".jar").toAbsolutePath();
        assertThat(jar).as("runnable jar built by the package phase").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(stack.asEnvironment());
        // A kebab-case setting given as an environment variable, as an operator would.
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().put("RSIDIFF_BLOB_BUCKET", "env-" + service);
        builder.environment().putAll(settings);
        return builder.start();
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
