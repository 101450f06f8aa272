package dev.rsidiff.prompt.pool;

import java.util.List;

/** Turns prompts into vectors for the diversity step. */
public interface PromptEmbedder {

    double[][] embed(List<String> prompts);
}
