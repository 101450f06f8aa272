package dev.rsidiff.weighting.round;

import dev.rsidiff.events.common.BlobRef;

import dev.rsidiff.protocol.weights.WeightDistribution;

import java.util.List;
import java.util.Map;

/**
 * What the weighting step decided for a round, stored as {@code manifests/weights.json}: enough to re-announce
 * every weight after a crash and to audit every number.
 *
 * @param runId        the run
 * @param round        the round
 * @param checkpointId the checkpoint that generated the round
 * @param poolSize     scored images in the round
 * @param topK         K
 * @param rule         selection rule
 * @param perPromptKeep PER_PROMPT: samples kept per prompt at most
 * @param rankBy       the scorers that ranked
 * @param scoreFloors  the floors a selected sample cleared (RANDOM ignores them)
 * @param weighting    whether Eq. 5 weights were applied (else every weight is 1)
 * @param beta         beta used
 * @param betaSource   "configured" or "calibrated from D_0 (0.9 quantile of leave-one-out distances, n=...)"
 * @param sigma2       sigma^2
 * @param sigma2Source "configured" or how it was calibrated from D_0 (null in manifests written before calibration)
 * @param selected     the selected samples, best first
 * @param weights      how their weights spread (null in manifests written before it was recorded)
 * @param refused      selected images refused because their bytes did not match their hash
 * @param missing      image ids of the round that had no scores when it was completed after its grace period
 *                     (their events were dead-lettered upstream, or lost); empty for a round that was complete
 * @param missingReason why the round was completed without them (empty when nothing is missing)
 * @param replayed     base-model samples replayed into the round's training data (RunConfig.baseReplay), after the
 *                     selected ones; empty when there are none (and in manifests written before replay existed)
 * @param review       the review gate's state for a run with RunConfig.review, with who excluded what; null for runs
 *                     without it
 */
public record WeightManifest(String runId, int round, String checkpointId, int poolSize, int topK, String rule,
                             int perPromptKeep, List<String> rankBy, Map<String, Double> scoreFloors, boolean weighting, double beta, String betaSource, double sigma2,
                             String sigma2Source, List<Selected> selected, WeightDistribution weights,
                             List<String> refused, List<String> missing, String missingReason, List<Selected> replayed,
                             Review review) {

    public WeightManifest {
        replayed = replayed == null ? List.of() : replayed;
    }

    /** Whether the round's selection awaits a person's approval: no weight may be announced yet. */
    public boolean awaitingReview() {
        return review != null && review.status() == ReviewStatus.PENDING;
    }

    /** This manifest with its review state replaced, and its selection and weight spread with it. */
    public WeightManifest reviewed(List<Selected> kept, Review newReview) {
        return new WeightManifest(runId, round, checkpointId, poolSize, topK, rule, perPromptKeep, rankBy, scoreFloors,
                weighting, beta, betaSource, sigma2, sigma2Source, kept,
                WeightDistribution.of(kept.stream().mapToDouble(Selected::weight).toArray()), refused, missing,
                missingReason, replayed, newReview);
    }

    /** Every sample of the round's training data: the selected ones, then the replayed ones. */
    public int trainingSamples() {
        return selected.size() + replayed.size();
    }

    /**
     * A selected sample.
     *
     * @param imageId    image id
     * @param promptId   prompt id
     * @param promptText its prompt
     * @param imageKey    object key of the PNG, or of the shard that holds it
     * @param imageSha    its SHA-256
     * @param imageSize   its size in bytes
     * @param imageOffset where it starts in the object (0: the whole object; absent, so 0, in manifests before
     *                    image shards)
     * @param rank       1-based selection rank
     * @param distance   d(s, D_0)
     * @param weight     w_s
     * @param scores     scorer to score
     */
    public record Selected(String imageId, String promptId, String promptText, String imageKey, String imageSha,
                           long imageSize, long imageOffset, int rank, double distance, double weight,
                           Map<String, Double> scores) {

        /** The image, as events name it. */
        BlobRef image() {
            return BlobRef.newBuilder().setKey(imageKey).setSha256(imageSha).setSizeBytes(imageSize)
                    .setOffsetBytes(imageOffset).build();
        }
    }

    /** Where a reviewed round stands. */
    public enum ReviewStatus {
        /** Selected and weighed; waiting for a person's approval. */
        PENDING,
        /** A person approved it, excluding the samples listed. */
        APPROVED,
        /** Nobody approved it before the deadline and the run proceeds (onReviewTimeout=PROCEED): used as selected. */
        PROCEEDED_UNREVIEWED
    }

    /**
     * The review gate's record of a round.
     *
     * @param status       where it stands
     * @param pendingSince when the selection was published as pending (ISO-8601)
     * @param deadline     when {@code onTimeout} applies without an approval (ISO-8601)
     * @param onTimeout    WAIT or PROCEED
     * @param reviewer     who approved (empty until then, and when it proceeded unreviewed)
     * @param reviewedAt   when the approval or the timeout was applied (ISO-8601; empty while pending)
     * @param note         the reviewer's comment
     * @param excluded     the samples the reviewer rejected, as they were selected: never trained on
     */
    public record Review(ReviewStatus status, String pendingSince, String deadline, String onTimeout, String reviewer,
                         String reviewedAt, String note, List<Excluded> excluded) {

        public Review {
            excluded = excluded == null ? List.of() : excluded;
        }
    }

    /** A sample the review excluded, and who excluded it. */
    public record Excluded(Selected sample, String excludedBy) {
    }
}
