package dev.rsidiff.engine.world;

import java.util.SplittableRandom;

/** How training data captions its scenes. */
@FunctionalInterface
public interface SceneCaptions {

    String caption(Scene scene, SplittableRandom random);

    /** Every attribute of the scene, always right: ground truth, what the capacity check trains on. */
    static SceneCaptions full() {
        return (scene, random) -> Captioner.full(scene);
    }

    /** Captions of every specificity level, mostly full ones (the first G0's mix). */
    static SceneCaptions specificityMix() {
        double[] mix = {0.05, 0.08, 0.10, 0.12, 0.20, 0.45};
        return (scene, random) -> {
            double u = random.nextDouble();
            for (int i = 0; i < mix.length; i++) {
                u -= mix[i];
                if (u < 0) {
                    return Captioner.caption(scene, Specificity.values()[i], random);
                }
            }
            return Captioner.full(scene);
        };
    }
}
