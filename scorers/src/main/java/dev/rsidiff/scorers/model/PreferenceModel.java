package dev.rsidiff.scorers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.text.PooledTextEncoder;

import java.util.List;

/**
 * The HPS / ImageReward role: a Bradley-Terry reward model r(image, prompt), trained on pairs where the preferred
 * image is faithful to the prompt and clean and the other is mismatched or degraded.
 */
public final class PreferenceModel extends ScorerModel {

    public static final String NAME = "preference";
    private static final int DIM = 64;

    private final ImageTower image;
    private final PooledTextEncoder text;
    private final LinearLayer hidden;
    private final LinearLayer out;

    public PreferenceModel() {
        super(NAME, 303);
        image = new ImageTower(params.child("image"), DIM);
        text = TextTower.create(params.child("text"), DIM);
        hidden = new LinearLayer(params.child("hidden"), 3 * DIM, DIM, 1.0);
        out = new LinearLayer(params.child("out"), DIM, 1, 1.0);
    }

    @Override
    public NDArray scores(NDManager m, NDArray images, List<String> prompts) {
        NDArray i = image.forward(images);
        NDArray t = text.encode(m, prompts);
        NDArray joint = i.concat(t, 1).concat(i.mul(t), 1);
        return out.forward(Ops.silu(hidden.forward(joint))).reshape(-1);
    }
}
