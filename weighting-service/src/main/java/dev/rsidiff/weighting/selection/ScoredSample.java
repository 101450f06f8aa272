package dev.rsidiff.weighting.selection;

import java.util.Map;

/**
 * A generated image with every scorer's score.
 *
 * @param imageId  the image
 * @param promptId the prompt it was generated for (per-prompt selection groups by it)
 * @param scores   scorer name to score (higher is better)
 */
public record ScoredSample(String imageId, String promptId, Map<String, Double> scores) {
}
