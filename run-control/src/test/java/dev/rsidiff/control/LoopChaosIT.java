package dev.rsidiff.control;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.generator.shard.ImageShard;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos: given a clean two-round run, when the same run goes through a broker that delivers every record of every
 * topic twice, the copy at a random delay of up to 8 s (late, out of order, some after their round is done), then
 * every stage acknowledges the copies without announcing anything twice: each topic holds exactly the clean run's
 * events plus the copies, each round has one checkpoint, and every round's images, manifests, training inputs and
 * checkpoint are the clean run's, byte for byte. (The generator polls prompts in batches
 * whose make-up follows the timing; the sampler's fixed-shape batches keep that out of the pixels, DdimSampler.
 * Training the same inputs twice gives the same weights since Ops#conv keeps libtorch's convolution backward from
 * reading unwritten memory; before, about one step in a hundred was skipped at random.)
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
class LoopChaosIT {

    @Test
    void everyRecordTwiceAtRandomDelaysChangesNoEffect(StackEndpoints stack, ServiceLogs logs) throws Exception {
        RunConfig config = LoopFixture.config(6, 2, 5, 2);
        try (ServiceFleet fleet = LoopFixture.fleet(stack, logs); BlobStore blobs = LoopFixture.blobs(stack)) {
            fleet.startAll(Duration.ofMinutes(2));
            RunDriver driver = new RunDriver(stack.kafkaBootstrapServers(), new PrintWriter(System.out, true));
            RunProgress clean = driver.startAndFollow(config, Duration.ofMinutes(4));
            RunRecords.awaitStagesCaughtUp(stack);
            assertThat(RunRecords.eventsPerTopic(stack, clean.runId())).as("the clean run's events")
                    .isEqualTo(new TreeMap<>(LoopChecks.cleanRunEvents(config)));

            ChaosRelay relay = new ChaosRelay(stack, 11, Duration.ofSeconds(8));
            RunProgress chaotic;
            try {
                chaotic = driver.startAndFollow(config, Duration.ofMinutes(5));
            } finally {
                relay.close();
            }
            LoopChecks.roundsComplete(chaotic, config, blobs);
            RunRecords.awaitStagesCaughtUp(stack);

            Map<String, Integer> copies = relay.copiesOf(chaotic.runId());
            Map<String, Integer> expected = new TreeMap<>();
            LoopChecks.cleanRunEvents(config).forEach((topic, n) -> expected.put(topic, n + copies.getOrDefault(topic, 0)));
            Map<String, Integer> actual = RunRecords.eventsPerTopic(stack, chaotic.runId());
            System.out.printf("Chaos: copies %s%n  expected %s%n  actual %s%n", copies, expected, actual);
            assertThat(copies.values().stream().mapToInt(Integer::intValue).sum()).as("copies written")
                    .isEqualTo(LoopChecks.cleanRunEvents(config).values().stream().mapToInt(Integer::intValue).sum());
            assertThat(actual).as("events per topic: the clean run's plus the copies").isEqualTo(expected);

            // Every round has exactly one checkpoint, whatever arrived twice.
            for (int round = 1; round <= config.getRounds(); round++) {
                assertThat(chaotic.round(round).checkpoints.stream().map(c -> c.getCheckpointId()).distinct())
                        .as("round %d checkpoints", round).hasSize(1);
            }
            // Then each round's outputs are the clean run's, compared in the pipeline's order so that a difference
            // is reported where it starts: images, the weights the trainer was given, what it trained on, the
            // checkpoint (named by the hash of its weights), the evaluation and the decision.
            for (int round = 1; round <= config.getRounds(); round++) {
                assertThat(images(blobs, chaotic.runId(), round)).as("round %d images", round)
                        .isEqualTo(images(blobs, clean.runId(), round));
                Map<String, String> manifests = manifests(blobs, chaotic.runId(), round);
                Map<String, String> cleanManifests = manifests(blobs, clean.runId(), round);
                assertThat(manifests.get(WEIGHTS)).as("round %d weights manifest", round)
                        .isEqualTo(cleanManifests.get(WEIGHTS));
                assertThat(trainedOn(chaotic, round)).as("round %d training inputs", round)
                        .isEqualTo(trainedOn(clean, round));
                assertThat(chaotic.round(round).checkpoints.get(0).getCheckpointId()).as("round %d checkpoint", round)
                        .isEqualTo(clean.round(round).checkpoints.get(0).getCheckpointId());
                assertThat(manifests).as("round %d manifests", round).isEqualTo(cleanManifests);
            }
        }
    }

    private static final String WEIGHTS = "weights.json";

    /** What a round's checkpoint was trained on, from its event: samples, their weight sum, epochs and steps. */
    private static String trainedOn(RunProgress run, int round) {
        var stats = run.round(round).checkpoints.get(0).getStats();
        return stats.getSamples() + " samples, weight sum " + stats.getWeightSum() + ", " + stats.getEpochs()
                + " epochs, " + stats.getSteps() + " steps";
    }

    /**
     * A round's images: the SHA-256 of each by image id, read from the prompts' shards (the generator's batches must
     * not change a pixel; a shard's own bytes name the run in its entries).
     */
    private static Map<String, String> images(BlobStore blobs, String runId, int round) {
        Map<String, String> out = new TreeMap<>();
        String prefix = BlobKeys.roundPrefix(runId, round) + "images/";
        for (BlobStore.Listing l : blobs.list(prefix)) {
            ImageShard.unpack(l.key(), blobs.readIfExists(l.key()).orElseThrow().bytes()).forEach((id, image) ->
                    out.put(id.replace(runId, "<run>"), image.blob().sha256()));
        }
        assertThat(out).as("round %d has images", round).isNotEmpty();
        return out;
    }

    /**
     * A round's manifests by name, the run id and the evaluation's duration replaced so that two runs' manifests
     * compare.
     */
    private static Map<String, String> manifests(BlobStore blobs, String runId, int round) {
        Map<String, String> out = new TreeMap<>();
        String prefix = BlobKeys.roundPrefix(runId, round) + "manifests/";
        for (BlobStore.Listing l : blobs.list(prefix)) {
            String text = new String(blobs.readIfExists(l.key()).orElseThrow().bytes(), StandardCharsets.UTF_8);
            out.put(l.key().value().substring(prefix.length()),
                    text.replace(runId, "<run>").replaceAll("\"seconds\" : [0-9.eE+-]+", "\"seconds\" : <t>"));
        }
        assertThat(out).as("round %d has manifests", round).isNotEmpty();
        return out;
    }
}
