package dev.rsidiff.engine.world;

import java.util.Optional;

/**
 * A prompt of the world's corpus with its ground truth.
 *
 * @param text  the prompt
 * @param kind  what kind of prompt it is
 * @param scene the scene a GOOD (or STYLE_NOISE / MISSPELLED) prompt was written from, if any
 */
public record CorpusPrompt(String text, PromptKind kind, Optional<Scene> scene) {
}
