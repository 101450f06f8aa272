package dev.rsidiff.evaluator.metrics;

/**
 * Fidelity figures that stay on a fixed scale however large the raw features are: each feature is first
 * standardised by the reference set's own mean and standard deviation, so no single large-valued feature dominates
 * (the raw Frechet distance grows with the features' scale, which fine-tuning can inflate without the images looking
 * any different).
 * <ul>
 *   <li>{@link #kid}: the kernel inception distance (Binkowski et al. 2018), the unbiased squared MMD with the cubic
 *   polynomial kernel k(x, y) = (x.y / d + 1)^3. Unbiased, so it is about 0 for two samples of one distribution
 *   (slightly negative values happen) and needs no Gaussian assumption.</li>
 *   <li>{@link #standardisedFrechet}: the Frechet distance of the standardised features.</li>
 * </ul>
 */
public final class KernelDistance {

    private KernelDistance() {
    }

    /** KID between generated features {@code a} and reference features {@code b}, standardised by {@code b}. */
    public static double kid(float[][] a, float[][] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("KID needs at least 2 samples per set, got " + a.length + " and " + b.length);
        }
        double[][] ref = standardise(b, b);
        double[][] gen = standardise(a, b);
        int d = ref[0].length;
        double xx = 0;
        for (int i = 0; i < gen.length; i++) {
            for (int j = 0; j < gen.length; j++) {
                if (i != j) {
                    xx += kernel(gen[i], gen[j], d);
                }
            }
        }
        double yy = 0;
        for (int i = 0; i < ref.length; i++) {
            for (int j = 0; j < ref.length; j++) {
                if (i != j) {
                    yy += kernel(ref[i], ref[j], d);
                }
            }
        }
        double xy = 0;
        for (double[] x : gen) {
            for (double[] y : ref) {
                xy += kernel(x, y, d);
            }
        }
        int m = gen.length;
        int n = ref.length;
        return xx / ((double) m * (m - 1)) + yy / ((double) n * (n - 1)) - 2 * xy / ((double) m * n);
    }

    /** The Frechet distance after standardising both sets by the reference set {@code b}. */
    public static double standardisedFrechet(float[][] a, float[][] b) {
        return FrechetDistance.between(toFloat(standardise(a, b)), toFloat(standardise(b, b)));
    }

    private static double kernel(double[] x, double[] y, int d) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
            dot += x[k] * y[k];
        }
        double v = dot / d + 1;
        return v * v * v;
    }

    /** {@code x} with each feature centred and scaled by the mean and standard deviation it has in {@code ref}. */
    static double[][] standardise(float[][] x, float[][] ref) {
        int d = ref[0].length;
        double[] mu = FrechetDistance.mean(ref);
        double[] variance = new double[d];
        for (float[] row : ref) {
            for (int k = 0; k < d; k++) {
                variance[k] += (row[k] - mu[k]) * (row[k] - mu[k]) / (ref.length - 1.0);
            }
        }
        double[] sd = new double[d];
        for (int k = 0; k < d; k++) {
            sd[k] = Math.sqrt(variance[k]);
        }
        double[][] out = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < d; k++) {
                // A feature constant over the reference carries no scale: centred only.
                out[i][k] = sd[k] > 1e-8 ? (x[i][k] - mu[k]) / sd[k] : x[i][k] - mu[k];
            }
        }
        return out;
    }

    private static float[][] toFloat(double[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int k = 0; k < x[i].length; k++) {
                out[i][k] = (float) x[i][k];
            }
        }
        return out;
    }
}
