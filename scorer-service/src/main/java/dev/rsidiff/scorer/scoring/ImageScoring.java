package dev.rsidiff.scorer.scoring;

import dev.rsidiff.blob.BlobReader;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.listen.BatchTasks;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.StoredImages;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import dev.rsidiff.scorers.ScoringInput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The scorer's work, a batch of images at a time: fetch each image (refused if its bytes do not hash to what its
 * event says), score the batch with every scorer the run names, and announce each image's scores once, however
 * often its event is delivered. Scorer models are opened once and kept.
 *
 * <p>Why batches: per image, the work is a few milliseconds of scoring and several round trips to the object store
 * and the broker (is it announced, the image, the announcement's intent and record, the send's acknowledgement).
 * Alone, the scorers make about 190 images/s at batch 1 and 690 at batch 16 on 2 cores; in the loop, the round
 * trips dominated. So a batch's images are checked and announced together, with one intent and one record for
 * each round among them ({@link Announcements#onceEach}); its fetches run side by side ({@link BatchTasks#IN_FLIGHT}
 * at once), and its images are scored together.
 */
public final class ImageScoring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageScoring.class);

    /** The stage's name among announcements. */
    public static final String STAGE = "scoring";
    /**
     * Images per scorer pass, always this many (a short batch is padded with its last image): libtorch's result for
     * an image depends on the batch's shape in the last bits (measured: 0.36694151 alone, 0.36694154 in a batch of
     * 16), and a redelivered image must get the scores it got before, whatever it arrives with.
     */
    public static final int SCORING_BATCH = 16;

    private final BlobStore blobs;
    private final RunConfigStore configs;
    private final EventMetas metas;
    private final Consumer<ScoresComputed> publish;
    private final Announcements announcements;
    private final Map<String, ImageScorer> scorers = new ConcurrentHashMap<>();
    private final BatchTasks io = new BatchTasks("scoring-io");

    public ImageScoring(BlobStore blobs, RunConfigStore configs, EventMetas metas, Consumer<ScoresComputed> publish) {
        this(blobs, configs, metas, publish, new Announcements(blobs, STAGE));
    }

    /** @param announcements this stage's announcements, whose {@link Announcements#sender} {@code publish} uses */
    public ImageScoring(BlobStore blobs, RunConfigStore configs, EventMetas metas, Consumer<ScoresComputed> publish,
                        Announcements announcements) {
        this.blobs = blobs;
        this.configs = configs;
        this.metas = metas;
        this.publish = publish;
        this.announcements = announcements;
    }

    /**
     * Scores and announces every image of the batch that was not announced before (an image redelivered, or twice
     * in one batch, is announced once).
     *
     * @return the images that cannot be scored, with the reason (they go to the dead-letter topic)
     * @throws RuntimeException a failure that is not the record's fault (the store or the broker): the batch is
     *                          retried, and what was announced before the failure is not announced again
     */
    public Map<ImageGenerated, RuntimeException> accept(List<ImageGenerated> events) {
        Set<String> seen = new HashSet<>();
        List<ImageGenerated> distinct = events.stream().filter(e -> seen.add(outputKey(e))).toList();
        Map<ImageGenerated, RuntimeException> rejected = new LinkedHashMap<>();
        long start = System.nanoTime();
        List<ImageGenerated> fresh = new ArrayList<>();
        byRound(distinct).forEach((rr, images) -> {
            Set<String> announced = announcements.announcedAmong(rr.runId(), rr.round(),
                    images.stream().map(ImageGenerated::getImageId).toList());
            images.stream().filter(e -> !announced.contains(e.getImageId())).forEach(fresh::add);
        });
        long checked = System.nanoTime();
        BlobReader shards = StoredImages.readerFor(blobs, fresh.stream().map(ImageGenerated::getImage).toList());
        Map<ImageGenerated, ScoringInput> inputs = io.each(fresh,
                e -> ScoringInput.of(StoredImages.read(shards, e.getImage()), e.getPromptText()), rejected);
        long read = System.nanoTime();
        Map<ImageGenerated, ScoresComputed> scored = score(inputs);
        long scoredAt = System.nanoTime();
        byRound(List.copyOf(scored.keySet())).forEach((rr, images) -> {
            Map<String, ScoresComputed> byImage = new LinkedHashMap<>();
            images.forEach(e -> byImage.put(e.getImageId(), scored.get(e)));
            announcements.onceEach(rr.runId(), rr.round(), List.copyOf(byImage.keySet()),
                    imageId -> publish.accept(byImage.get(imageId)));
        });
        long end = System.nanoTime();
        if (!fresh.isEmpty()) {
            // Where a batch's time goes, for `rsi bench loop` and for whoever sizes the store and the broker
            LOG.info("Scored {} of {} images in {} ms: announcements checked in {} ms, images read in {} ms, scored in"
                            + " {} ms, announced in {} ms", scored.size(), events.size(), ms(end - start),
                    ms(checked - start), ms(read - checked), ms(scoredAt - read), ms(end - scoredAt));
        }
        return rejected;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** A batch's images by the run and round they belong to (announcements are kept per round). */
    private static Map<RunRound, List<ImageGenerated>> byRound(List<ImageGenerated> images) {
        Map<RunRound, List<ImageGenerated>> out = new LinkedHashMap<>();
        images.forEach(e -> out.computeIfAbsent(new RunRound(e.getMeta().getRunId(), e.getMeta().getRound()),
                k -> new ArrayList<>()).add(e));
        return out;
    }

    private record RunRound(String runId, int round) {
    }

    private static String outputKey(ImageGenerated e) {
        return e.getMeta().getRunId() + "|" + e.getMeta().getRound() + "|" + e.getImageId();
    }

    /**
     * Every scorer of each image's run, over the batch's images of that run, in passes of {@link #SCORING_BATCH}.
     *
     * @param inputs the images to score, in the batch's order
     */
    private Map<ImageGenerated, ScoresComputed> score(Map<ImageGenerated, ScoringInput> inputs) {
        Map<String, List<ImageGenerated>> byRun = new LinkedHashMap<>();
        inputs.keySet().forEach(e -> byRun.computeIfAbsent(e.getMeta().getRunId(), k -> new ArrayList<>()).add(e));
        Map<ImageGenerated, ScoresComputed> out = new LinkedHashMap<>();
        byRun.forEach((runId, runImages) -> {
            List<ScoringInput> runInputs = runImages.stream().map(inputs::get).toList();
            Map<ImageGenerated, List<Score>> scores = new LinkedHashMap<>();
            runImages.forEach(e -> scores.put(e, new ArrayList<>()));
            for (String name : configs.load(runId).getScorers()) {
                ImageScorer scorer = scorers.computeIfAbsent(name, ScorerRegistry::open);
                double[] values = FixedShapeScoring.score(scorer, runInputs, SCORING_BATCH);
                for (int i = 0; i < runImages.size(); i++) {
                    if (!Double.isFinite(values[i])) {
                        // the model's fault on this image, not the record's: retried like any other such failure
                        throw new IllegalStateException("Scorer " + name + " gave " + values[i] + " for image "
                                + runImages.get(i).getImageId());
                    }
                    scores.get(runImages.get(i)).add(new Score(scorer.name(), scorer.version(), values[i]));
                }
            }
            scores.forEach((event, list) -> out.put(event, describe(event, list)));
        });
        return out;
    }

    private ScoresComputed describe(ImageGenerated event, List<Score> scores) {
        return ScoresComputed.newBuilder()
                .setMeta(metas.next(event.getMeta().getRunId(), event.getMeta().getRound()))
                .setImageId(event.getImageId())
                .setPromptId(event.getPromptId())
                .setPromptText(event.getPromptText())
                .setImage(event.getImage())
                .setCheckpointId(event.getCheckpointId())
                .setScores(scores)
                .setExpectedImages(event.getExpectedImages())
                .setSeed(event.getSeed())
                .build();
    }

    @Override
    public void close() {
        io.close();
        scorers.values().forEach(ImageScorer::close);
        scorers.clear();
    }
}
