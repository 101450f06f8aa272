package dev.rsidiff.blob;

/**
 * The key layout of the bucket. Every object the system stores lives under one of these prefixes:
 *
 * <pre>
 * runs/&lt;run&gt;/config.json                          the run's configuration
 * runs/&lt;run&gt;/prompts/pool.jsonl                   the filtered prompt pool
 * runs/&lt;run&gt;/prompts/rejected.jsonl               rejected prompts with reasons
 * runs/&lt;run&gt;/rounds/&lt;i&gt;/prompts.jsonl            the round's prompt set P_i
 * runs/&lt;run&gt;/rounds/&lt;i&gt;/images/&lt;id&gt;.png         generated images (D_i)
 * runs/&lt;run&gt;/rounds/&lt;i&gt;/manifests/&lt;name&gt;       round manifests (selection, weights, evaluation)
 * runs/&lt;run&gt;/rounds/&lt;i&gt;/items/&lt;kind&gt;/&lt;id&gt;   events a stateful service has collected (scores, weights)
 * checkpoints/&lt;run&gt;/&lt;round&gt;/&lt;id&gt;.ckpt           checkpoints, by the round that produced them
 * reference/&lt;run&gt;/&lt;name&gt;                       the reference set D_0 and its encodings
 * </pre>
 */
public final class BlobKeys {

    private BlobKeys() {
    }

    public static BlobKey runConfig(String runId) {
        return BlobKey.of("runs/" + seg("run id", runId) + "/config.json");
    }

    public static BlobKey promptPool(String runId, String name) {
        return BlobKey.of("runs/" + seg("run id", runId) + "/prompts/" + seg("name", name));
    }

    public static BlobKey roundPromptSet(String runId, int round) {
        return BlobKey.of(roundPrefix(runId, round) + "prompts.jsonl");
    }

    /**
     * A prompt's images in one tar archive (entries {@code <image id>.png}); each image event names its entry's
     * byte range. One object per prompt instead of one per image: the store's cost follows its requests.
     */
    public static BlobKey imageShard(String runId, int round, String promptId) {
        return BlobKey.of(roundPrefix(runId, round) + "images/" + seg("prompt id", promptId) + ".tar");
    }

    /** One image per object: the layout before image shards, still read wherever an event names it. */
    public static BlobKey image(String runId, int round, String imageId) {
        return BlobKey.of(roundPrefix(runId, round) + "images/" + seg("image id", imageId) + ".png");
    }

    public static BlobKey roundManifest(String runId, int round, String name) {
        return BlobKey.of(roundPrefix(runId, round) + "manifests/" + seg("manifest name", name));
    }

    /** The weighting service's manifest of a round: what it kept, with each sample's distance and Eq. 5 weight. */
    public static BlobKey weightsManifest(String runId, int round) {
        return roundManifest(runId, round, "weights.json");
    }

    /**
     * The review of a round's selection that counts (runs with the review gate): the first approval, or the
     * timeout's decision to proceed without one.
     */
    public static BlobKey reviewManifest(String runId, int round) {
        return roundManifest(runId, round, "review.json");
    }

    /** The held-out evaluation of a round's checkpoint (round 0: the run's base). */
    public static BlobKey evaluationManifest(String runId, int round) {
        return roundManifest(runId, round, "evaluation.json");
    }

    /** The trainer's decision after a round's evaluation: the best round so far, and whether the run stops. */
    public static BlobKey decisionManifest(String runId, int round) {
        return roundManifest(runId, round, "decision.json");
    }

    /** One collected event of a round, so that a restarted service finds what it had already gathered. */
    public static BlobKey roundItem(String runId, int round, String kind, String itemId) {
        return BlobKey.of(roundItemPrefix(runId, round, kind) + seg("item id", itemId));
    }

    /** Several items of a round stored together (one consumed batch), named by a hash of their ids. */
    public static BlobKey roundItemBatch(String runId, int round, String kind, String batchName) {
        return BlobKey.of(roundItemPrefix(runId, round, kind) + "batches/" + seg("item batch", batchName));
    }

