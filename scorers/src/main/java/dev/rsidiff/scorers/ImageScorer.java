package dev.rsidiff.scorers;

import java.util.List;

/**
 * An automatic judge of generated images, higher is better. The embedded default has three (alignment, aesthetic,
 * preference); a real CLIP, HPS v2.1 or ImageReward model implements the same interface.
 */
public interface ImageScorer extends AutoCloseable {

    /** Registry name, e.g. "alignment". */
    String name();

    /** Version of the weights (start of their SHA-256), recorded with every score. */
    String version();

    /** Side of the square images this scorer takes. */
    int imageSize();

    /** One score per input, in order. Rejects inputs of the wrong size with an IllegalArgumentException. */
    double[] score(List<ScoringInput> inputs);

    @Override
    void close();
}
