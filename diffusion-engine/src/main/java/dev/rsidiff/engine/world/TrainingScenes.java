package dev.rsidiff.engine.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** Batches of rendered scenes with captions, for training; the same seed gives the same batches. */
public final class TrainingScenes {

    private final SceneSampler scenes;
    private final SceneRenderer renderer;
    private final SplittableRandom random;
    private final SceneCaptions captions;
    private final Predicate<Scene> admit;

    /** Every scene, captioned by the specificity mix. */
    public TrainingScenes(long seed, int imageSize) {
        this(seed, imageSize, SceneCaptions.specificityMix(), scene -> true);
    }

    /**
     * @param captions how scenes are captioned
     * @param admit    which scenes are drawn (others are skipped), e.g. no held-out combination
     */
    public TrainingScenes(long seed, int imageSize, SceneCaptions captions, Predicate<Scene> admit) {
        this.scenes = new SceneSampler(seed);
        this.renderer = new SceneRenderer(imageSize);
        this.random = new SplittableRandom(seed ^ 0xC0FFEE);
        this.captions = captions;
        this.admit = admit;
    }

    /**
     * A batch of images and captions.
     *
     * @param pixels   CHW floats, image after image
     * @param captions a caption per image
     * @param scenes   the ground truth per image
     */
    public record Batch(float[] pixels, List<String> captions, List<Scene> scenes) {
    }

    public Batch next(int count) {
        int s = renderer.size();
        float[] pixels = new float[count * 3 * s * s];
        List<String> captions = new ArrayList<>(count);
        List<Scene> truth = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Scene scene = scenes.next();
            while (!admit.test(scene)) {
                scene = scenes.next();
            }
            Images.toChw(renderer.render(scene), pixels, i * 3 * s * s);
            captions.add(this.captions.caption(scene, random));
            truth.add(scene);
        }
        return new Batch(pixels, captions, truth);
    }
}
