package dev.rsidiff.evaluator;

import dev.rsidiff.engine.device.ComputeDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.nn.ParamsIO;
import dev.rsidiff.engine.world.Colour;
import dev.rsidiff.engine.world.Region;
import dev.rsidiff.engine.world.ShapeKind;
import dev.rsidiff.engine.world.SizeClass;
import dev.rsidiff.scorers.model.ImageTower;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluator's judge: a CNN that reads shape, object colour, background colour, region and size off a 32x32
 * image, trained on renders only and never used to select training samples. Its pooled features are the space
 * of the fidelity and diversity distances.
 */
public final class AttributeClassifier implements AutoCloseable {

    public static final String RESOURCE = "/evaluator/attributes.weights";
    public static final int SIZE = 32;
    /**
     * Images per pass. Why not more: the first two convolutions' outputs are 17-34 MB a pass at 256 images, and
     * glibc's malloc keeps freed blocks of that size in the process (until the trainer trims it after the
     * evaluation). A held-out evaluation of G0 ({@code rsi eval}, 100 x 4 images, one thread, one malloc arena,
     * maximum resident set, two runs each) sampled in batches of 64 peaked at 1,006-1,029 MiB with passes of 64 and
     * 1,158-1,206 MiB with 256; in the evaluation's batches of 20 (its default since) at 782-801 MiB and 764-802 MiB,
     * no different. Every run took 17.5-18.6 s, with the same figures.
     */
    private static final int CHUNK = 64;

    private final NDManager manager;
    private final Params params;
    private final ImageTower tower;
    private final LinearLayer shape;
    private final LinearLayer colour;
    private final LinearLayer background;
    private final LinearLayer region;
    private final LinearLayer size;
    private String version = "untrained";

    public AttributeClassifier() {
        manager = NDManager.newBaseManager(ComputeDevice.configured());
        params = new Params(manager, 404);
        tower = new ImageTower(params.child("tower"), 0);
        shape = new LinearLayer(params.child("shape"), 128, ShapeKind.values().length, 1.0);
        colour = new LinearLayer(params.child("colour"), 128, Colour.values().length, 1.0);
        background = new LinearLayer(params.child("background"), 128, Colour.values().length, 1.0);
        region = new LinearLayer(params.child("region"), 128, Region.values().length, 1.0);
        size = new LinearLayer(params.child("size"), 128, SizeClass.values().length, 1.0);
    }

    /** The classifier with its shipped weights. */
    public static AttributeClassifier shipped() {
        AttributeClassifier c = new AttributeClassifier();
        try {
            c.version = ParamsIO.readResource(RESOURCE, c.params, "The attribute classifier",
                    "train them with 'rsi eval train-classifier'");
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public String version() {
        return version;
    }

    public Params params() {
        return params;
    }

    public NDManager manager() {
        return manager;
    }

    /** Logits of the five heads: shape, colour, background, region, size. */
    public NDList logits(NDArray images) {
        return heads(tower.features(images));
    }

    private NDList heads(NDArray features) {
        return new NDList(shape.forward(features), colour.forward(features), background.forward(features),
                region.forward(features), size.forward(features));
    }

    /**
     * Predictions and features of images.
     *
     * @param attributes per image: predicted shape, colour, background, region, size
     * @param features   per image: pooled features (128 values)
     */
    public record Reading(List<PredictedAttributes> attributes, float[][] features) {
    }

    /**
     * What the classifier sees in one image.
     *
     * @param shape      shape
     * @param colour     object colour
     * @param background background colour
     * @param region     region
     * @param size       size
     */
    public record PredictedAttributes(ShapeKind shape, Colour colour, Colour background, Region region, SizeClass size) {

        /** The value read for one attribute, comparable with what {@code PromptAttributes} says a prompt names. */
        public Object of(dev.rsidiff.engine.world.PromptAttributes.Attribute attribute) {
            return switch (attribute) {
                case SHAPE -> shape;
                case COLOUR -> colour;
                case SIZE -> size;
                case REGION -> region;
                case BACKGROUND -> background;
            };
        }
    }

    /** Reads images given as CHW floats in [-1, 1]. */
    public Reading read(float[] pixels, int count) {
        int per = 3 * SIZE * SIZE;
        if (pixels.length != count * per) {
            throw new IllegalArgumentException("Expected " + count + " RGB images of " + SIZE + "x" + SIZE + " ("
                    + count * per + " values), got " + pixels.length + " values");
        }
        List<PredictedAttributes> attributes = new ArrayList<>(count);
        float[][] features = new float[count][];
        for (int from = 0; from < count; from += CHUNK) {
            int n = Math.min(CHUNK, count - from);
            try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
                NDArray images = m.create(java.util.Arrays.copyOfRange(pixels, from * per, (from + n) * per),
                        new Shape(n, 3, SIZE, SIZE));
                NDArray f = tower.features(images);
                NDList logits = heads(f);
                long[][] argmax = new long[5][];
                for (int h = 0; h < 5; h++) {
                    argmax[h] = logits.get(h).argMax(1).toLongArray();
                }
                float[] flat = f.toFloatArray();
                int width = flat.length / n;
                for (int i = 0; i < n; i++) {
                    attributes.add(new PredictedAttributes(ShapeKind.values()[(int) argmax[0][i]],
                            Colour.values()[(int) argmax[1][i]], Colour.values()[(int) argmax[2][i]],
                            Region.values()[(int) argmax[3][i]], SizeClass.values()[(int) argmax[4][i]]));
                    features[from + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
                }
            }
        }
        return new Reading(attributes, features);
    }

    public String save(OutputStream out) throws IOException {
        version = ParamsIO.version(ParamsIO.write(params, out));
        return version;
    }

    @Override
    public void close() {
        manager.close();
    }
}
