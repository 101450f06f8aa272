package dev.rsidiff.weighting.round;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.listen.FailurePolicy;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.events.run.DeadLetterPolicy;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.SampleOrigin;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.weights.WeightDistribution;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.OpenRounds;
import dev.rsidiff.protocol.RoundCollector;
import dev.rsidiff.protocol.StoredImages;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.runtime.memory.HeapRelease;
import dev.rsidiff.weighting.DistributionWeight;
import dev.rsidiff.weighting.ReferenceDistance;
import dev.rsidiff.weighting.selection.PreferenceSelection;
import dev.rsidiff.weighting.selection.ScoredSample;
import dev.rsidiff.weighting.selection.SelectionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The weighting service's work. Scores are collected per round in the object store (so a restart loses nothing
 * and a redelivered score counts once); when a round has all the images its events say to expect, the top K are
 * selected, each gets its distance to D_0 and its Eq. 5 weight, the decision is stored as the round's manifest,
 * and one event per selected sample is published, once: a score redelivered or arriving late after the round's
 * weights were announced changes nothing. A manifest stored before a crash is announced, not recomputed. A round
 * whose last images never come (dead-lettered upstream) is completed without them once no score has arrived for
 * the grace period; the manifest lists the missing image ids.
 *
 * <p>A run with the review gate ({@code RunConfig.review}, see {@link ReviewGate}) stores the round's decision as
 * pending and announces only that ({@link SelectionPending}); its weights are announced once a person's approval
 * ({@link SelectionReviewed}) or the run's review deadline decides, without the samples the reviewer excluded.
 */
public final class RoundWeighting implements RoundCollector {

    /** The stage's name among announcements. */
    public static final String STAGE = "weighting";

    private static final Logger LOG = LoggerFactory.getLogger(RoundWeighting.class);
    private static final String WEIGHTS = "weights";
    private static final String PENDING = "pending";

    private final BlobStore blobs;
    private final RunConfigStore configs;
    private final RoundItems<ScoresComputed> scores;
    private final ReferenceSet references;
    private final ImageEncoder encoder;
    private final Consumer<WeightsAssigned> publish;
    private final Consumer<SelectionPending> publishPending;
    private final EventMetas metas;
    private final Announcements announcements;
    private final OpenRounds open;
    /** Rounds whose selection awaits review; the marker outlives restarts, the deadline is in the manifest. */
    private final OpenRounds inReview;
    private final ReviewGate reviews;
    private final Duration gracePeriod;
    private final HeapRelease heapRelease;
    /** Overdue rounds of FAIL_RUN runs already reported as waiting (reported once each). */
    private final java.util.Set<OpenRounds.RoundRef> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Rounds past their review deadline that wait (onReviewTimeout=WAIT), already reported (once each). */
    private final java.util.Set<OpenRounds.RoundRef> reviewOverdue = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param gracePeriod how long a round may receive no score before it is completed without its missing images
     * @param clock       what "now" is (tests move it)
     */
    public RoundWeighting(BlobStore blobs, RunConfigStore configs, ImageEncoder encoder,
                          Consumer<WeightsAssigned> publish, Consumer<SelectionPending> publishPending,
                          EventMetas metas, Duration gracePeriod, Clock clock) {
        this(blobs, configs, encoder, publish, publishPending, metas, gracePeriod, clock,
                new Announcements(blobs, STAGE), HeapRelease.NONE);
    }

    /**
     * @param publishPending where selections awaiting review go (runs with the review gate)
     * @param announcements  this stage's announcements, whose {@link Announcements#sender} both publishers use
     * @param heapRelease    run once after each round this instance decided, when its scores and encodings are garbage
     */
    public RoundWeighting(BlobStore blobs, RunConfigStore configs, ImageEncoder encoder,
                          Consumer<WeightsAssigned> publish, Consumer<SelectionPending> publishPending,
                          EventMetas metas, Duration gracePeriod, Clock clock, Announcements announcements,
                          HeapRelease heapRelease) {
        this.blobs = blobs;
        this.configs = configs;
        this.scores = RoundItems.scores(blobs);
        this.references = new ReferenceSet(blobs);
        this.encoder = encoder;
        this.publish = publish;
        this.publishPending = publishPending;
        this.metas = metas;
        this.announcements = announcements;
        this.open = new OpenRounds(blobs, "weighting", clock);
        this.inReview = new OpenRounds(blobs, "review", clock);
        this.reviews = new ReviewGate(blobs, clock);
        this.gracePeriod = gracePeriod;
        this.heapRelease = heapRelease;
    }

