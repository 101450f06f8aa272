package dev.rsidiff.evaluator;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/** Confidence intervals of the evaluator's accuracies and of repeated measurements. */
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

    /**
     * The mean of repeated measurements and its 95% interval from Student's t distribution, as {mean, low, high}:
     * for a handful of benchmark runs, whose spread is what the interval is made of.
     *
     * @param values at least two measurements
     */
    public static double[] meanT95(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("A t-interval needs at least two values, got " + values.length);
        }
        SummaryStatistics stats = new SummaryStatistics();
        for (double v : values) {
            stats.addValue(v);
        }
        double t = new TDistribution(values.length - 1).inverseCumulativeProbability(0.975);
        double half = t * stats.getStandardDeviation() / Math.sqrt(values.length);
        return new double[]{stats.getMean(), stats.getMean() - half, stats.getMean() + half};
    }
}
