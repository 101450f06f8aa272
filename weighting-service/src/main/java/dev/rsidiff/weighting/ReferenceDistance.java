package dev.rsidiff.weighting;

import java.util.Arrays;

/**
 * d(s, D_0): how far a sample's encoding lies from the reference set D_0 (the base model's samples, encoded by the
 * engine's image encoder), and the calibration of beta from D_0 itself. Two forms:
 * <ul>
 *   <li>{@code neighbours = 0}: the mean Euclidean distance to every reference encoding, the paper's form. It
 *       hardly varies between samples (every sample is about as far from the whole set as any other), so Eq. 5
 *       then weights nearly everything alike;</li>
 *   <li>{@code neighbours = k}: the mean distance to the k nearest reference encodings, a density estimate: a
 *       sample in a region where G0 put many samples is close, one where G0 rarely went is far.</li>
 * </ul>
 * A sample is never its own reference: in the first round every candidate is also in D_0, and a reference encoding
 * identical to the sample's is left out (as D_0's own encodings are left out of their calibration).
 */
public final class ReferenceDistance {

    private final float[][] reference;
    private final int neighbours;
    private double[] leaveOneOut;

    /** The paper's form: mean distance to all of D_0. */
    public ReferenceDistance(float[][] reference) {
        this(reference, 0);
    }

    /** @param neighbours k of the k-nearest-neighbour form; 0 for the mean distance to all of D_0 */
    public ReferenceDistance(float[][] reference, int neighbours) {
        if (reference.length < 2) {
            throw new IllegalArgumentException("The reference set needs at least 2 encodings, got " + reference.length);
        }
        if (neighbours < 0) {
            throw new IllegalArgumentException("neighbours must be >= 0, got " + neighbours);
        }
        int dim = reference[0].length;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i].length != dim) {
                throw new IllegalArgumentException("Reference encoding " + i + " has " + reference[i].length
                        + " values, the first has " + dim);
            }
        }
        this.reference = reference;
        this.neighbours = neighbours;
    }

    /** d(s, D_0) of an encoding, leaving out a reference identical to it. */
    public double to(float[] encoding) {
        return distance(encoding, -1);
    }

    /** The leave-one-out distances of D_0's own encodings to the rest of D_0, sorted ascending. */
    public synchronized double[] leaveOneOut() {
        if (leaveOneOut == null) { // computed once: beta and sigma^2 are both calibrated from it
            double[] d = new double[reference.length];
            for (int i = 0; i < reference.length; i++) {
                d[i] = distance(reference[i], i);
            }
            Arrays.sort(d);
            leaveOneOut = d;
        }
        return leaveOneOut.clone();
    }

    /**
     * Beta calibrated from D_0: the {@code quantile} of the leave-one-out distances of the reference encodings to
     * the rest of D_0. With quantile 0.9, a sample as typical of G0 as 90% of G0's own samples keeps weight 1; the
     * paper's absolute beta = 35 is tied to SD's latent scale and means nothing for another encoder.
     */
    public double calibratedBeta(double quantile) {
        return quantile(leaveOneOut(), quantile);
    }

    /**
     * sigma^2 calibrated from D_0: a sample as far from D_0 as the {@code halfWeightQuantile} of D_0's own
     * leave-one-out distances gets weight 1/2, so {@code exp(-(q - beta) / sigma^2) = 1/2}. Like beta, the paper's
     * sigma^2 = 2 is tied to SD's latent scale; on another encoder a fixed value either weights everything alike or
     * drops everything past beta.
     *
     * @throws IllegalArgumentException when that quantile does not lie beyond beta (no spread to calibrate from)
     */
    public double calibratedSigma2(double beta, double halfWeightQuantile) {
        if (!canCalibrateSigma2(beta, halfWeightQuantile)) {
            throw new IllegalArgumentException("The " + halfWeightQuantile + " quantile of D_0's leave-one-out distances ("
                    + quantile(leaveOneOut(), halfWeightQuantile) + ") does not lie beyond beta (" + beta
                    + "); sigma^2 cannot be calibrated from it");
        }
        return (quantile(leaveOneOut(), halfWeightQuantile) - beta) / Math.log(2);
    }

    /** Whether D_0 spreads beyond {@code beta} at that quantile, so that {@link #calibratedSigma2} has a value. */
    public boolean canCalibrateSigma2(double beta, double halfWeightQuantile) {
        return quantile(leaveOneOut(), halfWeightQuantile) > beta;
    }

    /** The {@code quantile} (in (0, 1]) of ascending {@code sorted} values: the smallest value at or above it. */
    public static double quantile(double[] sorted, double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private double distance(float[] encoding, int skip) {
        if (encoding.length != reference[0].length) {
            throw new IllegalArgumentException("Encoding has " + encoding.length + " values, the reference set "
                    + reference[0].length);
        }
        double[] d = new double[reference.length];
        int n = 0;
        for (int i = 0; i < reference.length; i++) {
            if (i == skip) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < encoding.length; j++) {
                double diff = encoding[j] - reference[i][j];
                s += diff * diff;
            }
            if (skip < 0 && s == 0) {
                continue; // the sample itself
            }
            d[n++] = Math.sqrt(s);
        }
        if (n == 0) {
            throw new IllegalArgumentException("Every reference encoding is identical to the sample");
        }
        int k = neighbours == 0 ? n : Math.min(neighbours, n);
        if (k < n) {
            Arrays.sort(d, 0, n);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += d[i];
        }
        return sum / k;
    }
}