    /** Collects one image's scores; completes the round when they are all in. */
    public void accept(ScoresComputed event) {
        RuntimeException rejected = accept(List.of(event)).get(event);
        if (rejected != null) {
            throw rejected;
        }
    }

    /**
     * Collects a batch of images' scores, each round's side by side ({@link RoundItems#collect(String, int, Map)}),
     * and completes each round whose scores are then all in. One question to the store per round of the batch
     * (whether its weights are announced), not one per score: asked per score, with a write per score one after
     * the other, collecting a round's 1,024 scores took seconds on the 2-core machine.
     *
     * @return the events of a round that failed on its own merits (an unknown run), each with why; any other
     *         failure is thrown
     */
    public synchronized Map<ScoresComputed, RuntimeException> accept(List<ScoresComputed> events) {
        Map<OpenRounds.RoundRef, List<ScoresComputed>> byRound = new LinkedHashMap<>();
        for (ScoresComputed e : events) {
            byRound.computeIfAbsent(new OpenRounds.RoundRef(e.getMeta().getRunId(), e.getMeta().getRound()),
                    r -> new ArrayList<>()).add(e);
        }
        Map<ScoresComputed, RuntimeException> rejected = new LinkedHashMap<>();
        byRound.forEach((r, roundEvents) -> {
            try {
                collect(r.runId(), r.round(), roundEvents);
            } catch (RuntimeException e) {
                if (!FailurePolicy.isRecordFault(e)) {
                    throw e;
                }
                roundEvents.forEach(x -> rejected.put(x, e));
            }
        });
        return rejected;
    }

    private void collect(String runId, int round, List<ScoresComputed> events) {
        Map<String, ScoresComputed> items = new LinkedHashMap<>();
        events.forEach(e -> items.put(e.getImageId(), e));
        if (announcements.announced(runId, round, WEIGHTS)) {
            LOG.debug("Run {} round {}: {} scores after the round's weights were announced; acknowledged", runId,
                    round, items.size());
            return;
        }
        configs.load(runId); // an unknown run's scores are refused before anything of theirs is stored or opened
        open.touch(runId, round);
        int expected = items.values().iterator().next().getExpectedImages();
        if (scores.collect(runId, round, items) >= expected) {
            finish(runId, round, expected, false);
        }
    }

    /**
     * Takes a person's approval of a round's pending selection: stored as the round's decision unless one is
     * (the first approval counts), then the weights are announced without the excluded samples. An approval that
     * comes after the round's weights were announced changes nothing.
     *
     * @throws InvalidReviewException if the round has no selection under review, or the approval does not fit it
     */
    public synchronized void reviewed(SelectionReviewed event) {
        String runId = event.getMeta().getRunId();
        int round = event.getMeta().getRound();
        if (announcements.announced(runId, round, WEIGHTS)) {
            LOG.info("Run {} round {}: approval by '{}' after the round's weights were announced; it changes nothing",
                    runId, round, event.getReviewer());
            return;
        }
        WeightManifest manifest = storedManifest(runId, round).filter(m -> m.review() != null)
                .orElseThrow(() -> new InvalidReviewException("Run " + runId + " round " + round
                        + " has no selection under review (the run has no review gate, or the round is not"
                        + " selected yet)"));
        reviews.approve(manifest, event);
        releaseIfDecided(runId, round);
    }

