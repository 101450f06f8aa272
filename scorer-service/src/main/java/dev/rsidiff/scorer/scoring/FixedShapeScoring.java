package dev.rsidiff.scorer.scoring;

import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScoringInput;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores in passes of exactly {@code batch} inputs, the last pass padded with copies of its last input, so that an
 * input's score does not depend on how many others it was scored with (libtorch picks its kernels by shape, and
 * their results differ in the last bits).
 */
final class FixedShapeScoring {

    private FixedShapeScoring() {
    }

    static double[] score(ImageScorer scorer, List<ScoringInput> inputs, int batch) {
        double[] out = new double[inputs.size()];
        for (int from = 0; from < inputs.size(); from += batch) {
            int n = Math.min(batch, inputs.size() - from);
            List<ScoringInput> pass = new ArrayList<>(inputs.subList(from, from + n));
            while (pass.size() < batch) {
                pass.add(pass.get(n - 1));
            }
            double[] values;
            synchronized (scorer) { // one model, used by every listener thread of the service
                values = scorer.score(pass);
            }
            System.arraycopy(values, 0, out, from, n);
        }
        return out;
    }
}
