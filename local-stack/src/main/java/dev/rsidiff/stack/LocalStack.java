package dev.rsidiff.stack;

import dev.rsidiff.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The whole local stack: a real Kafka broker (KRaft, in this JVM) with every topic and dead-letter topic created,
 * and a real S3 API server (S3Proxy, child JVM), both on free 127.0.0.1 ports, with all state in one data
 * directory. Starting again on the same directory brings back topics, records and objects, on the same ports when
 * they are still free. Tests and the main job use exactly this; nothing mocks Kafka or S3.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String STATE_FILE = "stack.properties";
    /** Bucket the services use; the local stack's default, overridable like every setting. */
    public static final String DEFAULT_BUCKET = "rsidiff";

    private KafkaBroker kafka;
    private S3ProxyServer s3;
    private final StackEndpoints endpoints;
    private final Map<String, Integer> topicPartitions;
    private final Duration startTime;

    private LocalStack(KafkaBroker kafka, S3ProxyServer s3, StackEndpoints endpoints,
                       Map<String, Integer> topicPartitions, Duration startTime) {
        this.kafka = kafka;
        this.s3 = s3;
        this.endpoints = endpoints;
        this.topicPartitions = topicPartitions;
        this.startTime = startTime;
    }

    /** Starts (or restarts) the stack on {@code dataDir}. */
    public static LocalStack start(Path dataDir) throws Exception {
        long t0 = System.nanoTime();
        Path dir = Files.createDirectories(dataDir.toAbsolutePath());
        Properties state = loadState(dir);
        int kafkaPort = FreePorts.reuseOrPick(intOf(state, "kafka.port"));
        int controllerPort = FreePorts.reuseOrPick(intOf(state, "kafka.controller.port"));
        int s3Port = FreePorts.reuseOrPick(intOf(state, "s3.port"));
        String accessKey = state.getProperty("s3.access-key", "local-stack");
        String secretKey = state.getProperty("s3.secret-key", randomSecret());
        state.setProperty("kafka.port", Integer.toString(kafkaPort));
        state.setProperty("kafka.controller.port", Integer.toString(controllerPort));
        state.setProperty("s3.port", Integer.toString(s3Port));
        state.setProperty("s3.access-key", accessKey);
        state.setProperty("s3.secret-key", secretKey);
        saveState(dir, state);

        S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"), s3Port, accessKey, secretKey);
        KafkaBroker kafka;
        Map<String, Integer> partitions;
        try {
            kafka = KafkaBroker.start(dir.resolve("kafka"), kafkaPort, controllerPort);
            try {
                partitions = TopicProvisioner.provision(kafka.bootstrapServers(), Topics.all());
            } catch (Exception e) {
                kafka.close();
                throw e;
            }
        } catch (Exception e) {
            s3.close();
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        StackEndpoints endpoints = new StackEndpoints(kafka.bootstrapServers(), s3.endpoint(), accessKey, secretKey,
                DEFAULT_BUCKET, dir);
        LOG.info("Local stack up in {} ms: Kafka {}, S3 {}", took.toMillis(), endpoints.kafkaBootstrapServers(),
                endpoints.s3Endpoint());
        return new LocalStack(kafka, s3, endpoints, partitions, took);
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    /** Partition count of every topic and dead-letter topic, by name. */
    public Map<String, Integer> topicPartitions() {
        return topicPartitions;
    }

    /**
     * The S3 API server's process id: it runs as a process of its own (the broker runs in this one), so a benchmark
     * can tell what the object store costs.
     */
    public synchronized long objectStorePid() {
        return s3.pid();
    }

    /** Wall time the last start took, servers and topics included. */
    public Duration startTime() {
        return startTime;
    }

    /**
     * An object-store outage, for fault tests: stops the S3 server, waits {@code down}, and starts it again on the
     * same port, data and credentials.
     */
    public synchronized void s3Outage(Duration down) throws Exception {
        s3.close();
        LOG.info("S3 API server stopped for {} (outage)", down);
        Thread.sleep(down.toMillis());
        Path dir = endpoints.dataDir();
        s3 = S3ProxyServer.start(dir.resolve("s3"), java.net.URI.create(endpoints.s3Endpoint()).getPort(),
                endpoints.accessKey(), endpoints.secretKey());
    }

    /** A broker restart, for fault tests: stops Kafka and starts it again on the same port and log directory. */
    public synchronized void restartKafka() throws Exception {
        kafka.close();
        LOG.info("Kafka stopped (restart)");
        Properties state = loadState(endpoints.dataDir());
        kafka = KafkaBroker.start(endpoints.dataDir().resolve("kafka"), intOf(state, "kafka.port"),
                intOf(state, "kafka.controller.port"));
    }

    @Override
    public synchronized void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
        LOG.info("Local stack in {} stopped", endpoints.dataDir());
    }

    private static Properties loadState(Path dir) throws IOException {
        Properties p = new Properties();
        Path file = dir.resolve(STATE_FILE);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    private static void saveState(Path dir, Properties p) throws IOException {
        try (OutputStream out = OwnerOnlyFiles.open(dir.resolve(STATE_FILE))) {
            p.store(out, "Local stack state: ports and the local-only S3 credentials of this data directory");
        }
    }

    private static int intOf(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Bad value '" + v + "' for " + key + " in " + STATE_FILE, e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
