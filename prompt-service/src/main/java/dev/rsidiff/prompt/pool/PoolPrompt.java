package dev.rsidiff.prompt.pool;

import java.util.Map;

/**
 * A prompt kept in the pool.
 *
 * @param text      the prompt
 * @param clusterId its diversity cluster (-1 when filtering is off)
 * @param scores    filter name to score
 */
public record PoolPrompt(String text, int clusterId, Map<String, Double> scores) {
}
