package dev.rsidiff.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server: S3Proxy with its filesystem store, run as a child JVM from its self-contained jar (in
 * process its dependencies clash with Micronaut's). Objects live in a directory that survives restarts.
 */
final class S3ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Environment variable naming the S3Proxy jar, for machines without it in the local Maven repository. */
    static final String JAR_ENV = "RSI_S3PROXY_JAR";

    private final Process process;
    private final Path pidFile;
    private final String endpoint;

    private S3ProxyServer(Process process, Path pidFile, String endpoint) {
        this.process = process;
        this.pidFile = pidFile;
        this.endpoint = endpoint;
    }

    long pid() {
        return process.pid();
    }

    static S3ProxyServer start(Path dataDir, int port, String accessKey, String secretKey) throws IOException {
        Path storeDir = Files.createDirectories(dataDir.resolve("objects"));
        Path pidFile = dataDir.resolve("s3proxy.pid");
        stopOrphan(pidFile);
        String endpoint = "http://127.0.0.1:" + port;
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", endpoint);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", storeDir.toString());
        Path propsFile = dataDir.resolve("s3proxy.properties");
        try (OutputStream out = OwnerOnlyFiles.open(propsFile)) {
            props.store(out, "S3Proxy settings written by the local stack");
        }
        Path log = dataDir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(SharedCoreJvmOptions.ALL);
        command.addAll(List.of("-jar", locateJar().toString(), "--properties", propsFile.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        S3ProxyServer server = new S3ProxyServer(process, pidFile, endpoint);
        try {
            server.awaitReady(log);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("S3 API server (S3Proxy, pid {}) at {}, objects in {}", process.pid(), endpoint, storeDir);
        return server;
    }

    String endpoint() {
        return endpoint;
    }

    /** Finds the S3Proxy jar: {@value #JAR_ENV}, else the local Maven repository, where the build puts it. */
    static Path locateJar() {
        String explicit = System.getenv(JAR_ENV);
        if (explicit != null && !explicit.isBlank()) {
            Path jar = Path.of(explicit);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(JAR_ENV + "=" + explicit + " is not a file");
            }
            return jar;
        }
        String version = bundledVersion();
        String repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path jar = Path.of(repo, "org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + ": build the project (./mvnw install) so Maven fetches it, or set " + JAR_ENV);
        }
        return jar;
    }

    private static String bundledVersion() {
        try (InputStream in = S3ProxyServer.class.getResourceAsStream("/local-stack.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("s3proxy.version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("local-stack.properties is missing from the classpath", e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with code " + process.exitValue() + ": "
                        + tail(log));
            }
            if (answers()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("S3Proxy did not answer at " + endpoint + " within " + START_TIMEOUT
                + ": " + tail(log));
    }

    private boolean answers() {
        try {
            HttpURLConnection conn = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
            conn.setConnectTimeout(500);
            conn.setReadTimeout(2000);
            int code = conn.getResponseCode(); // any HTTP answer (403 without credentials) means it is up
            conn.disconnect();
            return code > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A stack killed with SIGKILL leaves its S3Proxy running; stop it before starting a new one. */
    private static void stopOrphan(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        ProcessHandle.of(pid)
                .filter(h -> h.info().commandLine().map(c -> c.contains("s3proxy")).orElse(false))
                .ifPresent(h -> {
                    LOG.warn("Stopping S3Proxy pid {} left over from an earlier local stack", pid);
                    h.destroy();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> {
                        h.destroyForcibly();
                        return h;
                    }).join();
                });
        Files.deleteIfExists(pidFile);
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