    /**
     * The round has all its scores (or its grace period passed): without the review gate its weights are announced;
     * with it, its selection is stored and announced as pending, and the weights wait for the decision.
     */
    private void finish(String runId, int round, int expected, boolean allowMissing) {
        if (!configs.load(runId).getReview()) {
            announcements.once(runId, round, WEIGHTS, () -> complete(runId, round, expected, allowMissing));
        } else if (!announcements.announced(runId, round, WEIGHTS)) {
            WeightManifest manifest = storedManifest(runId, round).orElseGet(() -> {
                WeightManifest pending = reviews.pending(decide(runId, round, expected, allowMissing),
                        configs.load(runId));
                blobs.put(BlobKeys.weightsManifest(runId, round), Manifests.toJson(pending), "application/json");
                return pending;
            });
            announcements.once(runId, round, PENDING, () -> publishPending.accept(pendingEvent(manifest)));
            inReview.touch(runId, round);
            releaseIfDecided(runId, round);
        }
        open.close(runId, round);
    }

    /** Announces a reviewed round's weights once its decision is stored or its deadline says to proceed. */
    private void releaseIfDecided(String runId, int round) {
        if (announcements.announced(runId, round, WEIGHTS)) {
            inReview.close(runId, round);
            return;
        }
        if (!announcements.owns(runId)) {
            return; // the instance that owns the run's scores announces its weights
        }
        WeightManifest manifest = storedManifest(runId, round).orElse(null);
        if (manifest == null) {
            return;
        }
        if (manifest.awaitingReview() && reviews.decision(runId, round).or(() -> reviews.timedOut(manifest)).isEmpty()) {
            if (reviews.overdue(manifest) && reviewOverdue.add(new OpenRounds.RoundRef(runId, round))) {
                LOG.warn("Run {} round {}: nobody approved the selection by {}; the round waits for a review"
                        + " (onReviewTimeout=WAIT)", runId, round, manifest.review().deadline());
            }
            return;
        }
        announcements.once(runId, round, WEIGHTS, () -> complete(runId, round, manifest.poolSize(), true));
        inReview.close(runId, round);
    }

    private Optional<WeightManifest> storedManifest(String runId, int round) {
        BlobKey key = BlobKeys.weightsManifest(runId, round);
        return blobs.readIfExists(key).map(f -> Manifests.fromJson(f.bytes(), WeightManifest.class,
                "weight manifest " + key.value()));
    }

    private SelectionPending pendingEvent(WeightManifest manifest) {
        return SelectionPending.newBuilder()
                .setMeta(metas.next(manifest.runId(), manifest.round()))
                .setManifestKey(BlobKeys.weightsManifest(manifest.runId(), manifest.round()).value())
                .setSelectedCount(manifest.selected().size())
                .setPoolSize(manifest.poolSize())
                .setCheckpointId(manifest.checkpointId())
                .setDeadline(java.time.Instant.parse(manifest.review().deadline()))
                .setOnTimeout(dev.rsidiff.events.run.ReviewTimeoutPolicy.valueOf(manifest.review().onTimeout()))
                .build();
    }

    /**
     * Completes every open round that has received no score for the grace period, without its missing images (they
     * were dead-lettered upstream, or lost): the weights are decided on what was scored and the manifest lists the
     * missing ids. Rounds with nothing stored are left alone.
     */
    @Override
    public synchronized void completeOverdue() {
        for (OpenRounds.RoundRef r : open.overdue(gracePeriod)) {
            if (!announcements.owns(r.runId())) {
                continue; // another instance owns the run's partition and finishes the round
            }
            if (announcements.announced(r.runId(), r.round(), WEIGHTS)) {
                open.close(r.runId(), r.round());
                continue;
            }
            int stored = scores.ids(r.runId(), r.round()).size();
            if (stored == 0) {
                continue;
            }
            RunConfig config = configs.load(r.runId());
            if (config.getOnDeadLetters() == DeadLetterPolicy.FAIL_RUN) {
                if (waiting.add(r)) {
                    LOG.warn("Run {} round {}: no score for {}; the run fails on dead letters (onDeadLetters=FAIL_RUN),"
                            + " so the round waits for them to be replayed", r.runId(), r.round(), gracePeriod);
                }
                continue;
            }
            int expected = config.getPromptsPerRound() * config.getImagesPerPrompt();
            LOG.warn("Run {} round {}: no score for {}; completing the round with {} of {} images", r.runId(),
                    r.round(), gracePeriod, stored, expected);
            finish(r.runId(), r.round(), expected, true);
        }
        for (OpenRounds.RoundRef r : inReview.overdue(Duration.ZERO)) {
            releaseIfDecided(r.runId(), r.round());
        }
    }

