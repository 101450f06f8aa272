package dev.rsidiff.evaluator;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/** Confidence intervals of the evaluator's accuracies. */
public final class Intervals {

    private Intervals() {
    }

    /**
     * The 95% Wilson score interval of {@code right} successes in {@code total} trials, as {low, high}. Widened to
     * contain the observed share itself, which Commons Math's floating point misses by 1e-16 at 0 and 1.
     */
    public static double[] wilson95(int right, int total) {
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(total, right, 0.95);
        double share = (double) right / total;
        return new double[]{Math.min(ci.getLowerBound(), share), Math.max(ci.getUpperBound(), share)};
    }
}
