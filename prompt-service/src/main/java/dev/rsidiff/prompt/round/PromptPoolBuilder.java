package dev.rsidiff.prompt.round;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.prompt.corpus.CorpusSource;
import dev.rsidiff.prompt.filter.ClarityFilter;
import dev.rsidiff.prompt.filter.SpecificityFilter;
import dev.rsidiff.prompt.pool.PromptEmbedder;
import dev.rsidiff.prompt.pool.PromptPool;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds a run's pool from the configured corpus, with or without filtering as the run says. */
public final class PromptPoolBuilder implements Function<RunConfig, PromptPool> {

    private final PoolSettings settings;
    private final Supplier<PromptEmbedder> embedder;

    public PromptPoolBuilder(PoolSettings settings, Supplier<PromptEmbedder> embedder) {
        this.settings = settings;
        this.embedder = embedder;
    }

    @Override
    public PromptPool apply(RunConfig config) {
        List<String> corpus = settings.getCorpusFile() != null && !settings.getCorpusFile().isBlank()
                ? CorpusSource.file(java.nio.file.Path.of(settings.getCorpusFile()))
                : CorpusSource.world(settings.getCorpusSeed(), settings.getCorpusSize());
        if (!config.getPromptFiltering()) {
            return PromptPool.unfiltered(corpus);
        }
        return PromptPool.filter(corpus, List.of(new ClarityFilter(), new SpecificityFilter(settings.getSpecificityThreshold())),
                embedder.get(), new PromptPool.Settings(settings.getClusters(), settings.getPoolSize(), config.getSeed()));
    }
}
