package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.StoreRequests;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Collected items survive a restart and a redelivered item counts once. */
@ExtendWith(LocalStackExtension.class)
class RoundItemsIT {

    @Test
    void redeliveriesCountOnceAndARestartedCollectorSeesEarlierItems(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = bucket(stack)) {
            RoundItems<ScoresComputed> first = RoundItems.scores(blobs);
            assertThat(first.collect(run, 1, "a", score(run, "a", 1.0))).isEqualTo(1);
            assertThat(first.collect(run, 1, "a", score(run, "a", 1.0))).as("redelivered").isEqualTo(1);
            assertThat(first.collect(run, 1, "b", score(run, "b", 2.0))).isEqualTo(2);
            assertThat(first.collect(run, 2, "a", score(run, "a", 3.0))).as("another round").isEqualTo(1);

            RoundItems<ScoresComputed> restarted = RoundItems.scores(blobs);
            assertThat(restarted.collect(run, 1, "c", score(run, "c", 4.0))).isEqualTo(3);
            assertThat(restarted.all(run, 1)).extracting(ScoresComputed::getImageId).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aPartitionMovedAwayAndBackIsCountedFromTheStoreNotFromMemory(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = bucket(stack)) {
            // Given instance A collected one item, then the partition moved to B, which collected another
            RoundItems<ScoresComputed> a = RoundItems.scores(blobs);
            RoundItems<ScoresComputed> b = RoundItems.scores(blobs);
            assertThat(a.collect(run, 1, "x", score(run, "x", 1.0))).isEqualTo(1);
            assertThat(b.collect(run, 1, "y", score(run, "y", 2.0))).isEqualTo(2);

            // When the partition comes back to A, then A counts B's item too
            a.forgetCounts();
            assertThat(a.collect(run, 1, "z", score(run, "z", 3.0))).isEqualTo(3);
        }
    }

    @Test
    void aRoundReadBackHoldsWhatOthersStoredAndAfterAMoveTheStoresVersionOfEachItem(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = bucket(stack)) {
            // Given A collected x and y (held in its memory), then B stored y again with another value, and z
            RoundItems<ScoresComputed> a = RoundItems.scores(blobs);
            RoundItems<ScoresComputed> b = RoundItems.scores(blobs);
            a.collect(run, 1, Map.of("x", score(run, "x", 1.0), "y", score(run, "y", 2.0)));
            b.collect(run, 1, Map.of("y", score(run, "y", 5.0), "z", score(run, "z", 3.0)));

            // When A reads the round back, then it holds z, which only the store had
            assertThat(a.all(run, 1)).extracting(ScoresComputed::getImageId).containsExactly("x", "y", "z");

            // When the partition has moved back to A, then every item is read from the store, and y, which two
            // batches hold, is the same copy that any other instance reads
            a.forgetCounts();
            List<Double> values = a.all(run, 1).stream().map(s -> s.getScores().get(0).getValue()).toList();
            assertThat(values).hasSize(3).startsWith(1.0).endsWith(3.0);
            assertThat(values.get(1)).isIn(2.0, 5.0);
            assertThat(RoundItems.scores(blobs).all(run, 1)).extracting(s -> s.getScores().get(0).getValue())
                    .containsExactlyElementsOf(values);
        }
    }

    @Test
    void onlyTheRecentRoundsStayInMemoryAndALateItemOfAnOlderRoundIsCountedFromTheStore(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = bucket(stack)) {
            // Given a collector that took two items in round 1 and then one in each of rounds 2-6
            RoundItems<ScoresComputed> items = RoundItems.scores(blobs);
            items.collect(run, 1, Map.of("a", score(run, "a", 1.0), "b", score(run, "b", 2.0)));
            for (int round = 2; round <= 6; round++) {
                items.collect(run, round, "a", score(run, "a", round));
            }

            // Then it keeps only the last four rounds in memory, not one entry per round it ever served
            assertThat(items.roundsInMemory()).containsExactly(run + "|3", run + "|4", run + "|5", run + "|6");

            // When a late item of round 1 comes, then round 1 is counted from the store: a, b and the new c
            assertThat(items.collect(run, 1, "c", score(run, "c", 3.0))).isEqualTo(3);
            assertThat(items.all(run, 1)).extracting(ScoresComputed::getImageId).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aBatchOfItemsIsOneWriteAndARestartedCollectorCountsItsItems(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = bucket(stack)) {
            // Given a collector that takes a batch of 40 items, then the same batch again, then one more item
            RoundItems<ScoresComputed> items = RoundItems.scores(blobs);
            Map<String, ScoresComputed> batch = new LinkedHashMap<>();
            for (int i = 0; i < 40; i++) {
                batch.put("img" + i, score(run, "img" + i, i));
            }
            long putsBefore = blobs.requests().of(StoreRequests.Kind.PUT);
            assertThat(items.collect(run, 1, batch)).isEqualTo(40);
            assertThat(items.collect(run, 1, batch)).as("redelivered").isEqualTo(40);
            ScoresComputed late = score(run, "late", 99);
            assertThat(items.collect(run, 1, "late", late)).isEqualTo(41);

            // Then each batch was one write
            assertThat(blobs.requests().of(StoreRequests.Kind.PUT) - putsBefore).isEqualTo(3);

            // And a restarted collector counts them all, reads them back as they were, and counts the next once
            RoundItems<ScoresComputed> restarted = RoundItems.scores(blobs);
            assertThat(restarted.ids(run, 1)).hasSize(41).contains("img0", "img39", "late");
            List<ScoresComputed> stored = new ArrayList<>(batch.values());
            stored.add(late);
            assertThat(restarted.all(run, 1)).containsExactlyInAnyOrderElementsOf(stored);
            assertThat(restarted.collect(run, 1, "img7", score(run, "img7", 7))).isEqualTo(41);
        }
    }

    @Test
    void anItemWhoseIdIsNotItsOwnIsRefused(StackEndpoints stack) {
        try (BlobStore blobs = bucket(stack)) {
            RoundItems<ScoresComputed> items = RoundItems.scores(blobs);
            String run = "run-" + UUID.randomUUID();
            assertThatThrownBy(() -> items.collect(run, 1,
                            Map.of("a", score(run, "a", 1.0), "b", score(run, "not-b", 2.0))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-b");
        }
    }

    private static BlobStore bucket(StackEndpoints stack) {
        BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
        blobs.ensureBucket();
        return blobs;
    }

    private static ScoresComputed score(String run, String image, double value) {
        return ScoresComputed.newBuilder()
                .setMeta(EventMeta.newBuilder().setEventId(UUID.randomUUID().toString()).setRunId(run).setRound(1)
                        .setProducer(ServiceName.SCORER_SERVICE).setProducerInstance("test")
                        .setTimestamp(Instant.ofEpochMilli(0)).build())
                .setImageId(image).setPromptId("p").setPromptText("a red circle")
                .setImage(BlobRef.newBuilder().setKey("k").setSha256("0".repeat(64)).setSizeBytes(1).build())
                .setCheckpointId("ck-0000000000000000")
                .setScores(List.of(new Score("aesthetic", "v1", value)))
                .setExpectedImages(3)
                .build();
    }
}
