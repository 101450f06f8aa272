package dev.rsidiff.engine.probe;

import ai.djl.ndarray.NDArray;
import dev.rsidiff.engine.world.Region;
import dev.rsidiff.engine.world.Scene;

import java.util.List;

/** Training data for the position probe, and how to read the region of a predicted latent. */
interface ProbeData {

    /**
     * @param latents normalised latents (B, z, s, s), latent after latent
     * @param captions a caption per latent
     * @param regions  where each caption puts its (first) object
     * @param scenes   the rendered scenes (empty for synthetic latents)
     */
    record Batch(float[] latents, List<String> captions, List<Region> regions, List<Scene> scenes) {
    }

    Batch next(int count);

    /** A fixed batch to measure on (one object per scene). */
    Batch heldOut(int count);

    /** The region each predicted latent (B, z, s, s) shows its object in. */
    List<Region> regionsOf(NDArray predicted, Batch batch);
}
