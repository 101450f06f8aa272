package dev.rsidiff.control.dashboard;

import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.events.run.ReviewTimeoutPolicy;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.schemas.Topics;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the runs page says of runs, from their events alone (no Kafka). */
class RunBoardTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void aRunInFlightShowsItsStageBestRoundEtaAndDeadLetters() {
        // given a 3-round run started at T0 whose base and round 1 were evaluated 10 min later, round 2 planned
        RunBoard board = new RunBoard(Clock.fixed(T0.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        board.event(Topics.RUNS_STARTED.name(), started("run-a", 3, T0));
        board.event(Topics.ROUNDS_EVALUATED.name(), evaluated("run-a", 0, 0, null));
        board.event(Topics.ROUNDS_EVALUATED.name(), evaluated("run-a", 1, 1, null));
        board.event(Topics.ROUNDS_PLANNED.name(), planned("run-a", 2));
        // and one of its round 2 events dead-lettered
        board.deadLetter(Topics.ROUNDS_PLANNED.name(), planned("run-a", 2));

        // when the page asks
        RunStatus status = board.status("run-a").orElseThrow();

        // then it is in round 2, best round 1, with 2 more rounds at 10 min each to go
        assertThat(status.state()).startsWith("round 2 planning");
        assertThat(status.evaluatedRounds()).isEqualTo(1);
        assertThat(status.evaluations()).isEqualTo(2);
        assertThat(status.firstRound()).isEqualTo(1);
        assertThat(status.lastRound()).isEqualTo(3);
        assertThat(status.best().round()).isEqualTo(1);
        assertThat(status.best().checkpointId()).isEqualTo("ck-1");
        assertThat(status.eta()).isEqualTo(Duration.ofMinutes(20));
        assertThat(status.deadLetters()).isEqualTo(1);
        assertThat(status.done()).isFalse();

        // and when round 3 is planned before round 2 is evaluated, round 3 is where it stands, round 2 awaited
        board.event(Topics.ROUNDS_PLANNED.name(), planned("run-a", 3));
        assertThat(board.status("run-a").orElseThrow().state()).startsWith("round 3 planning")
                .endsWith("; awaiting evaluation: round 2");
    }

    @Test
    void finishedAndStoppedRunsSaySoNewestFirst() {
        RunBoard board = new RunBoard(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        // given a 1-round run that finished, and a later 3-round run that stopped early after round 1
        board.event(Topics.RUNS_STARTED.name(), started("run-done", 1, T0));
        board.event(Topics.ROUNDS_EVALUATED.name(), evaluated("run-done", 0, 0, null));
        board.event(Topics.ROUNDS_EVALUATED.name(), evaluated("run-done", 1, 0, null));
        board.event(Topics.RUNS_STARTED.name(), started("run-stopped", 3, T0.plusSeconds(60)));
        board.event(Topics.ROUNDS_EVALUATED.name(), evaluated("run-stopped", 1, 0, "no better than the base"));
        // and events of a run whose start event was never read (expired)
        board.event(Topics.ROUNDS_PLANNED.name(), planned("run-orphan", 4));

        // then each says how it ended, with no ETA, newest first and the unknown start last
        assertThat(board.snapshot()).extracting(RunStatus::runId)
                .containsExactly("run-stopped", "run-done", "run-orphan");
        RunStatus done = board.status("run-done").orElseThrow();
        assertThat(done.state()).isEqualTo("finished");
        assertThat(done.best().round()).as("the base stayed best").isZero();
        assertThat(done.eta()).isNull();
        RunStatus stopped = board.status("run-stopped").orElseThrow();
        assertThat(stopped.state()).isEqualTo("stopped early after round 1");
        assertThat(stopped.done()).isTrue();
        assertThat(board.status("run-orphan").orElseThrow().lastRound()).isEqualTo(-1);
        assertThat(board.status("run-nobody")).isEmpty();

        // and only the run in flight is held in detail; a late event of a finished run changes nothing, a late dead
        // letter is counted
        assertThat(board.runsInDetail()).isEqualTo(1);
        board.event(Topics.ROUNDS_PLANNED.name(), planned("run-done", 2));
        board.deadLetter(Topics.ROUNDS_PLANNED.name(), planned("run-done", 2));
        RunStatus after = board.status("run-done").orElseThrow();
        assertThat(after.state()).isEqualTo("finished");
        assertThat(after.deadLetters()).isEqualTo(1);
        assertThat(board.runsInDetail()).isEqualTo(1);
    }

    @Test
    void aRoundAwaitingReviewLinksToItsReviewUntilItsWeightsAreAssigned() {
        // given a reviewed run whose round 1 selection was published as pending
        RunBoard board = new RunBoard(Clock.fixed(T0, ZoneOffset.UTC));
        board.event(Topics.RUNS_STARTED.name(), started("run-r", 2, T0));
        board.event(Topics.ROUNDS_PLANNED.name(), planned("run-r", 1));
        board.event(Topics.SELECTIONS_PENDING.name(), SelectionPending.newBuilder().setMeta(meta("run-r", 1, T0))
                .setManifestKey("k").setSelectedCount(4).setPoolSize(8).setCheckpointId("ck-0")
                .setDeadline(T0.plusSeconds(3600)).setOnTimeout(ReviewTimeoutPolicy.WAIT).build());

        // then the page says so and offers the round's review
        RunStatus pending = board.status("run-r").orElseThrow();
        assertThat(pending.state()).startsWith("round 1 awaiting review").contains("/review/run-r/1");
        assertThat(pending.reviewRounds()).containsExactly(1);
        assertThat(RunsPage.table(board.snapshot())).contains("<a class=\"review\" href=\"/review/run-r/1\">");

        // when an approval is sent, then a weight is assigned
        board.event(Topics.SELECTIONS_REVIEWED.name(), SelectionReviewed.newBuilder().setMeta(meta("run-r", 1, T0))
                .setReviewer("ana").setExcludedImageIds(List.of()).build());
        assertThat(board.status("run-r").orElseThrow().state()).contains("approval sent by ana");
        board.event(Topics.WEIGHTS_ASSIGNED.name(), WeightsAssigned.newBuilder().setMeta(meta("run-r", 1, T0))
                .setImageId("i").setPromptId("p").setPromptText("t")
                .setImage(BlobRef.newBuilder().setKey("k").setSha256("0".repeat(64)).setSizeBytes(1).build())
                .setDistance(1).setWeight(1).setBeta(1).setSigma2(1).setSelectionRank(1).setSelectedCount(3)
                .setCheckpointId("ck-0").build());

        // then the review is no longer offered
        RunStatus training = board.status("run-r").orElseThrow();
        assertThat(training.state()).startsWith("round 1 training");
        assertThat(training.reviewRounds()).isEmpty();
    }

    private static EventMeta meta(String run, int round, Instant at) {
        return EventMeta.newBuilder().setEventId(run + "-" + round + "-" + at.toEpochMilli()).setRunId(run)
                .setRound(round).setProducer(ServiceName.RUN_CONTROL).setTimestamp(at).build();
    }

    private static RunStarted started(String run, int rounds, Instant at) {
        RunConfig config = RunConfigs.defaults();
        config.setRounds(rounds);
        return RunStarted.newBuilder().setMeta(meta(run, 1, at)).setConfig(config).build();
    }

    private static RoundEvaluated evaluated(String run, int round, int best, String stopReason) {
        return RoundEvaluated.newBuilder().setMeta(meta(run, round, T0)).setCheckpointId("ck-" + round)
                .setMetrics(Map.of("faithfulness", 0.8)).setBestRound(best).setBestCheckpointId("ck-" + best)
                .setStopReason(stopReason).build();
    }

    private static RoundPlanned planned(String run, int round) {
        return RoundPlanned.newBuilder().setMeta(meta(run, round, T0)).setCheckpointId("ck-" + (round - 1))
                .setPromptCount(4).setImagesPerPrompt(2).setExpectedImages(8)
                .setPromptSet(BlobRef.newBuilder().setKey("k").setSha256("0".repeat(64)).setSizeBytes(1).build())
                .build();
    }
}
