package dev.rsidiff.scorers.data;

import java.util.List;

/**
 * Pairs of images judged against a prompt: in each pair the first image is the better one.
 *
 * @param better  CHW pixels of the preferred images, image after image
 * @param worse   CHW pixels of the other images
 * @param prompts the prompt of each pair
 * @param kinds   how each pair's worse image was made (for per-kind validation figures)
 */
public record PairBatch(float[] better, float[] worse, List<String> prompts, List<String> kinds) {

    public int size() {
        return prompts.size();
    }
}
