package dev.rsidiff.weighting.selection;

import dev.rsidiff.events.run.SelectionRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Preference sampling: keep the top K of a round's pool under an explicit rule (the paper leaves the combination
 * of metrics open). Ties break by image id, so the same pool always gives the same selection.
 * <ul>
 *   <li>RANK_AVERAGE: rank the pool by each scorer (0 = best), keep the lowest mean rank;</li>
 *   <li>ZSCORE_SUM: standardise each scorer over the pool, keep the highest sum;</li>
 *   <li>RANDOM: a seeded uniform draw of K (the ablation without preference sampling).</li>
 * </ul>
 */
public final class PreferenceSelection {

    private PreferenceSelection() {
    }

    /** The selected samples, best first (RANDOM: in draw order). */
    public static List<ScoredSample> select(List<ScoredSample> pool, int k, SelectionRule rule, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1, got " + k);
        }
        if (pool.isEmpty()) {
            return List.of();
        }
        List<String> scorers = new ArrayList<>(pool.get(0).scores().keySet());
        for (ScoredSample s : pool) {
            if (!s.scores().keySet().equals(pool.get(0).scores().keySet())) {
                throw new IllegalArgumentException("Image " + s.imageId() + " has scores " + s.scores().keySet()
                        + ", others " + pool.get(0).scores().keySet());
            }
        }
        List<ScoredSample> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparing(ScoredSample::imageId));
        int n = Math.min(k, sorted.size());
        return switch (rule) {
            case RANDOM -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = sorted.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    ScoredSample t = sorted.get(i);
                    sorted.set(i, sorted.get(j));
                    sorted.set(j, t);
                }
                yield List.copyOf(sorted.subList(0, n));
            }
            case RANK_AVERAGE -> top(sorted, n, meanRanks(sorted, scorers), true);
            case ZSCORE_SUM -> top(sorted, n, zScoreSums(sorted, scorers), false);
        };
    }

    private static List<ScoredSample> top(List<ScoredSample> sorted, int n, Map<String, Double> key, boolean ascending) {
        Comparator<ScoredSample> byKey = Comparator.comparing(s -> key.get(s.imageId()));
        List<ScoredSample> out = new ArrayList<>(sorted);
        out.sort((ascending ? byKey : byKey.reversed()).thenComparing(ScoredSample::imageId));
        return List.copyOf(out.subList(0, n));
    }

    static Map<String, Double> meanRanks(List<ScoredSample> pool, List<String> scorers) {
        Map<String, Double> ranks = new HashMap<>();
        for (String scorer : scorers) {
            List<ScoredSample> order = new ArrayList<>(pool);
            order.sort(Comparator.comparing((ScoredSample s) -> s.scores().get(scorer)).reversed()
                    .thenComparing(ScoredSample::imageId));
            for (int r = 0; r < order.size(); r++) {
                ranks.merge(order.get(r).imageId(), (double) r / scorers.size(), Double::sum);
            }
        }
        return ranks;
    }

    static Map<String, Double> zScoreSums(List<ScoredSample> pool, List<String> scorers) {
        Map<String, Double> sums = new HashMap<>();
        for (String scorer : scorers) {
            double mean = pool.stream().mapToDouble(s -> s.scores().get(scorer)).average().orElse(0);
            double sd = Math.sqrt(pool.stream().mapToDouble(s -> Math.pow(s.scores().get(scorer) - mean, 2)).average().orElse(0));
            for (ScoredSample s : pool) {
                double z = sd == 0 ? 0 : (s.scores().get(scorer) - mean) / sd;
                sums.merge(s.imageId(), z, Double::sum);
            }
        }
        return sums;
    }
}
