package dev.rsidiff.evaluator.metrics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * Frechet distance between two Gaussians fitted to feature sets (the FID formula):
 * |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2). The matrix square roots come from symmetric eigen
 * decompositions (Commons Math), which stay real where the general (S1 S2)^1/2 would not.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    public static double between(float[][] a, float[][] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("Frechet distance needs at least 2 samples per set, got " + a.length
                    + " and " + b.length);
        }
        int d = a[0].length;
        double[] muA = mean(a);
        double[] muB = mean(b);
        RealMatrix covA = new Covariance(toDouble(a)).getCovarianceMatrix();
        RealMatrix covB = new Covariance(toDouble(b)).getCovarianceMatrix();
        RealMatrix sqrtA = sqrtSymmetric(covA);
        RealMatrix inner = sqrtSymmetric(sqrtA.multiply(covB).multiply(sqrtA));
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            meanTerm += (muA[i] - muB[i]) * (muA[i] - muB[i]);
        }
        return Math.max(0, meanTerm + covA.getTrace() + covB.getTrace() - 2 * inner.getTrace());
    }

    static double[] mean(float[][] x) {
        double[] mu = new double[x[0].length];
        for (float[] row : x) {
            for (int j = 0; j < mu.length; j++) {
                mu[j] += row[j] / (double) x.length;
            }
        }
        return mu;
    }

    private static double[][] toDouble(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j];
            }
        }
        return out;
    }

    private static RealMatrix sqrtSymmetric(RealMatrix m) {
        RealMatrix sym = m.add(m.transpose()).scalarMultiply(0.5);
        EigenDecomposition e = new EigenDecomposition(sym);
        double[] values = e.getRealEigenvalues();
        int n = values.length;
        RealMatrix d = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            d.setEntry(i, i, Math.sqrt(Math.max(0, values[i])));
        }
        return e.getV().multiply(d).multiply(e.getVT());
    }
}
