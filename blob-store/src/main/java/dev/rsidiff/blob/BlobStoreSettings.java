package dev.rsidiff.blob;

import java.net.URI;

/**
 * Where the object store is and how to sign in. There are no built-in credentials: the local stack hands out its
 * own, and deployments set them from the environment.
 *
 * @param endpoint  S3 API endpoint, e.g. {@code http://127.0.0.1:9000}
 * @param accessKey access key
 * @param secretKey secret key
 * @param bucket    bucket holding everything
 * @param region    region name sent with requests
 */
public record BlobStoreSettings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

    public BlobStoreSettings {
        require("rsidiff.blob.endpoint", endpoint);
        require("rsidiff.blob.access-key", accessKey);
        require("rsidiff.blob.secret-key", secretKey);
        require("rsidiff.blob.bucket", bucket);
        if (region == null || region.isBlank()) {
            region = "us-east-1";
        }
        try {
            URI uri = URI.create(endpoint);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("rsidiff.blob.endpoint '" + endpoint
                        + "' is not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rsidiff.blob.endpoint '" + endpoint + "' is not a valid URL: "
                    + e.getMessage(), e);
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("rsidiff.blob.bucket '" + bucket + "' is not a valid S3 bucket name");
        }
    }

    private static void require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
    }

    @Override
    public String toString() {
        return "BlobStoreSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=****]";
    }
}
