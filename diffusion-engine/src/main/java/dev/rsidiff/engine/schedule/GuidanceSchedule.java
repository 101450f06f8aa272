package dev.rsidiff.engine.schedule;

/**
 * How the classifier-free guidance scale varies over sampling, with t the diffusion timestep (T = pure noise):
 * <ul>
 *   <li>CONSTANT: s(t) = s0;</li>
 *   <li>EXPONENTIAL: ReDiFine's s(t) = s0 * exp(-alpha * t / T): weak guidance at high noise, full at the end;</li>
 *   <li>EXPONENTIAL_REVERSED: s(t) = s0 * exp(-alpha * (T - t) / T): full guidance early, where the layout is
 *   decided, decaying towards the end (the direction that mattered for this project's small model).</li>
 * </ul>
 */
public enum GuidanceSchedule {
    CONSTANT, EXPONENTIAL, EXPONENTIAL_REVERSED;

    public double scale(double s0, double alpha, int t, int timesteps) {
        double frac = (double) t / timesteps;
        return switch (this) {
            case CONSTANT -> s0;
            case EXPONENTIAL -> s0 * Math.exp(-alpha * frac);
            case EXPONENTIAL_REVERSED -> s0 * Math.exp(-alpha * (1 - frac));
        };
    }
}
