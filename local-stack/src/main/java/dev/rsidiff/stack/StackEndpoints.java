package dev.rsidiff.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    /**
     * The environment variables that point a service at this stack: the property names upper-cased with '.' and
     * '-' as '_', which is how Micronaut maps environment variables to properties.
     */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        asProperties().forEach((key, value) ->
                env.put(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), value.toString()));
        return env;
    }

    /** Micronaut configuration properties that point a service at this stack. */
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
