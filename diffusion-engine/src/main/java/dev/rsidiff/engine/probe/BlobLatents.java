package dev.rsidiff.engine.probe;

import ai.djl.ndarray.NDArray;
import dev.rsidiff.engine.world.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic latents: an 8x8x4 latent that is zero except for a 3x3 blob of 1.5 at the centre of the caption's
 * region, in the channel of the caption's colour ("a red circle at the top left"). Position is the whole target.
 */
final class BlobLatents implements ProbeData {

    private static final String[] COLOURS = {"red", "green", "blue", "yellow"};
    private static final int SIDE = 8;
    private static final int CHANNELS = 4;

    private final SplittableRandom random;
    private final boolean longCaptions;

    BlobLatents(long seed, boolean longCaptions) {
        this.random = new SplittableRandom(seed);
        this.longCaptions = longCaptions;
    }

    @Override
    public Batch next(int count) {
        return batch(count, i -> Region.values()[random.nextInt(Region.values().length)], i -> random.nextInt(COLOURS.length));
    }

    @Override
    public Batch heldOut(int count) {
        return batch(count, i -> Region.values()[i % Region.values().length], i -> (i / Region.values().length) % COLOURS.length);
    }

    private Batch batch(int count, java.util.function.IntFunction<Region> region, java.util.function.IntUnaryOperator colour) {
        float[] latents = new float[count * CHANNELS * SIDE * SIDE];
        List<String> captions = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Region r = region.apply(i);
            int c = colour.applyAsInt(i);
            blob(latents, i * CHANNELS * SIDE * SIDE, r, c);
            String extra = longCaptions ? (random.nextBoolean() ? "small " : "large ") : "";
            String background = longCaptions ? " on a " + COLOURS[random.nextInt(COLOURS.length)] + " background" : "";
            captions.add("a " + extra + COLOURS[c] + " circle" + background + " " + r.phrase());
            regions.add(r);
        }
        return new Batch(latents, captions, regions, List.of());
    }

    /** The region whose blob template the prediction matches best (dot product), in the caption's colour channel. */
    @Override
    public List<Region> regionsOf(NDArray predicted, Batch batch) {
        float[] p = predicted.toFloatArray();
        int size = CHANNELS * SIDE * SIDE;
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < batch.captions().size(); i++) {
            int colour = colourOf(batch.captions().get(i));
            Region best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Region r : Region.values()) {
                float[] template = new float[size];
                blob(template, 0, r, colour);
                double score = 0;
                for (int k = 0; k < size; k++) {
                    score += template[k] * p[i * size + k];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = r;
                }
            }
            out.add(best);
        }
        return out;
    }

    private static int colourOf(String caption) {
        for (int c = 0; c < COLOURS.length; c++) {
            if (caption.contains(" " + COLOURS[c] + " circle")) {
                return c;
            }
        }
        throw new IllegalArgumentException("No object colour in '" + caption + "'");
    }

    static void blob(float[] latents, int offset, Region r, int channel) {
        int cx = (int) Math.round(r.centreX() * SIDE - 0.5);
        int cy = (int) Math.round(r.centreY() * SIDE - 0.5);
        for (int y = cy - 1; y <= cy + 1; y++) {
            for (int x = cx - 1; x <= cx + 1; x++) {
                if (x >= 0 && y >= 0 && x < SIDE && y < SIDE) {
                    latents[offset + (channel * SIDE + y) * SIDE + x] = 1.5f;
                }
            }
        }
    }
}
