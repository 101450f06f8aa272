package dev.rsidiff.protocol.config;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.serde.AvroTrust;
import dev.rsidiff.events.run.RunConfig;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a run's configuration travels: written once by whoever starts the run ({@code runs/<run>/config.json},
 * Avro JSON), read by every service that needs a setting. Services therefore need no restart between runs, and a
 * restarted service finds the configuration of every run still in flight.
 */
public final class RunConfigStore {

    static {
        AvroTrust.trustEventPackages();
    }

    private final BlobStore blobs;
    private final Map<String, RunConfig> cache = new ConcurrentHashMap<>();

    public RunConfigStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    public void save(String runId, RunConfig config) {
        RunConfigs.validate(config);
        blobs.put(BlobKeys.runConfig(runId), toJson(config).getBytes(StandardCharsets.UTF_8), "application/json");
        cache.put(runId, config);
    }

    /** The configuration of {@code runId}; fails naming the run if it was never started. */
    public RunConfig load(String runId) {
        return cache.computeIfAbsent(runId, id -> blobs.readIfExists(BlobKeys.runConfig(id))
                .map(found -> fromJson(new String(found.bytes(), StandardCharsets.UTF_8)))
                .orElseThrow(() -> new UnknownRunException("Run '" + id + "' has no configuration at "
                        + BlobKeys.runConfig(id).value() + ": it was never started against this store")));
    }

    public static String toJson(RunConfig config) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(RunConfig.getClassSchema(), out, true);
            new SpecificDatumWriter<>(RunConfig.class).write(config, encoder);
            encoder.flush();
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunConfig fromJson(String json) {
        try {
            return new SpecificDatumReader<>(RunConfig.class).read(null,
                    DecoderFactory.get().jsonDecoder(RunConfig.getClassSchema(), json));
        } catch (IOException e) {
            throw new InvalidRunConfigException("Run configuration is not valid RunConfig JSON: " + e.getMessage());
        }
    }
}
