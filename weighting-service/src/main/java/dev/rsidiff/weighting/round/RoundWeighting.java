package dev.rsidiff.weighting.round;

import dev.rsidiff.blob.BlobIntegrityException;
import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.weighting.DistributionWeight;
import dev.rsidiff.weighting.ReferenceDistance;
import dev.rsidiff.weighting.selection.PreferenceSelection;
import dev.rsidiff.weighting.selection.ScoredSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The weighting service's work. Scores are collected per round in the object store (so a restart loses nothing
 * and a redelivered score counts once); when a round has all the images its events say to expect, the top K are
 * selected, each gets its distance to D_0 and its Eq. 5 weight, the decision is stored as the round's manifest,
 * and one event per selected sample is published, once: a score redelivered or arriving late after the round's
 * weights were announced changes nothing. A manifest stored before a crash is announced, not recomputed.
 */
public final class RoundWeighting {

    private static final Logger LOG = LoggerFactory.getLogger(RoundWeighting.class);
    static final String MANIFEST = "weights.json";
    /** Quantile of D_0's own leave-one-out distances used as beta when the run does not set one. */
    static final double BETA_QUANTILE = 0.9;

    private final BlobStore blobs;
    private final RunConfigStore configs;
    private final RoundItems<ScoresComputed> scores;
    private final ReferenceSet references;
    private final ImageEncoder encoder;
    private final Consumer<WeightsAssigned> publish;
    private final EventMetas metas;
    private final Announcements announcements;

    public RoundWeighting(BlobStore blobs, RunConfigStore configs, ImageEncoder encoder,
                          Consumer<WeightsAssigned> publish, EventMetas metas) {
        this.blobs = blobs;
        this.configs = configs;
        this.scores = new RoundItems<>(blobs, "scores", ScoresComputed.class);
        this.references = new ReferenceSet(blobs);
        this.encoder = encoder;
        this.publish = publish;
        this.metas = metas;
        this.announcements = new Announcements(blobs, "weighting");
    }

    /** Collects one image's scores; completes the round when they are all in. */
    public synchronized void accept(ScoresComputed event) {
        String runId = event.getMeta().getRunId();
        int round = event.getMeta().getRound();
        if (scores.collect(runId, round, event.getImageId(), event) >= event.getExpectedImages()) {
            announcements.once(runId, round, "weights", () -> complete(runId, round, event.getExpectedImages()));
        }
    }

    /** Partitions were assigned: rounds are counted from the object store again, never from this process's memory. */
    public synchronized void partitionsAssigned() {
        scores.forgetCounts();
    }

    private void complete(String runId, int round, int expected) {
        BlobKey manifestKey = BlobKeys.roundManifest(runId, round, MANIFEST);
        WeightManifest manifest = blobs.readIfExists(manifestKey).map(f -> Manifests.fromJson(f.bytes(), WeightManifest.class, "weight manifest " + manifestKey.value())).orElse(null);
        if (manifest == null) {
            manifest = decide(runId, round, expected);
            blobs.put(manifestKey, Manifests.toJson(manifest), "application/json");
        }
        for (WeightManifest.Selected s : manifest.selected()) {
            publish.accept(WeightsAssigned.newBuilder()
                    .setMeta(metas.next(runId, round))
                    .setImageId(s.imageId())
                    .setPromptId(s.promptId())
                    .setPromptText(s.promptText())
                    .setImage(BlobRef.newBuilder().setKey(s.imageKey()).setSha256(s.imageSha())
                            .setSizeBytes(s.imageSize()).build())
                    .setDistance(s.distance())
                    .setWeight(s.weight())
                    .setBeta(manifest.beta())
                    .setSigma2(manifest.sigma2())
                    .setSelectionRank(s.rank())
                    .setSelectedCount(manifest.selected().size())
                    .setCheckpointId(manifest.checkpointId())
                    .build());
        }
    }

