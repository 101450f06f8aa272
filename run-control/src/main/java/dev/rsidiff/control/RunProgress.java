package dev.rsidiff.control;

import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.WeightsAssigned;
import org.apache.avro.specific.SpecificRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a run has done so far, as seen on the topics: per round the distinct prompts, images, scores and weights
 * against what the round's events say to expect, its checkpoint and its held-out metrics; and the events per topic
 * (redeliveries included, which is why distinct ids are counted separately).
 */
public final class RunProgress {

    /** One round's state. */
    public static final class Round {
        public final int number;
        public int promptCount = -1;
        public int expectedImages = -1;
        public int selectedCount = -1;
        public String checkpointUsed;
        public final Set<String> prompts = new LinkedHashSet<>();
        public final Set<String> images = new LinkedHashSet<>();
        public final Set<String> scores = new LinkedHashSet<>();
        public final Set<String> weights = new LinkedHashSet<>();
        public final List<WeightsAssigned> weightEvents = new ArrayList<>();
        public final List<ImageGenerated> imageEvents = new ArrayList<>();
        public final List<CheckpointPublished> checkpoints = new ArrayList<>();
        public RoundEvaluated evaluation;
        /** The round's selection awaiting review (runs with the review gate), once published. */
        public SelectionPending pendingReview;
        /** Approvals sent for the round (the first one counts). */
        public final List<SelectionReviewed> reviews = new ArrayList<>();
        /** Dead-lettered events of this round, per topic they were read from. */
        public final Map<String, Integer> deadLetters = new TreeMap<>();

        Round(int number) {
            this.number = number;
        }

        /** Whether the round's selection waits for a person's approval: published as pending, no weight assigned. */
        public boolean awaitingReview() {
            return pendingReview != null && weights.isEmpty();
        }

        public String stage() {
            if (evaluation != null) {
                return "evaluated";
            }
            if (!checkpoints.isEmpty()) {
                return "evaluating";
            }
            if (selectedCount > 0) {
                return "training";
            }
            if (awaitingReview()) {
                return "awaiting review";
            }
            if (!scores.isEmpty() && expectedImages > 0 && scores.size() >= expectedImages) {
                return "weighting";
            }
            if (!images.isEmpty()) {
                return "generating/scoring";
            }
            return prompts.isEmpty() ? "planning" : "generating";
        }
    }

    private String runId;
    private final Map<Integer, Round> rounds = new TreeMap<>();
    private final Map<String, Integer> eventsPerTopic = new TreeMap<>();

    /** @param runId the run to follow; {@code null}: the run of the first event seen */
    public RunProgress(String runId) {
        this.runId = runId;
    }

    /** The round after which the run stopped early, if an evaluation said so. */
    public java.util.Optional<Round> stoppedAfter() {
        return rounds.values().stream().filter(r -> r.evaluation != null && r.evaluation.getStopReason() != null)
                .findFirst();
    }

    public String runId() {
        return runId;
    }

    public Map<Integer, Round> rounds() {
        return rounds;
    }

    public Round round(int n) {
        return rounds.computeIfAbsent(n, Round::new);
    }

    public Map<String, Integer> eventsPerTopic() {
        return eventsPerTopic;
    }

    /** Takes one event of any topic; returns false if it belongs to another run. */
    public boolean accept(String topic, SpecificRecord event) {
        EventMeta meta = (EventMeta) event.get(event.getSchema().getField("meta").pos());
        if (runId == null) {
            runId = meta.getRunId();
        }
        if (!meta.getRunId().equals(runId)) {
            return false;
        }
        eventsPerTopic.merge(topic, 1, Integer::sum);
        Round r = round(meta.getRound());
        if (event instanceof RoundPlanned e) {
            r.promptCount = e.getPromptCount();
            r.expectedImages = e.getExpectedImages();
            r.checkpointUsed = e.getCheckpointId();
        } else if (event instanceof PromptFiltered e) {
            r.prompts.add(e.getPromptId());
        } else if (event instanceof ImageGenerated e) {
            r.images.add(e.getImageId());
            r.imageEvents.add(e);
        } else if (event instanceof ScoresComputed e) {
            r.scores.add(e.getImageId());
        } else if (event instanceof WeightsAssigned e) {
            r.weights.add(e.getImageId());
            r.weightEvents.add(e);
            r.selectedCount = e.getSelectedCount();
        } else if (event instanceof CheckpointPublished e) {
            r.checkpoints.add(e);
        } else if (event instanceof RoundEvaluated e) {
            r.evaluation = e;
        } else if (event instanceof SelectionPending e) {
            r.pendingReview = e;
        } else if (event instanceof SelectionReviewed e) {
            r.reviews.add(e);
        }
        return true;
    }

    /** Takes one dead-lettered event of {@code topic}; returns false if it belongs to another run. */
    public boolean acceptDeadLetter(String topic, SpecificRecord event) {
        EventMeta meta = (EventMeta) event.get(event.getSchema().getField("meta").pos());
        if (runId == null || !meta.getRunId().equals(runId)) {
            return false;
        }
        round(meta.getRound()).deadLetters.merge(topic, 1, Integer::sum);
        return true;
    }

    /** One line per round in flight, e.g. {@code round 2 generating: prompts 64/64 images 120/256 ...}. */
    public String describe(Round r) {
        int dead = r.deadLetters.values().stream().mapToInt(Integer::intValue).sum();
        return String.format("round %d %-18s prompts %s  images %s  scores %s  weights %s  checkpoint %s%s",
                r.number, r.stage(), of(r.prompts.size(), r.promptCount), of(r.images.size(), r.expectedImages),
                of(r.scores.size(), r.expectedImages), of(r.weights.size(), r.selectedCount),
                r.checkpoints.isEmpty() ? "-" : r.checkpoints.get(r.checkpoints.size() - 1).getCheckpointId(),
                dead == 0 ? "" : "  DEAD LETTERS " + dead + " " + r.deadLetters + " (see ./rsi dlt list TOPIC)")
                + (!r.awaitingReview() ? "" : "  REVIEW: approve the selection on the dashboard, " + reviewPath(runId,
                r.number) + (r.reviews.isEmpty() ? "" : " (approval sent by " + r.reviews.get(0).getReviewer() + ")"));
    }

    /** The dashboard's page where a round's pending selection is reviewed, relative to its root. */
    public static String reviewPath(String runId, int round) {
        return "/review/" + runId + "/" + round;
    }

    private static String of(int n, int expected) {
        return expected < 0 ? Integer.toString(n) : n + "/" + expected;
    }
}
