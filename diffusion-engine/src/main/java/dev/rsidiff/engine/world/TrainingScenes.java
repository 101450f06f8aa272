package dev.rsidiff.engine.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Batches of rendered scenes with captions, for pretraining; the same seed gives the same batches. */
public final class TrainingScenes {

    /** Caption specificity mix: mostly full captions, some less specific so vaguer prompts work too. */
    private static final double[] MIX = {0.05, 0.08, 0.10, 0.12, 0.20, 0.45};

    private final SceneSampler scenes;
    private final SceneRenderer renderer;
    private final SplittableRandom random;

    public TrainingScenes(long seed, int imageSize) {
        this.scenes = new SceneSampler(seed);
        this.renderer = new SceneRenderer(imageSize);
        this.random = new SplittableRandom(seed ^ 0xC0FFEE);
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
            Images.toChw(renderer.render(scene), pixels, i * 3 * s * s);
            captions.add(Captioner.caption(scene, specificity(), random));
            truth.add(scene);
        }
        return new Batch(pixels, captions, truth);
    }

    private Specificity specificity() {
        double u = random.nextDouble();
        for (int i = 0; i < MIX.length; i++) {
            u -= MIX[i];
            if (u < 0) {
                return Specificity.values()[i];
            }
        }
        return Specificity.FULL;
    }
}
