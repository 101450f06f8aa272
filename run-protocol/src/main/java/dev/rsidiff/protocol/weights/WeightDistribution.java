package dev.rsidiff.protocol.weights;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * How a round's Eq. 5 weights are spread: whether distribution weighting acts at all shows here (all at 1 means it
 * does nothing). Recorded in the weight manifest and the study report.
 *
 * @param count       selected samples
 * @param min         smallest weight
 * @param p10         10th percentile
 * @param median      median
 * @param max         largest weight
 * @param mean        mean weight
 * @param belowOne    share of samples whose weight is below 1 (down-weighted as atypical of D_0)
 */
public record WeightDistribution(int count, double min, double p10, double median, double max, double mean,
                                 double belowOne) {

    public static WeightDistribution of(double[] weights) {
        if (weights.length == 0) {
            return new WeightDistribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        DescriptiveStatistics s = new DescriptiveStatistics(weights);
        long below = java.util.Arrays.stream(weights).filter(w -> w < 1).count();
        return new WeightDistribution(weights.length, s.getMin(), s.getPercentile(10), s.getPercentile(50), s.getMax(),
                s.getMean(), (double) below / weights.length);
    }
}
