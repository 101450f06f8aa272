package dev.rsidiff.prompt.pool;

/**
 * A prompt left out of the pool, and why.
 *
 * @param text   the prompt
 * @param filter the filter that rejected it
 * @param score  its score there
 * @param reason the filter's reason
 */
public record Rejection(String text, String filter, double score, String reason) {
}
