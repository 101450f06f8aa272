package dev.rsidiff.control;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that stops on its own: a collapse threshold no checkpoint can meet stops a 3-round run after round 1, the
 * evaluation says why, the next round is never planned, and the best round is marked in the event and the round's
 * decision manifest. Evaluations delivered again after the stop plan nothing and announce nothing.
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
class EarlyStopIT {

    @Test
    void aCollapseThresholdStopsTheRunAfterTheRoundThatCrossesIt(StackEndpoints stack, ServiceLogs logs) throws Exception {
        RunConfig config = RunConfigs.apply(LoopFixture.config(6, 2, 5, 2), Map.of("rounds", "3",
                "collapseFidelityRatio", "1e-9"));
        try (ServiceFleet fleet = LoopFixture.fleet(stack, logs); BlobStore blobs = LoopFixture.blobs(stack)) {
            fleet.startAll(Duration.ofMinutes(2));

            RunProgress progress = new RunDriver(stack.kafkaBootstrapServers(), new PrintWriter(System.out, true))
                    .startAndFollow(config, Duration.ofMinutes(3));

            assertThat(progress.stoppedAfter()).hasValueSatisfying(r -> {
                assertThat(r.number).isEqualTo(1);
                assertThat(r.evaluation.getStopReason()).startsWith("collapse");
                assertThat(r.evaluation.getBestRound()).isBetween(0, 1);
                assertThat(r.evaluation.getBestCheckpointId()).isNotNull();
            });
            assertThat(blobs.exists(BlobKeys.decisionManifest(progress.runId(), 1))).isTrue();
            Thread.sleep(5_000); // had round 2 been planned, its event would be out by now
            AtomicInteger planned = new AtomicInteger();
            TopicScan.decodeAll(stack.kafkaBootstrapServers(), Topics.ROUNDS_PLANNED, e -> {
                if (e.getMeta().getRunId().equals(progress.runId())) {
                    planned.incrementAndGet();
                }
            });
            assertThat(planned).as("round 1 planned, round 2 never").hasValue(1);
            assertThat(BestOfRun.read(stack.kafkaBootstrapServers(), progress.runId()).checkpointId())
                    .isEqualTo(progress.round(1).evaluation.getBestCheckpointId());

            // When both evaluations are delivered again (the base's plans round 1; round 1's says stop)
            Map<String, Integer> copies = RunRecords.writeAgain(stack, progress.runId(), List.of(Topics.ROUNDS_EVALUATED));
            assertThat(copies).containsEntry(Topics.ROUNDS_EVALUATED.name(), 2);
            RunRecords.awaitStagesCaughtUp(stack);

            // Then nothing is planned or announced again: a one-round run's events, plus the two copies
            Map<String, Integer> expected = new TreeMap<>(LoopChecks.cleanRunEvents(
                    RunConfigs.apply(config, Map.of("rounds", "1"))));
            expected.merge(Topics.ROUNDS_EVALUATED.name(), 2, Integer::sum);
            assertThat(RunRecords.eventsPerTopic(stack, progress.runId())).as("events per topic").isEqualTo(expected);
        }
    }
}
