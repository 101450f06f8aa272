package dev.rsidiff.engine.schedule;

/**
 * The cosine noise schedule (Nichol and Dhariwal): alphaBar(t) = cos^2(((t/T) + s) / (1 + s) * pi/2), normalised so
 * alphaBar(0) = 1, with t in [0, T]. x_t = sqrt(alphaBar) x_0 + sqrt(1 - alphaBar) eps.
 */
public final class NoiseSchedule {

    private static final double S = 0.008;
    private static final double MIN_ALPHA_BAR = 1e-4;

    private final double[] alphaBar;

    public NoiseSchedule(int timesteps) {
        alphaBar = new double[timesteps + 1];
        double f0 = f(0, timesteps);
        for (int t = 0; t <= timesteps; t++) {
            alphaBar[t] = Math.max(MIN_ALPHA_BAR, Math.min(1.0, f(t, timesteps) / f0));
        }
    }

    private static double f(int t, int timesteps) {
        double c = Math.cos(((double) t / timesteps + S) / (1 + S) * Math.PI / 2);
        return c * c;
    }

    public int timesteps() {
        return alphaBar.length - 1;
    }

    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /** Signal-to-noise ratio alphaBar / (1 - alphaBar). */
    public double snr(int t) {
        return alphaBar[t] / Math.max(1e-12, 1 - alphaBar[t]);
    }
}
