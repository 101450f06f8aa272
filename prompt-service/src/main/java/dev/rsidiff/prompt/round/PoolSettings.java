package dev.rsidiff.prompt.round;

import dev.rsidiff.prompt.corpus.CorpusSource;
import dev.rsidiff.runtime.SettingChecks;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How prompt-service builds a run's pool ({@code rsidiff.prompts.*}).
 */
@ConfigurationProperties(PoolSettings.PREFIX)
public class PoolSettings {

    static final String PREFIX = "rsidiff.prompts";

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

    /**
     * Checks every setting, and reads the corpus file through, so that a bad value or file stops the service when it
     * starts instead of failing each run's planning.
     *
     * @throws IllegalArgumentException naming the setting and its value (for the file: the line at fault)
     */
    public PoolSettings check() {
        if (corpusFile != null && !corpusFile.isBlank()) {
            Path path = Path.of(corpusFile);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException(PREFIX + ".corpus-file=" + corpusFile + " is not a readable file");
            }
            if (CorpusSource.file(path).isEmpty()) {
                throw new IllegalArgumentException(PREFIX + ".corpus-file=" + corpusFile + " holds no prompt");
            }
        } else {
            SettingChecks.atLeast(PREFIX + ".corpus-size", corpusSize, 1);
        }
        SettingChecks.atLeast(PREFIX + ".pool-size", poolSize, 1);
        SettingChecks.between(PREFIX + ".clusters", clusters, 1, poolSize);
        if (!(specificityThreshold >= 0 && specificityThreshold <= 1)) {
            throw new IllegalArgumentException(PREFIX + ".specificity-threshold=" + specificityThreshold
                    + " is outside 0..1");
        }
        return this;
    }
}
