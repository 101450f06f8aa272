package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.SecretFiles;

import java.util.Map;

/**
 * The object store an environment names ({@code RSIDIFF_BLOB_*}): a deployment's, from the command line's
 * environment, or a local stack's, from {@link dev.rsidiff.stack.StackEndpoints#asEnvironment()}.
 */
public final class DeploymentStore {

    private DeploymentStore() {
    }

    /**
     * The settings from {@code env}; {@code RSIDIFF_BLOB_ENDPOINT} must be set (the error names it), the secret
     * comes from {@code RSIDIFF_BLOB_SECRET_KEY} or the file {@code RSIDIFF_BLOB_SECRET_KEY_FILE} names.
     */
    public static BlobStoreSettings settings(Map<String, String> env) {
        String endpoint = env.get("RSIDIFF_BLOB_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("RSIDIFF_BLOB_ENDPOINT is not set: give the deployment's object store"
                    + " (or --data-dir for a demo's)");
        }
        return new BlobStoreSettings(endpoint, env.get("RSIDIFF_BLOB_ACCESS_KEY"),
                SecretFiles.resolve("RSIDIFF_BLOB_SECRET_KEY", env.get("RSIDIFF_BLOB_SECRET_KEY"),
                        env.get("RSIDIFF_BLOB_SECRET_KEY_FILE")),
                env.getOrDefault("RSIDIFF_BLOB_BUCKET", "rsidiff"), null);
    }
}
