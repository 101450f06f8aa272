package dev.rsidiff.engine.text;

import ai.djl.ndarray.NDManager;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.nn.Params;

import java.util.List;

/** The text stage of a diffusion model: prompts in, what the denoiser is conditioned on out. */
public interface PromptEncoder {

    /** The text encoder of an architecture: the transformer for cross-attention, the pooled MLP for FiLM only. */
    static PromptEncoder of(Params p, ModelConfig config) {
        return config.crossAttention() ? new TextEncoder(p, config) : new PooledTextEncoder(p, config);
    }

    Tokenizer tokenizer();

    /** Encodes prompts; every array is created in {@code m}. */
    TextConditioning condition(NDManager m, List<String> prompts);
}
