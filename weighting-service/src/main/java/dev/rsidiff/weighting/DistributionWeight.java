package dev.rsidiff.weighting;

/**
 * The distribution-based sample weight of RSIDiff's Eq. 5: a selected sample close to the base model's own
 * distribution D_0 keeps full weight, one far from it is down-weighted exponentially.
 * <pre>
 *   w = 1                              if d <= beta
 *   w = exp(-(d - beta) / sigma^2)     if d >  beta
 * </pre>
 */
public final class DistributionWeight {

    private DistributionWeight() {
    }

    public static double of(double distance, double beta, double sigma2) {
        if (!(sigma2 > 0)) {
            throw new IllegalArgumentException("sigma^2 must be > 0, got " + sigma2);
        }
        if (Double.isNaN(distance) || distance < 0) {
            throw new IllegalArgumentException("distance must be a non-negative number, got " + distance);
        }
        return distance <= beta ? 1.0 : Math.exp(-(distance - beta) / sigma2);
    }
}
