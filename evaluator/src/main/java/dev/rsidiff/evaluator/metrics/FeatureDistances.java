package dev.rsidiff.evaluator.metrics;

/** Euclidean distances between feature vectors. */
public final class FeatureDistances {

    private FeatureDistances() {
    }

    public static double euclidean(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** Mean distance over all pairs of a group (0 for fewer than two). */
    public static double meanPairwise(float[][] group) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < group.length; i++) {
            for (int j = i + 1; j < group.length; j++) {
                sum += euclidean(group[i], group[j]);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
