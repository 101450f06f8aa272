package dev.rsidiff.scorers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * The aesthetic-predictor role: a regressor of image quality that ignores the prompt, trained to rank clean images
 * above degraded ones (blur, noise, over-saturation, colour shift, smears, missing objects, repeated
 * high-frequency patterns), for renders and for the base model's own samples.
 */
public final class AestheticModel extends ScorerModel {

    public static final String NAME = "aesthetic";

    private final ImageTower image;

    public AestheticModel() {
        super(NAME, 202);
        image = new ImageTower(params.child("image"), 1);
    }

    @Override
    public NDArray scores(NDManager m, NDArray images, List<String> prompts) {
        return image.forward(images).reshape(-1);
    }
}
