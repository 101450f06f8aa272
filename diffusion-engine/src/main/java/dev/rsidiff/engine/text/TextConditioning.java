package dev.rsidiff.engine.text;

import ai.djl.ndarray.NDArray;

/**
 * What the text encoder hands the denoiser, as Stable Diffusion's CLIP encoder does: one vector per token for
 * cross-attention, the key bias that hides padding from it, and a pooled vector per prompt (for the FiLM path,
 * alongside the timestep, and for prompt embeddings).
 *
 * @param tokens  (B, L, textDim); null for a FiLM-only model
 * @param keyBias (B, 1, 1, L): 0 for real tokens, a large negative number for padding; null with {@code tokens}
 * @param pooled  (B, condDim)
 */
public record TextConditioning(NDArray tokens, NDArray keyBias, NDArray pooled) {

    public long batchSize() {
        return pooled.getShape().get(0);
    }
}