    /** Partitions were assigned: rounds are counted from the object store again, never from this process's memory. */
    public synchronized void partitionsAssigned() {
        scores.forgetCounts();
        open.reload();
        inReview.reload();
    }

    private void complete(String runId, int round, int expected, boolean allowMissing) {
        BlobKey manifestKey = BlobKeys.weightsManifest(runId, round);
        WeightManifest manifest = storedManifest(runId, round).orElse(null);
        boolean decided = manifest == null;
        if (decided) {
            manifest = decide(runId, round, expected, allowMissing);
            blobs.put(manifestKey, Manifests.toJson(manifest), "application/json");
        } else if (manifest.awaitingReview()) {
            manifest = ReviewGate.apply(manifest, reviews.decision(runId, round).orElseThrow(() ->
                    new IllegalStateException("Run " + runId + " round " + round + " is announced before its review")));
            blobs.put(manifestKey, Manifests.toJson(manifest), "application/json");
        }
        for (WeightManifest.Selected s : manifest.selected()) {
            publish.accept(announcement(runId, round, manifest, s, SampleOrigin.SELECTED));
        }
        for (WeightManifest.Selected s : manifest.replayed()) {
            publish.accept(announcement(runId, round, manifest, s, SampleOrigin.BASE_REPLAY));
        }
        if (decided) {
            heapRelease.after("weighting round " + round + " of " + runId);
        }
    }

    private WeightsAssigned announcement(String runId, int round, WeightManifest manifest, WeightManifest.Selected s,
                                         SampleOrigin origin) {
        return WeightsAssigned.newBuilder()
                .setMeta(metas.next(runId, round))
                .setImageId(s.imageId())
                .setPromptId(s.promptId())
                .setPromptText(s.promptText())
                .setImage(s.image())
                .setDistance(s.distance())
                .setWeight(s.weight())
                .setBeta(manifest.beta())
                .setSigma2(manifest.sigma2())
                .setSelectionRank(s.rank())
                .setSelectedCount(manifest.trainingSamples())
                .setCheckpointId(manifest.checkpointId())
                .setOrigin(origin)
                .build();
    }

