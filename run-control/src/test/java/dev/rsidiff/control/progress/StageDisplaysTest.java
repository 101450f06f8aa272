package dev.rsidiff.control.progress;

import dev.rsidiff.control.RunProgress;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.run.ReviewTimeoutPolicy;
import dev.rsidiff.events.run.RoundEvaluated;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StageDisplaysTest {

    private final RunProgress progress = new RunProgress("run-1");

    @Test
    void withoutATerminalEachStageChangeIsOneLine() {
        StringWriter text = new StringWriter();
        try (StageLines lines = new StageLines(new PrintWriter(text), 0)) {
            // given round 1 planned for 8 images, when its images come in one by one
            RunProgress.Round r = planned(1, 8);
            for (int i = 0; i < 8; i++) {
                r.images.add("img-" + i);
                lines.show(progress);
            }
            // and then all its scores, a dead letter, and its evaluation
            for (int i = 0; i < 8; i++) {
                r.scores.add("img-" + i);
                lines.show(progress);
            }
            r.deadLetters.put("rsidiff.scores.computed", 1);
            lines.show(progress);
            lines.show(progress);
            r.evaluation = evaluation("ck-1", 0.8);
            lines.show(progress);
        }
        // then one line per stage it went through, and the evaluation's metrics once
        List<String> printed = text.toString().lines().toList();
        assertThat(printed).hasSize(5);
        assertThat(printed.get(0)).startsWith("round 1 generating/scoring").contains("images 1/8");
        assertThat(printed.get(1)).startsWith("round 1 weighting").contains("scores 8/8");
        assertThat(printed.get(2)).contains("DEAD LETTERS 1");
        assertThat(printed.get(3)).startsWith("round 1 evaluated");
        assertThat(printed.get(4)).startsWith("round 1 evaluated:").contains("faithfulness");
    }

    @Test
    void onATerminalTheNewestRoundsStageIsABarWithItsCountAndRate() {
        StringWriter text = new StringWriter();
        List<String> drawn = Collections.synchronizedList(new ArrayList<>());
        try (StageBars bars = new StageBars(new PrintWriter(text), 0,
                () -> new DelegatingProgressBarConsumer(drawn::add, 150))) {
            // given round 1 generating 8 images, of which 4 are done and 3 scored
            RunProgress.Round r1 = planned(1, 8);
            bars.show(progress);
            for (int i = 0; i < 4; i++) {
                r1.images.add("img-" + i);
            }
            r1.scores.addAll(List.of("img-0", "img-1", "img-2"));
            bars.show(progress);
            // when round 1 is trained and round 2 generates while round 1 is evaluated
            for (int i = 4; i < 8; i++) {
                r1.images.add("img-" + i);
            }
            r1.scores.addAll(r1.images);
            r1.selectedCount = 2;
            r1.weights.add("img-0");
            bars.show(progress);
            RunProgress.Round r2 = planned(2, 8);
            r2.images.add("img-a");
            bars.show(progress);
            r1.evaluation = evaluation("ck-1", 0.8);
            bars.show(progress);
        }
        // then a bar was drawn for each stage, with its count, unit and rate, and the evaluation went out as a line
        String all = String.join("\n", drawn);
        assertThat(all).contains("round 1 generating ").contains("0/8 images");
        assertThat(all).contains("round 1 generating/scoring").contains("3/8 scores").contains("scores/s")
                .contains("  images 4/8");
        assertThat(all).contains("round 1 training").contains("1/2");
        assertThat(all).contains("round 2 generating");
        assertThat(text.toString().lines().toList()).containsExactly(
                "round 1 evaluated: " + dev.rsidiff.control.MetricsTable.brief(Map.of("faithfulness", 0.8)));
    }

    @Test
    void aStudysArmsEachDrawALabelledBarAndPrintNoEvaluationLines() {
        StringWriter text = new StringWriter();
        List<String> drawnA = Collections.synchronizedList(new ArrayList<>());
        List<String> drawnB = Collections.synchronizedList(new ArrayList<>());
        RunProgress other = new RunProgress("run-2");
        try (StageBars a = new StageBars(new PrintWriter(text), 0, () -> new DelegatingProgressBarConsumer(drawnA::add, 150),
                "[rsidiff] ", false);
             StageBars b = new StageBars(new PrintWriter(text), 0, () -> new DelegatingProgressBarConsumer(drawnB::add, 150),
                     "[no-strategy] ", false)) {
            // given two arms followed at once, each generating its round 1
            RunProgress.Round ra = planned(1, 8);
            ra.images.add("img-0");
            RunProgress.Round rb = other.round(1);
            rb.promptCount = 2;
            rb.expectedImages = 4;
            rb.prompts.add("p");
            rb.images.addAll(List.of("img-0", "img-1"));
            a.show(progress);
            b.show(other);
            // when the first arm's base is evaluated
            progress.round(0).evaluation = evaluation("ck-0", 0.7);
            a.show(progress);
        }
        // then each arm's bar carries its label and its own count, and no evaluation line scrolled the bars away
        assertThat(String.join("\n", drawnA)).contains("[rsidiff] round 1 generating/scoring").contains("images 1/8")
                .doesNotContain("no-strategy");
        assertThat(String.join("\n", drawnB)).contains("[no-strategy] round 1 generating/scoring")
                .contains("images 2/4");
        assertThat(text.toString()).isEmpty();
    }

    private RunProgress.Round planned(int round, int images) {
        RunProgress.Round r = progress.round(round);
        r.promptCount = images / 2;
        r.expectedImages = images;
        r.prompts.add("p-" + round);
        return r;
    }

    @Test
    void aRoundAwaitingReviewSaysWhereToApproveIt() {
        // given round 1 of a reviewed run, all scored, its selection published as pending
        RunProgress.Round r = planned(1, 2);
        r.images.addAll(List.of("a", "b"));
        r.scores.addAll(List.of("a", "b"));
        r.pendingReview = SelectionPending.newBuilder()
                .setMeta(EventMeta.newBuilder().setEventId("e").setRunId("run-1").setRound(1)
                        .setProducer(ServiceName.WEIGHTING_SERVICE).setTimestamp(java.time.Instant.EPOCH).build())
                .setManifestKey("k").setSelectedCount(1).setPoolSize(2).setCheckpointId("ck-0")
                .setDeadline(java.time.Instant.EPOCH).setOnTimeout(ReviewTimeoutPolicy.WAIT).build();

        // then a bar's detail and a log line both name the review page
        StageCount count = StageCount.of(r);
        assertThat(count.stage()).isEqualTo("awaiting review");
        assertThat(count.detail()).isEqualTo("approve it on the dashboard, /review/run-1/1");
        assertThat(progress.describe(r)).startsWith("round 1 awaiting review")
                .contains("REVIEW: approve the selection on the dashboard, /review/run-1/1");
    }

    private static RoundEvaluated evaluation(String checkpoint, double faithfulness) {
        RoundEvaluated e = new RoundEvaluated();
        e.setCheckpointId(checkpoint);
        e.setMetrics(Map.of("faithfulness", faithfulness));
        return e;
    }
}
