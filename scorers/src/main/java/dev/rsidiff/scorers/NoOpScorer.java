package dev.rsidiff.scorers;

import java.util.List;

/**
 * A scorer that runs no model: an image's score is a hash of its pixels and prompt mapped into (0, 1), the same for
 * the same input. It exists, like the engine's no-op sampler, to measure what the pipeline costs per image around
 * the models ({@code rsi bench loop --no-op-model}); its scores say nothing about the image. Opened by name
 * ({@value #NAME}) but not among the {@linkplain ScorerRegistry#names() learned scorers} that evaluations report.
 */
public final class NoOpScorer implements ImageScorer {

    public static final String NAME = "noop";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return NAME;
    }

    /** Any size: the scorer never looks at the image as one. */
    @Override
    public int imageSize() {
        return 0;
    }

    @Override
    public double[] score(List<ScoringInput> inputs) {
        double[] out = new double[inputs.size()];
        for (int i = 0; i < out.length; i++) {
            ScoringInput in = inputs.get(i);
            long h = 0xcbf29ce484222325L ^ in.prompt().hashCode(); // FNV-1a over the pixels' bits
            for (float v : in.pixels()) {
                h = (h ^ Float.floatToIntBits(v)) * 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            out[i] = ((h >>> 11) + 0.5) / (1L << 53); // strictly inside (0, 1)
        }
        return out;
    }

    @Override
    public void close() {
    }
}