    private WeightManifest decide(String runId, int round, int expected, boolean allowMissing) {
        long start = System.nanoTime();
        RunConfig config = configs.load(runId);
        Map<String, ScoresComputed> pool = new TreeMap<>();
        for (ScoresComputed s : scores.all(runId, round)) {
            pool.put(s.getImageId(), s);
        }
        long scoresRead = System.nanoTime();
        List<String> missing = missingImages(runId, round, config, pool.keySet());
        if (pool.size() < expected && !allowMissing) {
            throw new IllegalStateException("Round " + round + " of " + runId + " has " + pool.size() + " of "
                    + expected + " scored images stored");
        }
        // Each image is read (and its hash checked) and encoded at most once: in the first round the selected
        // samples are part of D_0 and reuse its encodings.
        Map<String, float[]> encodings = new HashMap<>();
        Set<String> refused = new LinkedHashSet<>();
        float[][] d0 = references.load(runId).orElseGet(() -> {
            if (round != config.getStartRound()) {
                throw new IllegalStateException("Run " + runId + " has no reference set D_0; it is built from round "
                        + config.getStartRound() + ", not round " + round);
            }
            String timing = encodeVerified(runId, round, pool.values(), encodings, refused);
            float[][] enc = pool.keySet().stream().filter(encodings::containsKey).map(encodings::get)
                    .toArray(float[][]::new);
            references.save(runId, enc);
            LOG.info("Run {}: reference set D_0 of {} encodings from round {} ({})", runId, enc.length, round, timing);
            return enc;
        });
        ReferenceDistance distance = new ReferenceDistance(d0, config.getDistanceNeighbours());
        double beta;
        String betaSource;
        if (config.getBeta() != null) {
            beta = config.getBeta();
            betaSource = "configured";
        } else {
            beta = distance.calibratedBeta(config.getBetaQuantile());
            betaSource = "calibrated from D_0 (" + config.getBetaQuantile() + " quantile of leave-one-out distances, n="
                    + d0.length + ")";
        }
        double sigma2;
        String sigma2Source;
        if (config.getHalfWeightQuantile() == null) {
            sigma2 = config.getSigma2();
            sigma2Source = "configured";
        } else if (distance.canCalibrateSigma2(beta, config.getHalfWeightQuantile())) {
            sigma2 = distance.calibratedSigma2(beta, config.getHalfWeightQuantile());
            sigma2Source = "calibrated from D_0 (weight 1/2 at the " + config.getHalfWeightQuantile()
                    + " quantile of leave-one-out distances, n=" + d0.length + ")";
        } else {
            // A D_0 without spread beyond beta (a base that draws near-identical samples) has nothing to calibrate
            // from; the round goes on with the configured value, and says so.
            sigma2 = config.getSigma2();
            sigma2Source = "configured: D_0's " + config.getHalfWeightQuantile() + " quantile of leave-one-out"
                    + " distances does not lie beyond beta " + beta + ", nothing to calibrate from";
            LOG.warn("Run {} round {}: sigma^2 {}", runId, round, sigma2Source);
        }
        List<ScoredSample> candidates = pool.values().stream()
                .map(s -> new ScoredSample(s.getImageId(), s.getPromptId(), scoreMap(s))).toList();
        SelectionSpec spec = selectionSpec(config, round);
        List<ScoredSample> chosen = PreferenceSelection.select(candidates, spec);
        encodeVerified(runId, round, chosen.stream().map(c -> pool.get(c.imageId()))
                .filter(x -> !encodings.containsKey(x.getImageId()) && !refused.contains(x.getImageId())).toList(),
                encodings, refused);
        Eq5 eq5 = new Eq5(distance, beta, sigma2, config.getDistributionWeighting());
        List<WeightManifest.Selected> selected = eq5.weigh(chosen.stream().map(c -> pool.get(c.imageId())).toList(),
                encodings, 1);
        List<WeightManifest.Selected> replayed = List.of();
        int replayCount = (int) Math.round(config.getBaseReplay() * selected.size());
        if (replayCount > 0 && round > config.getStartRound()) {
            List<ScoresComputed> drawn = BaseReplay.draw(scores.all(runId, config.getStartRound()), replayCount,
                    RoundIds.stageSeed(config.getSeed(), round, "replay"));
            encodeVerified(runId, round, drawn, encodings, refused);
            replayed = eq5.weigh(drawn, encodings, selected.size() + 1);
        }
        LOG.info("Run {} round {}: {} of {} selected by {} and {} base samples replayed, beta {} ({}), sigma^2 {} ({}),"
                        + " mean weight {}; decided in {} ms, of which reading the scores {} ms", runId, round,
                selected.size(), pool.size(), config.getSelectionRule(), replayed.size(), beta, betaSource, sigma2,
                sigma2Source, selected.stream().mapToDouble(WeightManifest.Selected::weight).average().orElse(0),
                (System.nanoTime() - start) / 1_000_000, (scoresRead - start) / 1_000_000);
        return new WeightManifest(runId, round, pool.values().iterator().next().getCheckpointId(), pool.size(),
                config.getTopK(), config.getSelectionRule().name(), spec.perPromptKeep(), spec.rankBy(),
                new java.util.TreeMap<>(spec.floors()), config.getDistributionWeighting(), beta,
                betaSource, sigma2, sigma2Source, selected, WeightDistribution.of(selected.stream()
                .mapToDouble(WeightManifest.Selected::weight).toArray()), List.copyOf(refused), missing, missing.isEmpty() ? ""
                : "no scores arrived for " + gracePeriod + " after the last one; the images were dead-lettered upstream"
                + " or lost (./rsi dlt list rsidiff.prompts.filtered, rsidiff.images.generated)", replayed, null);
    }

