package dev.rsidiff.weighting.selection;

import java.util.Map;

/**
 * A generated image with every scorer's score.
 *
 * @param imageId the image
 * @param scores  scorer name to score (higher is better)
 */
public record ScoredSample(String imageId, Map<String, Double> scores) {
}
