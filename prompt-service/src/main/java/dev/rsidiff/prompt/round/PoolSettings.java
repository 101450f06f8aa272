package dev.rsidiff.prompt.round;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * How prompt-service builds a run's pool ({@code rsidiff.prompts.*}).
 */
@ConfigurationProperties("rsidiff.prompts")
public class PoolSettings {

    /** Corpus file (.txt, .csv, .jsonl); unset: the procedural world's corpus. */
    private String corpusFile;
    /** Size of the world's corpus. */
    private int corpusSize = 2000;
    /** Seed of the world's corpus. */
    private long corpusSeed = 7;
    /** Prompts kept in the pool after diversity. */
    private int poolSize = 512;
    /** K-means clusters. */
    private int clusters = 32;
    /** Specificity threshold in [0, 1]. */
    private double specificityThreshold = 0.4;

    public String getCorpusFile() {
        return corpusFile;
    }

    public void setCorpusFile(String corpusFile) {
        this.corpusFile = corpusFile;
    }

    public int getCorpusSize() {
        return corpusSize;
    }

    public void setCorpusSize(int corpusSize) {
        this.corpusSize = corpusSize;
    }

    public long getCorpusSeed() {
        return corpusSeed;
    }

    public void setCorpusSeed(long corpusSeed) {
        this.corpusSeed = corpusSeed;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public int getClusters() {
        return clusters;
    }

    public void setClusters(int clusters) {
        this.clusters = clusters;
    }

    public double getSpecificityThreshold() {
        return specificityThreshold;
    }

    public void setSpecificityThreshold(double specificityThreshold) {
        this.specificityThreshold = specificityThreshold;
    }
}
