package dev.rsidiff.control;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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
 * events plus the copies, each round has one checkpoint, and round 1's images, weights manifest and training inputs
 * are the clean run's, byte for byte, and so is every round's checkpoint. (The generator polls prompts in batches
 * whose make-up follows the timing; the sampler's fixed-shape batches keep that out of the pixels, DdimSampler.
 * Training the same inputs twice gives the same weights since Ops#conv keeps libtorch's convolution backward from
 * reading unwritten memory; before, about one step in a hundred was skipped at random.)
 */
@ExtendWith(LocalStackExtension.class)
class LoopChaosIT {

    @Test
    void everyRecordTwiceAtRandomDelaysChangesNoEffect(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        RunConfig config = LoopFixture.config(6, 2, 5, 2);
        try (ServiceFleet fleet = LoopFixture.fleet(stack, tmp.resolve("logs")); BlobStore blobs = LoopFixture.blobs(stack)) {
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
            // What the duplicates could change lies upstream of training: round 1's images and the weights the
            // trainer was given, compared in the pipeline's order so that a difference is reported where it starts.
            assertThat(images(blobs, chaotic.runId(), 1)).as("round 1 images").isEqualTo(images(blobs, clean.runId(), 1));
            assertThat(manifests(blobs, chaotic.runId(), 1).get(WEIGHTS)).as("round 1 weights manifest")
                    .isEqualTo(manifests(blobs, clean.runId(), 1).get(WEIGHTS));
            assertThat(trainedOn(chaotic)).as("round 1 training inputs").isEqualTo(trainedOn(clean));
            // Training is deterministic, so the same inputs give the same weights: every round's checkpoint is the
            // clean run's (it is named by the hash of its weights).
            for (int round = 1; round <= config.getRounds(); round++) {
                assertThat(chaotic.round(round).checkpoints.get(0).getCheckpointId()).as("round %d checkpoint", round)
                        .isEqualTo(clean.round(round).checkpoints.get(0).getCheckpointId());
            }
        }
    }

    private static final String WEIGHTS = "weights.json";

    /** What round 1's checkpoint was trained on, from its event: samples, their weight sum, epochs and steps. */
    private static String trainedOn(RunProgress run) {
        var stats = run.round(1).checkpoints.get(0).getStats();
        return stats.getSamples() + " samples, weight sum " + stats.getWeightSum() + ", " + stats.getEpochs()
                + " epochs, " + stats.getSteps() + " steps";
    }

    /** A round's images: the SHA-256 of each by name (the generator's batches must not change a pixel). */
    private static Map<String, String> images(BlobStore blobs, String runId, int round) {
        Map<String, String> out = new TreeMap<>();
        String prefix = BlobKeys.roundPrefix(runId, round) + "images/";
        for (BlobStore.Listing l : blobs.list(prefix)) {
            out.put(l.key().value().substring(prefix.length()).replace(runId, "<run>"),
                    Sha256.hex(blobs.readIfExists(l.key()).orElseThrow().bytes()));
        }
        assertThat(out).as("round %d has images", round).isNotEmpty();
        return out;
    }

    /** A round's manifests by name, the run id replaced so that two runs' manifests compare. */
    private static Map<String, String> manifests(BlobStore blobs, String runId, int round) {
        Map<String, String> out = new TreeMap<>();
        String prefix = BlobKeys.roundPrefix(runId, round) + "manifests/";
        for (BlobStore.Listing l : blobs.list(prefix)) {
            String text = new String(blobs.readIfExists(l.key()).orElseThrow().bytes(), StandardCharsets.UTF_8);
            out.put(l.key().value().substring(prefix.length()), text.replace(runId, "<run>"));
        }
        assertThat(out).as("round %d has manifests", round).isNotEmpty();
        return out;
    }
}