    private WeightManifest decide(String runId, int round, int expected) {
        RunConfig config = configs.load(runId);
        Map<String, ScoresComputed> pool = new TreeMap<>();
        for (ScoresComputed s : scores.all(runId, round)) {
            pool.put(s.getImageId(), s);
        }
        if (pool.size() < expected) {
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
            encodeVerified(runId, round, pool.values(), encodings, refused);
            float[][] enc = pool.keySet().stream().filter(encodings::containsKey).map(encodings::get)
                    .toArray(float[][]::new);
            references.save(runId, enc);
            LOG.info("Run {}: reference set D_0 of {} encodings from round {}", runId, enc.length, round);
            return enc;
        });
        ReferenceDistance distance = new ReferenceDistance(d0);
        double beta;
        String betaSource;
        if (config.getBeta() != null) {
            beta = config.getBeta();
            betaSource = "configured";
        } else {
            beta = distance.calibratedBeta(BETA_QUANTILE);
            betaSource = "calibrated from D_0 (" + BETA_QUANTILE + " quantile of leave-one-out distances, n="
                    + d0.length + ")";
        }
        List<ScoredSample> candidates = pool.values().stream().map(s -> new ScoredSample(s.getImageId(), scoreMap(s))).toList();
        List<ScoredSample> chosen = PreferenceSelection.select(candidates, config.getTopK(), config.getSelectionRule(),
                RoundIds.stageSeed(config.getSeed(), round, "selection"));
        encodeVerified(runId, round, chosen.stream().map(c -> pool.get(c.imageId()))
                .filter(x -> !encodings.containsKey(x.getImageId()) && !refused.contains(x.getImageId())).toList(),
                encodings, refused);
        List<WeightManifest.Selected> selected = new ArrayList<>();
        for (ScoredSample c : chosen) {
            float[] enc = encodings.get(c.imageId());
            if (enc == null) {
                continue; // refused: never trained on
            }
            ScoresComputed s = pool.get(c.imageId());
            double d = distance.to(enc);
            double w = config.getDistributionWeighting() ? DistributionWeight.of(d, beta, config.getSigma2()) : 1.0;
            selected.add(new WeightManifest.Selected(s.getImageId(), s.getPromptId(), s.getPromptText(),
                    s.getImage().getKey(), s.getImage().getSha256(), s.getImage().getSizeBytes(), selected.size() + 1,
                    d, w, scoreMap(s)));
        }
        LOG.info("Run {} round {}: {} of {} selected by {}, beta {} ({}), mean weight {}", runId, round,
                selected.size(), pool.size(), config.getSelectionRule(), beta, betaSource,
                selected.stream().mapToDouble(WeightManifest.Selected::weight).average().orElse(0));
        return new WeightManifest(runId, round, pool.values().iterator().next().getCheckpointId(), pool.size(),
                config.getTopK(), config.getSelectionRule().name(), config.getDistributionWeighting(), beta,
                betaSource, config.getSigma2(), selected, List.copyOf(refused));
    }

    /**
     * Reads each image, verifying its hash, and encodes those that verify in one batch into {@code into}; an image
     * whose bytes do not match is refused (logged and listed in the manifest), never encoded or trained on.
     */
    private void encodeVerified(String runId, int round, Collection<ScoresComputed> images,
                                Map<String, float[]> into, Set<String> refused) {
        List<String> ids = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        for (ScoresComputed s : images) {
            try {
                pixels.add(Images.toChw(Images.fromPng(blobs.read(StoredBlob.of(s.getImage())))));
                ids.add(s.getImageId());
            } catch (BlobIntegrityException e) {
                LOG.error("Run {} round {}: image {} refused, never trained on: {}", runId, round, s.getImageId(),
                        e.getMessage());
                refused.add(s.getImageId());
            }
        }
        float[][] enc = encoder.encode(pixels);
        for (int i = 0; i < ids.size(); i++) {
            into.put(ids.get(i), enc[i]);
        }
    }

    private static Map<String, Double> scoreMap(ScoresComputed s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Score score : s.getScores()) {
            m.put(score.getScorer(), score.getValue());
        }
        return m;
    }
}
