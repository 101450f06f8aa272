package dev.rsidiff.engine.schedule;

/**
 * How the classifier-free guidance scale varies over sampling. Sampling runs from the diffusion timestep t = T
 * (pure noise) down to 0, so its progress is p = (T - t) / T, 0 at the first step and 1 at the last:
 * <ul>
 *   <li>CONSTANT: s = s0;</li>
 *   <li>STRONG_EARLY: ReDiFine's CFG scheduling (§4.2, Eq. 6), s = s0 * exp(-alpha * p): full guidance at the
 *   noisy start, where the layout and the condition are set, decaying towards the end, where a high scale only
 *   amplifies the gap between conditional and unconditional scores;</li>
 *   <li>STRONG_LATE: the opposite direction, s = s0 * exp(-alpha * (1 - p)): weak at the start, full at the end
 *   (kept for ablations).</li>
 * </ul>
 */
public enum GuidanceSchedule {
    CONSTANT, STRONG_EARLY, STRONG_LATE;

    /** The scale at diffusion timestep {@code t} of {@code timesteps}. */
    public double scale(double s0, double alpha, int t, int timesteps) {
        double progress = (double) (timesteps - t) / timesteps;
        return switch (this) {
            case CONSTANT -> s0;
            case STRONG_EARLY -> s0 * Math.exp(-alpha * progress);
            case STRONG_LATE -> s0 * Math.exp(-alpha * (1 - progress));
        };
    }
}
