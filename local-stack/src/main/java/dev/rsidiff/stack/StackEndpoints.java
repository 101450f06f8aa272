package dev.rsidiff.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local stack's servers listen and how to sign in to its object store. The credentials are generated per
 * data directory and exist only in the local stack.
 *
 * @param kafkaBootstrapServers Kafka bootstrap servers
 * @param s3Endpoint            S3 API endpoint URL
 * @param accessKey             local-stack S3 access key
 * @param secretKey             local-stack S3 secret key
 * @param bucket                bucket the services use
 * @param dataDir               data directory of the stack
 */
public record StackEndpoints(String kafkaBootstrapServers, String s3Endpoint, String accessKey, String secretKey,
                             String bucket, Path dataDir) {

    /** The environment variables that point a service at this stack. */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("RSIDIFF_BLOB_ENDPOINT", s3Endpoint);
        env.put("RSIDIFF_BLOB_ACCESS_KEY", accessKey);
        env.put("RSIDIFF_BLOB_SECRET_KEY", secretKey);
        env.put("RSIDIFF_BLOB_BUCKET", bucket);
        return env;
    }

    /** The same as Micronaut configuration properties. */
    public Map<String, Object> asProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        props.put("rsidiff.blob.endpoint", s3Endpoint);
        props.put("rsidiff.blob.access-key", accessKey);
        props.put("rsidiff.blob.secret-key", secretKey);
        props.put("rsidiff.blob.bucket", bucket);
        return props;
    }
}
