package dev.rsidiff.blob;

import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStack;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the local stack and starting it on the same data directory keeps topics, records and objects. */
class LocalStackRestartIT {

    @Test
    void restartOnTheSameDataDirectoryKeepsTopicsRecordsAndObjects(@TempDir Path dir) throws Exception {
        byte[] object = "a checkpoint that must survive".getBytes();
        StoredBlob stored;
        Map<String, Integer> partitionsBefore;
        long s3Pid;
        try (LocalStack stack = LocalStack.start(dir)) {
            partitionsBefore = stack.topicPartitions();
            s3Pid = stack.objectStorePid();
            assertThat(ProcessHandle.of(s3Pid).flatMap(p -> p.info().commandLine())).as("the S3 server's process")
                    .hasValueSatisfying(command -> assertThat(command).contains("s3proxy"));
            try (BlobStore store = store(stack.endpoints())) {
                store.ensureBucket();
                stored = store.put(BlobKeys.checkpoint("restart", 0, "ck"), object, "application/octet-stream");
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", stack.endpoints().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.RUNS_STARTED.name(), "k", "before restart")).get();
            }
        }

        assertThat(ProcessHandle.of(s3Pid).filter(ProcessHandle::isAlive)).as("the S3 server stopped with the stack")
                .isEmpty();

        // The files holding the local S3 credentials are the owner's alone.
        for (Path secret : List.of(dir.resolve("stack.properties"), dir.resolve("s3").resolve("s3proxy.properties"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as("%s", secret)
                    .isEqualTo("rw-------");
        }

        try (LocalStack again = LocalStack.start(dir)) {
            StackEndpoints endpoints = again.endpoints();
            assertThat(again.topicPartitions()).isEqualTo(partitionsBefore);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()))) {
                Set<String> names = admin.listTopics().names().get();
                assertThat(names).containsAll(partitionsBefore.keySet());
            }
            try (BlobStore store = store(endpoints)) {
                assertThat(store.read(stored)).isEqualTo(object);
            }
            assertThat(readAll(endpoints, Topics.RUNS_STARTED.name())).contains("before restart");
        }
    }

    private static BlobStore store(StackEndpoints e) {
        return new BlobStore(new BlobStoreSettings(e.s3Endpoint(), e.accessKey(), e.secretKey(), e.bucket(), null));
    }

    private static List<String> readAll(StackEndpoints e, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", e.kafkaBootstrapServers(), "group.id", "restart-check",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
