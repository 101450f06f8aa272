package dev.rsidiff.weighting.round;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.events.run.ReviewTimeoutPolicy;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.Manifests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The review gate of runs with {@code RunConfig.review}: the manual pass over the selected samples that the RSIDiff
 * paper made over its SD3 samples. A round's selection is stored as pending; its weights wait until a person
 * approves it, excluding the samples they reject, or until the run's deadline says to proceed without a review.
 * The decision that counts is stored once (the first approval; a later or redelivered one changes nothing), so
 * every instance and every restart applies the same one.
 */
final class ReviewGate {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewGate.class);

    private final BlobStore blobs;
    private final Clock clock;

    ReviewGate(BlobStore blobs, Clock clock) {
        this.blobs = blobs;
        this.clock = clock;
    }

    /** {@code decided} as a selection awaiting review from now until the run's deadline. */
    WeightManifest pending(WeightManifest decided, RunConfig config) {
        Instant now = clock.instant();
        return decided.reviewed(decided.selected(), new WeightManifest.Review(WeightManifest.ReviewStatus.PENDING,
                now.toString(), now.plusSeconds(config.getReviewTimeoutSeconds()).toString(),
                config.getOnReviewTimeout().name(), "", "", "", List.of()));
    }

    /** The round's decision, if one was stored. */
    Optional<ReviewDecision> decision(String runId, int round) {
        BlobKey key = BlobKeys.reviewManifest(runId, round);
        return blobs.readIfExists(key).map(f -> Manifests.fromJson(f.bytes(), ReviewDecision.class,
                "review " + key.value()));
    }

    /**
     * Stores a person's approval of {@code pending} as the round's decision, unless a decision is stored already.
     *
     * @throws InvalidReviewException if it names no reviewer, excludes a sample that was not selected, or excludes
     *                                every selected sample (a round with nothing to train on: stop the run instead)
     */
    void approve(WeightManifest pending, SelectionReviewed event) {
        String runId = pending.runId();
        int round = pending.round();
        Optional<ReviewDecision> stored = decision(runId, round);
        if (stored.isPresent()) {
            LOG.info("Run {} round {}: approval by '{}' ignored; the round was decided already ({})", runId, round,
                    event.getReviewer(), stored.get().timedOut() ? "proceeded unreviewed at its deadline"
                            : "approved by '" + stored.get().reviewer() + "'");
            return;
        }
        if (event.getReviewer().isBlank()) {
            throw new InvalidReviewException("Approval of run " + runId + " round " + round + " names no reviewer");
        }
        Set<String> selected = new LinkedHashSet<>();
        pending.selected().forEach(s -> selected.add(s.imageId()));
        Set<String> excluded = new LinkedHashSet<>(event.getExcludedImageIds());
        List<String> unknown = excluded.stream().filter(id -> !selected.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidReviewException("Approval of run " + runId + " round " + round + " excludes "
                    + unknown + ", which the round did not select");
        }
        if (!selected.isEmpty() && excluded.containsAll(selected)) {
            throw new InvalidReviewException("Approval of run " + runId + " round " + round + " excludes all "
                    + selected.size() + " selected samples; a round needs at least one to fine-tune on (stop the run"
                    + " instead)");
        }
        store(runId, round, new ReviewDecision(event.getReviewer().strip(), new ArrayList<>(excluded),
                event.getNote(), event.getMeta().getTimestamp().toString(), event.getMeta().getEventId(), false));
        LOG.info("Run {} round {}: selection approved by '{}', {} of {} samples excluded", runId, round,
                event.getReviewer(), excluded.size(), selected.size());
    }

    /**
     * The decision for a pending round whose deadline has passed under {@code onReviewTimeout=PROCEED}: proceed with
     * the selection as it is (stored unless a decision is stored already). Empty while the deadline is ahead, and for
     * runs that wait.
     */
    Optional<ReviewDecision> timedOut(WeightManifest pending) {
        WeightManifest.Review review = pending.review();
        Instant deadline = Instant.parse(review.deadline());
        if (clock.instant().isBefore(deadline)
                || !ReviewTimeoutPolicy.PROCEED.name().equals(review.onTimeout())) {
            return Optional.empty();
        }
        LOG.warn("Run {} round {}: nobody approved the selection by {}; proceeding with it unreviewed"
                + " (onReviewTimeout=PROCEED)", pending.runId(), pending.round(), deadline);
        store(pending.runId(), pending.round(), new ReviewDecision("", List.of(), "", deadline.toString(), "", true));
        return decision(pending.runId(), pending.round());
    }

    /** Whether a pending round that waits for its review has passed its deadline. */
    boolean overdue(WeightManifest pending) {
        return !clock.instant().isBefore(Instant.parse(pending.review().deadline()));
    }

    private void store(String runId, int round, ReviewDecision decision) {
        BlobKey key = BlobKeys.reviewManifest(runId, round);
        if (!blobs.exists(key)) {
            blobs.put(key, Manifests.toJson(decision), "application/json");
        }
    }

    /**
     * {@code pending} with {@code decision} applied: the excluded samples leave the selection (keeping the others'
     * ranks) and are listed with who excluded them; the weight spread is recomputed. A manifest that is no longer
     * pending is returned as it is.
     */
    static WeightManifest apply(WeightManifest pending, ReviewDecision decision) {
        if (!pending.awaitingReview()) {
            return pending;
        }
        Set<String> out = Set.copyOf(decision.excludedImageIds());
        List<WeightManifest.Selected> kept = new ArrayList<>();
        List<WeightManifest.Excluded> excluded = new ArrayList<>();
        for (WeightManifest.Selected s : pending.selected()) {
            if (out.contains(s.imageId())) {
                excluded.add(new WeightManifest.Excluded(s, decision.reviewer()));
            } else {
                kept.add(s);
            }
        }
        WeightManifest.Review r = pending.review();
        return pending.reviewed(kept, new WeightManifest.Review(decision.timedOut()
                ? WeightManifest.ReviewStatus.PROCEEDED_UNREVIEWED : WeightManifest.ReviewStatus.APPROVED,
                r.pendingSince(), r.deadline(), r.onTimeout(), decision.reviewer(), decision.decidedAt(),
                decision.note(), excluded));
    }
}
