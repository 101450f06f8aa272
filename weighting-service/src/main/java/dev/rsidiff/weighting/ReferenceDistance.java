package dev.rsidiff.weighting;

/**
 * d(s, D_0): the mean Euclidean distance from a sample's encoding to the encodings of the reference set D_0 (the
 * base model's samples, encoded by the engine's image encoder), and the calibration of beta from D_0 itself.
 */
public final class ReferenceDistance {

    private final float[][] reference;

    public ReferenceDistance(float[][] reference) {
        if (reference.length < 2) {
            throw new IllegalArgumentException("The reference set needs at least 2 encodings, got " + reference.length);
        }
        int dim = reference[0].length;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i].length != dim) {
                throw new IllegalArgumentException("Reference encoding " + i + " has " + reference[i].length
                        + " values, the first has " + dim);
            }
        }
        this.reference = reference;
    }

    /** Mean distance from {@code encoding} to every reference encoding. */
    public double to(float[] encoding) {
        return meanDistance(encoding, -1);
    }

    /**
     * Beta calibrated from D_0: the {@code quantile} of the leave-one-out distances of the reference encodings to
     * the rest of D_0. With quantile 0.9, a sample as typical of G0 as 90% of G0's own samples keeps weight 1; the
     * paper's absolute beta = 35 is tied to SD's latent scale and means nothing for another encoder.
     */
    public double calibratedBeta(double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        }
        double[] d = new double[reference.length];
        for (int i = 0; i < reference.length; i++) {
            d[i] = meanDistance(reference[i], i);
        }
        java.util.Arrays.sort(d);
        int index = (int) Math.ceil(quantile * d.length) - 1;
        return d[Math.max(0, index)];
    }

    private double meanDistance(float[] encoding, int skip) {
        if (encoding.length != reference[0].length) {
            throw new IllegalArgumentException("Encoding has " + encoding.length + " values, the reference set "
                    + reference[0].length);
        }
        double sum = 0;
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
            sum += Math.sqrt(s);
            n++;
        }
        return sum / n;
    }
}
