package dev.rsidiff.evaluator.metrics;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * ReDiFine's collapse symptoms measured on pixels: the spread of the value histogram (narrowing = blur, low
 * guidance), its tails (share of near-saturated values: grows with over-saturation, high guidance), and the
 * radially averaged log power spectrum (drifts with blur or high-frequency patterns).
 */
public final class CollapseSymptoms {

    /** Radial frequency bins of the spectrum. */
    public static final int BINS = 16;
    private static final float TAIL = 0.95f;

    private CollapseSymptoms() {
    }

    /** Standard deviation of all pixel values of the images (CHW floats in [-1, 1]). */
    public static double spread(float[] pixels) {
        double mean = 0;
        for (float v : pixels) {
            mean += v;
        }
        mean /= pixels.length;
        double var = 0;
        for (float v : pixels) {
            var += (v - mean) * (v - mean);
        }
        return Math.sqrt(var / pixels.length);
    }

    /** Share of values with |v| > 0.95. */
    public static double tails(float[] pixels) {
        long n = 0;
        for (float v : pixels) {
            n += Math.abs(v) > TAIL ? 1 : 0;
        }
        return (double) n / pixels.length;
    }

    /** Mean radially averaged log power spectrum of the images' luminance, {@link #BINS} bins from DC outwards. */
    public static double[] radialSpectrum(float[] pixels, int count, int size) {
        double[] total = new double[BINS];
        int plane = size * size;
        double[][] re = new double[size][size];
        double[][] im = new double[size][size];
        for (int k = 0; k < count; k++) {
            int base = k * 3 * plane;
            double[][] lum = new double[size][size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = base + y * size + x;
                    lum[y][x] = 0.299 * pixels[i] + 0.587 * pixels[i + plane] + 0.114 * pixels[i + 2 * plane];
                }
            }
            dft2(lum, re, im, size);
            double[] sum = new double[BINS];
            int[] n = new int[BINS];
            for (int v = 0; v < size; v++) {
                for (int u = 0; u < size; u++) {
                    int fu = u <= size / 2 ? u : u - size;
                    int fv = v <= size / 2 ? v : v - size;
                    double r = Math.sqrt(fu * fu + fv * fv) / (size / 2.0);
                    int bin = Math.min(BINS - 1, (int) (r * BINS / Math.sqrt(2)));
                    sum[bin] += Math.log(1e-8 + re[v][u] * re[v][u] + im[v][u] * im[v][u]);
                    n[bin]++;
                }
            }
            for (int b = 0; b < BINS; b++) {
                total[b] += n[b] == 0 ? 0 : sum[b] / n[b] / count;
            }
        }
        return total;
    }

    /** Root-mean-square difference of two spectra. */
    public static double spectrumDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s / a.length);
    }

    /** 2-D FFT (Commons Math) by rows, then by columns. */
    private static void dft2(double[][] in, double[][] re, double[][] im, int n) {
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        Complex[][] rows = new Complex[n][];
        for (int y = 0; y < n; y++) {
            rows[y] = fft.transform(in[y], TransformType.FORWARD);
        }
        for (int u = 0; u < n; u++) {
            Complex[] column = new Complex[n];
            for (int y = 0; y < n; y++) {
                column[y] = rows[y][u];
            }
            Complex[] out = fft.transform(column, TransformType.FORWARD);
            for (int v = 0; v < n; v++) {
                re[v][u] = out[v].getReal();
                im[v][u] = out[v].getImaginary();
            }
        }
    }
}