    public static String roundItemPrefix(String runId, int round, String kind) {
        return roundPrefix(runId, round) + "items/" + seg("item kind", kind) + "/";
    }

    /** The record that a stage announced one output of a round (its events acknowledged by the broker). */
    public static BlobKey announcement(String runId, int round, String stage, String output) {
        return BlobKey.of(announcementPrefix(runId, round, stage) + seg("output", output));
    }

    /**
     * The intent to announce one output, written before its events are sent: where each output topic ended then,
     * so that a retry can look there for the events an interrupted attempt may have published.
     */
    public static BlobKey announcementIntent(String runId, int round, String stage, String output) {
        return BlobKey.of(announcementIntentPrefix(runId, round, stage) + seg("output", output));
    }

    /** Prefix of a stage's records of single outputs of a round ({@link #announcement}). */
    public static String announcementPrefix(String runId, int round, String stage) {
        return roundPrefix(runId, round) + "announced/" + seg("stage", stage) + "/";
    }

    /** Prefix of a stage's intents for single outputs of a round ({@link #announcementIntent}). */
    public static String announcementIntentPrefix(String runId, int round, String stage) {
        return roundPrefix(runId, round) + "announcing/" + seg("stage", stage) + "/";
    }

    /**
     * The intent (before sending) or the record (after the broker acknowledged) of a batch of outputs a stage
     * announced at once: one object for many outputs, found by listing {@link #announcementBatchPrefix}.
     *
     * @param part "intent" or "record"
     */
    public static BlobKey announcementBatch(String runId, int round, String stage, String batchId, String part) {
        return BlobKey.of(announcementBatchPrefix(runId, round, stage) + seg("batch id", batchId) + "."
                + seg("part", part) + ".json");
    }

    public static String announcementBatchPrefix(String runId, int round, String stage) {
        return roundPrefix(runId, round) + "announced-batches/" + seg("stage", stage) + "/";
    }

    /** The marker of a round a stage is still collecting for (removed when the stage announced its output). */
    public static BlobKey openRound(String stage, String runId, int round) {
        return BlobKey.of(openRoundPrefix(stage) + seg("run id", runId) + "/" + round(round));
    }

    public static String openRoundPrefix(String stage) {
        return "open-rounds/" + seg("stage", stage) + "/";
    }

    /** Prefix of the checkpoints a run produced in one round. */
    public static String checkpointPrefix(String runId, int round) {
        return "checkpoints/" + seg("run id", runId) + "/" + round(round) + "/";
    }

    public static BlobKey checkpoint(String runId, int round, String checkpointId) {
        return BlobKey.of("checkpoints/" + seg("run id", runId) + "/" + round(round) + "/"
                + seg("checkpoint id", checkpointId) + ".ckpt");
    }

    /** Where a stored checkpoint is found by its id alone, without the event that announced it. */
    public static BlobKey checkpointIndex(String checkpointId) {
        return BlobKey.of("checkpoints/by-id/" + seg("checkpoint id", checkpointId) + ".json");
    }

    /**
     * A checkpoint's evaluation under one set of evaluator settings ({@code fingerprint}), shared by every run that
     * evaluates the same checkpoint the same way.
     */
    public static BlobKey evaluation(String checkpointId, String fingerprint) {
        return BlobKey.of("evaluations/" + seg("checkpoint id", checkpointId) + "/" + seg("fingerprint", fingerprint)
                + ".json");
    }

    public static BlobKey reference(String runId, String name) {
        return BlobKey.of("reference/" + seg("run id", runId) + "/" + seg("name", name));
    }

    /** Prefix of everything stored for one round of a run. */
    public static String roundPrefix(String runId, int round) {
        return "runs/" + seg("run id", runId) + "/rounds/" + round(round) + "/";
    }

    private static String seg(String what, String value) {
        return BlobKey.segment(what, value);
    }

    private static int round(int round) {
        if (round < 0) {
            throw new InvalidBlobKeyException("Round must be >= 0, got " + round);
        }
        return round;
    }
}