    /** Eq. 5 for a round: each sample's distance to D_0 and its weight, with the round's beta and sigma^2. */
    private record Eq5(ReferenceDistance distance, double beta, double sigma2, boolean weighting) {

        /** The samples in order, ranked from {@code firstRank}; a refused one (no encoding) is left out, never trained on. */
        List<WeightManifest.Selected> weigh(List<ScoresComputed> samples, Map<String, float[]> encodings, int firstRank) {
            List<WeightManifest.Selected> out = new ArrayList<>();
            for (ScoresComputed s : samples) {
                float[] enc = encodings.get(s.getImageId());
                if (enc == null) {
                    continue;
                }
                double d = distance.to(enc);
                double w = weighting ? DistributionWeight.of(d, beta, sigma2) : 1.0;
                out.add(new WeightManifest.Selected(s.getImageId(), s.getPromptId(), s.getPromptText(),
                        s.getImage().getKey(), s.getImage().getSha256(), s.getImage().getSizeBytes(),
                        s.getImage().getOffsetBytes(), firstRank + out.size(), d, w, scoreMap(s)));
            }
            return out;
        }
    }

    /**
     * The run's selection settings: the scorers that rank are the run's scorers less its veto scorers.
     */
    static SelectionSpec selectionSpec(RunConfig config, int round) {
        List<String> rankBy = new ArrayList<>(config.getScorers());
        rankBy.removeAll(config.getVetoScorers());
        return new SelectionSpec(config.getSelectionRule(), config.getTopK(), config.getPerPromptKeep(), rankBy,
                config.getScoreFloors(), RoundIds.stageSeed(config.getSeed(), round, "selection"));
    }

    /** The round's image ids (deterministic from the run's settings) that have no stored scores. */
    private static List<String> missingImages(String runId, int round, RunConfig config, Set<String> scored) {
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < config.getPromptsPerRound(); p++) {
            String promptId = RoundIds.promptId(runId, round, p);
            for (int i = 0; i < config.getImagesPerPrompt(); i++) {
                String imageId = RoundIds.imageId(promptId, i);
                if (!scored.contains(imageId)) {
                    missing.add(imageId);
                }
            }
        }
        return missing;
    }

    /**
     * Reads each image, verifying its hash, and encodes those that verify in one batch into {@code into}; an image
     * whose bytes do not match is refused (logged and listed in the manifest), never encoded or trained on. The
     * images are read side by side ({@link StoredImages#readAll}).
     *
     * @return how long reading and encoding took, for the log
     */
    private String encodeVerified(String runId, int round, Collection<ScoresComputed> images,
                                Map<String, float[]> into, Set<String> refused) {
        long start = System.nanoTime();
        Map<String, BlobRef> refs = new LinkedHashMap<>();
        images.forEach(s -> refs.put(s.getImageId(), s.getImage()));
        Map<String, RuntimeException> unreadable = new LinkedHashMap<>();
        Map<String, BufferedImage> read = StoredImages.readAll(blobs, refs, unreadable);
        unreadable.forEach((id, e) -> {
            LOG.error("Run {} round {}: image {} refused, never trained on: {}", runId, round, id, e.getMessage());
            refused.add(id);
        });
        List<String> ids = new ArrayList<>(read.keySet());
        List<float[]> pixels = read.values().stream().map(Images::toChw).toList();
        long readDone = System.nanoTime();
        float[][] enc = encoder.encode(pixels);
        for (int i = 0; i < ids.size(); i++) {
            into.put(ids.get(i), enc[i]);
        }
        return String.format("images read in %d ms, encoded in %d ms", (readDone - start) / 1_000_000,
                (System.nanoTime() - readDone) / 1_000_000);
    }

    private static Map<String, Double> scoreMap(ScoresComputed s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Score score : s.getScores()) {
            m.put(score.getScorer(), score.getValue());
        }
        return m;
    }
}
