package dev.rsidiff.prompt.pool;

import dev.rsidiff.prompt.filter.DiversitySelection;
import dev.rsidiff.prompt.filter.FilterVerdict;
import dev.rsidiff.prompt.filter.PromptFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Builds a run's prompt pool: every filter in turn (clarity, then specificity; any {@link PromptFilter} can be
 * added), then diversity (K-means over embeddings, the prompts nearest each centre). With filtering off the pool is
 * the corpus as it is, which is the paper's no-filtering ablation.
 *
 * @param kept     the pool
 * @param rejected what the filters left out, with reasons
 */
public record PromptPool(List<PoolPrompt> kept, List<Rejection> rejected) {

    /**
     * @param clusters   number of K-means clusters
     * @param poolSize   prompts to keep (spread evenly over the clusters)
     * @param seed       K-means seed
     */
    public record Settings(int clusters, int poolSize, long seed) {
        public Settings {
            if (clusters < 1 || poolSize < clusters) {
                throw new IllegalArgumentException("Need 1 <= clusters <= poolSize, got clusters " + clusters
                        + ", poolSize " + poolSize);
            }
        }
    }

    public static PromptPool unfiltered(List<String> corpus) {
        return new PromptPool(corpus.stream().distinct().map(t -> new PoolPrompt(t, -1, Map.of())).toList(), List.of());
    }

    public static PromptPool filter(List<String> corpus, List<PromptFilter> filters, PromptEmbedder embedder,
                                    Settings settings) {
        List<String> survivors = new ArrayList<>();
        List<Map<String, Double>> survivorScores = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (String prompt : new LinkedHashSet<>(corpus)) {
            Map<String, Double> scores = new LinkedHashMap<>();
            FilterVerdict failed = null;
            for (PromptFilter f : filters) {
                FilterVerdict v = f.judge(prompt);
                scores.put(v.filter(), v.score());
                if (!v.accepted()) {
                    failed = v;
                    break;
                }
            }
            if (failed == null) {
                survivors.add(prompt);
                survivorScores.add(scores);
            } else {
                rejected.add(new Rejection(prompt, failed.filter(), failed.score(), failed.reason()));
            }
        }
        if (survivors.isEmpty()) {
            throw new IllegalStateException("Every one of " + corpus.size() + " corpus prompts was rejected");
        }
        int k = Math.min(settings.clusters(), survivors.size());
        int perCluster = Math.max(1, (int) Math.ceil((double) settings.poolSize() / k));
        List<PoolPrompt> kept = new ArrayList<>();
        for (DiversitySelection.Pick p : DiversitySelection.select(embedder.embed(survivors), k, perCluster, settings.seed())) {
            Map<String, Double> scores = new LinkedHashMap<>(survivorScores.get(p.index()));
            scores.put("diversity.distance", p.distance());
            kept.add(new PoolPrompt(survivors.get(p.index()), p.cluster(), scores));
        }
        return new PromptPool(kept, rejected);
    }
}
