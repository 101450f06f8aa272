package dev.rsidiff.engine.text;

import ai.djl.ndarray.NDManager;

import java.util.List;

/** The text stage of a diffusion model: prompts in, what the denoiser is conditioned on out. */
public interface PromptEncoder {

    Tokenizer tokenizer();

    /** Encodes prompts; every array is created in {@code m}. */
    TextConditioning condition(NDManager m, List<String> prompts);
}
