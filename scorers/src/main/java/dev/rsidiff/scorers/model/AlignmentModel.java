package dev.rsidiff.scorers.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.rsidiff.engine.text.PooledTextEncoder;

import java.util.List;

/**
 * The CLIP role: a dual encoder trained contrastively on renders and their captions. Score = cosine similarity of
 * the image and text embeddings.
 */
public final class AlignmentModel extends ScorerModel {

    public static final String NAME = "alignment";
    public static final int DIM = 64;

    private final ImageTower image;
    private final PooledTextEncoder text;

    public AlignmentModel() {
        super(NAME, 101);
        image = new ImageTower(params.child("image"), DIM);
        text = TextTower.create(params.child("text"), DIM);
    }

    public NDArray imageEmbeddings(NDArray images) {
        return normalise(image.forward(images));
    }

    public NDArray textEmbeddings(NDManager m, List<String> prompts) {
        return normalise(text.encode(m, prompts));
    }

    @Override
    public NDArray scores(NDManager m, NDArray images, List<String> prompts) {
        return imageEmbeddings(images).mul(textEmbeddings(m, prompts)).sum(new int[]{1});
    }

    private static NDArray normalise(NDArray x) {
        return x.div(x.square().sum(new int[]{1}, true).add(1e-8f).sqrt());
    }
}
