package dev.rsidiff.weighting.selection;

import dev.rsidiff.events.run.SelectionRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Preference sampling: keep the best of a round's pool under an explicit rule (the paper leaves the combination
 * of metrics open). Ties break by image id, so the same pool always gives the same selection.
 * <ul>
 *   <li>PER_PROMPT: rejection sampling per prompt, as in RAFT and ReST. Each scorer's scores are standardised
 *       within the prompt's samples (so a hard prompt's best is not out-voted by an easy prompt's average), a
 *       sample's key is the sum over the ranking scorers, and each prompt keeps its best {@code perPromptKeep};
 *       if that is more than K, the K with the highest keys;</li>
 *   <li>RANK_AVERAGE: the paper's global top K, ranked over the whole pool by each scorer (0 = best), lowest mean
 *       rank kept;</li>
 *   <li>ZSCORE_SUM: global top K by the sum of each scorer's z-score over the pool;</li>
 *   <li>RANDOM: a seeded uniform draw of K (the ablation without preference sampling; floors do not apply).</li>
 * </ul>
 * Every rule but RANDOM first drops the samples below a floor: an absolute bar (e.g. the alignment score) and the
 * aesthetic score as a veto rather than something to maximise.
 */
public final class PreferenceSelection {

    private PreferenceSelection() {
    }

    /** The global rules with every scorer ranking and no floor. */
    public static List<ScoredSample> select(List<ScoredSample> pool, int k, SelectionRule rule, long seed) {
        if (pool.isEmpty()) {
            return List.of();
        }
        return select(pool, SelectionSpec.global(rule, k, new ArrayList<>(pool.get(0).scores().keySet()), seed));
    }

    /** The selected samples, best first (RANDOM: in draw order). */
    public static List<ScoredSample> select(List<ScoredSample> pool, SelectionSpec spec) {
        if (pool.isEmpty()) {
            return List.of();
        }
        for (ScoredSample s : pool) {
            if (!s.scores().keySet().equals(pool.get(0).scores().keySet())) {
                throw new IllegalArgumentException("Image " + s.imageId() + " has scores " + s.scores().keySet()
                        + ", others " + pool.get(0).scores().keySet());
            }
        }
        for (String scorer : spec.rankBy()) {
            requireScored(pool, scorer, "ranks");
        }
        spec.floors().keySet().forEach(scorer -> requireScored(pool, scorer, "has a floor"));
        List<ScoredSample> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparing(ScoredSample::imageId));
        if (spec.rule() == SelectionRule.RANDOM) {
            SplittableRandom random = new SplittableRandom(spec.seed());
            for (int i = sorted.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                ScoredSample t = sorted.get(i);
                sorted.set(i, sorted.get(j));
                sorted.set(j, t);
            }
            return List.copyOf(sorted.subList(0, Math.min(spec.topK(), sorted.size())));
        }
        List<ScoredSample> admitted = sorted.stream().filter(s -> clearsFloors(s, spec.floors())).toList();
        if (admitted.isEmpty()) {
            return List.of();
        }
        return switch (spec.rule()) {
            case PER_PROMPT -> perPrompt(admitted, spec);
            case RANK_AVERAGE -> top(admitted, spec.topK(), meanRanks(admitted, spec.rankBy()), true);
            case ZSCORE_SUM -> top(admitted, spec.topK(), zScoreSums(admitted, spec.rankBy()), false);
            case RANDOM -> throw new IllegalStateException("handled above");
        };
    }

    private static void requireScored(List<ScoredSample> pool, String scorer, String role) {
        if (!pool.get(0).scores().containsKey(scorer)) {
            throw new IllegalArgumentException("Scorer '" + scorer + "' " + role + " but the pool has scores of "
                    + pool.get(0).scores().keySet() + " only");
        }
    }

    private static boolean clearsFloors(ScoredSample s, Map<String, Double> floors) {
        return floors.entrySet().stream().allMatch(f -> s.scores().get(f.getKey()) >= f.getValue());
    }

    private static List<ScoredSample> perPrompt(List<ScoredSample> admitted, SelectionSpec spec) {
        Map<String, List<ScoredSample>> byPrompt = new LinkedHashMap<>();
        admitted.forEach(s -> byPrompt.computeIfAbsent(s.promptId(), p -> new ArrayList<>()).add(s));
        Map<String, Double> keys = new HashMap<>();
        List<ScoredSample> kept = new ArrayList<>();
        for (List<ScoredSample> samples : byPrompt.values()) {
            Map<String, Double> z = zScoreSums(samples, spec.rankBy());
            keys.putAll(z);
            kept.addAll(top(samples, spec.perPromptKeep(), z, false));
        }
        return top(kept, spec.topK(), keys, false);
    }

    private static List<ScoredSample> top(List<ScoredSample> candidates, int k, Map<String, Double> key,
                                          boolean ascending) {
        Comparator<ScoredSample> byKey = Comparator.comparing(s -> key.get(s.imageId()));
        List<ScoredSample> out = new ArrayList<>(candidates);
        out.sort((ascending ? byKey : byKey.reversed()).thenComparing(ScoredSample::imageId));
        return List.copyOf(out.subList(0, Math.min(k, out.size())));
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

    /** Per sample, the sum over {@code scorers} of its z-score within {@code pool} (0 where a scorer is constant). */
    static Map<String, Double> zScoreSums(List<ScoredSample> pool, List<String> scorers) {
        Map<String, Double> sums = new HashMap<>();
        for (ScoredSample s : pool) {
            sums.put(s.imageId(), 0.0);
        }
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
