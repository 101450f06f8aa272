package dev.rsidiff.scorer.scoring;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.StoredImages;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import dev.rsidiff.scorers.ScoringInput;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scorer's work: fetch an image (refused if its bytes do not hash to what its event says), score it with every
 * scorer the run names, and describe the result. Scorer models are opened once and kept.
 */
public final class ImageScoring implements AutoCloseable {

    /** The stage's name among announcements. */
    public static final String STAGE = "scoring";

    private final BlobStore blobs;
    private final RunConfigStore configs;
    private final EventMetas metas;
    private final Consumer<ScoresComputed> publish;
    private final Announcements announcements;
    private final Map<String, ImageScorer> scorers = new ConcurrentHashMap<>();

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

    /** Scores the image and announces its scores, once however often its event is delivered. */
    public void accept(ImageGenerated event) {
        announcements.once(event.getMeta().getRunId(), event.getMeta().getRound(), event.getImageId(),
                () -> publish.accept(score(event)));
    }

    ScoresComputed score(ImageGenerated event) {
        List<String> names = configs.load(event.getMeta().getRunId()).getScorers();
        BufferedImage image = StoredImages.read(blobs, event.getImage());
        ScoringInput input = ScoringInput.of(image, event.getPromptText());
        List<Score> scores = new ArrayList<>();
        for (String name : names) {
            ImageScorer scorer = scorers.computeIfAbsent(name, ScorerRegistry::open);
            double value;
            synchronized (scorer) {
                value = scorer.score(List.of(input))[0];
            }
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("Scorer " + name + " gave " + value + " for image " + event.getImageId());
            }
            scores.add(new Score(scorer.name(), scorer.version(), value));
        }
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
        scorers.values().forEach(ImageScorer::close);
        scorers.clear();
    }
}
