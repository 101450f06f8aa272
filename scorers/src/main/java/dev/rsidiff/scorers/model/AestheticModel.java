package dev.rsidiff.scorers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * The aesthetic-predictor role: image quality, prompt ignored. The score is a probability in (0, 1) that the image
 * looks like a clean image of the world rather than a degraded one (blur, noise, over-saturation, colour shift,
 * smears, missing objects, repeated high-frequency patterns): bounded, so selection cannot chase it upwards without
 * end, and calibrated by a logistic loss next to the pairwise ranking loss. Trained on renders and on the base
 * model's own samples.
 */
public final class AestheticModel extends ScorerModel {

    public static final String NAME = "aesthetic";

    private final ImageTower image;

    public AestheticModel() {
        super(NAME, 202);
        image = new ImageTower(params.child("image"), 1);
    }

    /** The log-odds that each image is clean. */
    public NDArray logits(NDArray images) {
        return image.forward(images).reshape(-1);
    }

    @Override
    public NDArray scores(NDManager m, NDArray images, List<String> prompts) {
        return ai.djl.nn.Activation.sigmoid(logits(images));
    }
}
