package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.control.DeploymentStore;
import dev.rsidiff.stack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code rsi report} and {@code rsi dashboard} read runs from, and what their reports include: a demo's or
 * study's data directory (whose stack is started), else the deployment the environment names
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code RSIDIFF_BLOB_*}).
 */
public final class ReportSource {

    @Option(names = "--data-dir", description = "A demo's or study's data directory (.rsi/demo-<time>): its stack is "
            + "started and read instead of the deployment's (RSIDIFF_BLOB_*, KAFKA_BOOTSTRAP_SERVERS).")
    Path dataDir;

    @Option(names = "--grid-prompts", defaultValue = "8", description = "Held-out prompts in a run's grid (0: none; "
            + "default ${DEFAULT-VALUE}).")
    int gridPrompts;

    @Option(names = "--selection-prompts", defaultValue = "8", description = "Prompts per round on the pages of "
            + "what each round kept and left (0: none; default ${DEFAULT-VALUE}).")
    int selectionPrompts;

    @Option(names = "--validation-prompts", defaultValue = "100", description = "Validation prompts the runs' "
            + "evaluations used (RSIDIFF_VALIDATION_PROMPTS; default ${DEFAULT-VALUE}), for their intervals.")
    int validationPrompts;

    /** What to read the runs with. */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * @param bootstrapServers the Kafka holding the runs' events (null where the environment names none)
         * @param dataDir          the data directory given, or null
         */
        T read(String bootstrapServers, BlobStore blobs, Path dataDir) throws Exception;
    }

    /** The report options, refused by name (a usage error) when out of range. */
    public ReportOptions options(CommandLine.Model.CommandSpec spec) {
        try {
            return new ReportOptions(gridPrompts, selectionPrompts, validationPrompts);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Runs {@code reader} against the data directory's stack, or the deployment's; closes what it opened. */
    public <T> T read(CommandLine.Model.CommandSpec spec, Reader<T> reader) throws Exception {
        if (dataDir != null) {
            Path stackDir = Files.isDirectory(dataDir.resolve("stack")) ? dataDir.resolve("stack") : dataDir;
            try (LocalStack stack = LocalStack.start(stackDir);
                 BlobStore blobs = new BlobStore(DeploymentStore.settings(stack.endpoints().asEnvironment()))) {
                return reader.read(stack.endpoints().kafkaBootstrapServers(), blobs, dataDir);
            }
        }
        BlobStoreSettings settings;
        try {
            settings = DeploymentStore.settings(System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (BlobStore blobs = new BlobStore(settings)) {
            return reader.read(System.getenv("KAFKA_BOOTSTRAP_SERVERS"), blobs, null);
        }
    }
}
