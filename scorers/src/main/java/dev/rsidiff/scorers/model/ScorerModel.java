package dev.rsidiff.scorers.model;

import dev.rsidiff.engine.device.ComputeDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.nn.ParamsIO;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScoringInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Base of the embedded scorers: a DJL model with named parameters, weights shipped as a classpath resource
 * {@code /scorers/<name>.weights}, and a differentiable {@link #scores} used both to score and to train.
 */
public abstract class ScorerModel implements ImageScorer {

    public static final int IMAGE_SIZE = 32;
    private static final int BATCH = 128;

    protected final NDManager manager;
    protected final Params params;
    private final String name;
    private String version = "untrained";

    protected ScorerModel(String name, long seed) {
        this.name = name;
        this.manager = NDManager.newBaseManager(ComputeDevice.configured());
        this.params = new Params(manager, seed);
    }

    /** Scores (B) of images (B, 3, 32, 32) against prompts; differentiable. */
    public abstract NDArray scores(NDManager m, NDArray images, List<String> prompts);

    public Params params() {
        return params;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int imageSize() {
        return IMAGE_SIZE;
    }

    @Override
    public double[] score(List<ScoringInput> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).imageSize() != IMAGE_SIZE) {
                throw new IllegalArgumentException("Scorer " + name + " takes " + IMAGE_SIZE + "x" + IMAGE_SIZE
                        + " images; input " + i + " is " + inputs.get(i).imageSize() + "x" + inputs.get(i).imageSize());
            }
        }
        double[] out = new double[inputs.size()];
        int per = 3 * IMAGE_SIZE * IMAGE_SIZE;
        for (int from = 0; from < inputs.size(); from += BATCH) {
            int n = Math.min(BATCH, inputs.size() - from);
            float[] pixels = new float[n * per];
            List<String> prompts = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                System.arraycopy(inputs.get(from + j).pixels(), 0, pixels, j * per, per);
                prompts.add(inputs.get(from + j).prompt());
            }
            try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
                float[] s = scores(m, m.create(pixels, new Shape(n, 3, IMAGE_SIZE, IMAGE_SIZE)), prompts).toFloatArray();
                for (int j = 0; j < n; j++) {
                    out[from + j] = s[j];
                }
            }
        }
        return out;
    }

    /** Resource path of the shipped weights. */
    public String resource() {
        return "/scorers/" + name + ".weights";
    }

    /** Loads the shipped weights; fails clearly if they were never trained and committed. */
    public void loadShippedWeights() {
        version = ParamsIO.readResource(resource(), params, "Scorer " + name,
                "train them with 'rsi scorers train " + name + "'");
    }

    /** Version of the shipped weights, without loading them. */
    public Optional<String> shippedVersion() {
        try (InputStream in = getClass().getResourceAsStream(resource())) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] all = in.readAllBytes();
            return Optional.of(ParamsIO.version(HexFormat.of().formatHex(all, all.length - 32, all.length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the current weights; sets and returns the new version. */
    public String save(OutputStream out) throws IOException {
        version = ParamsIO.version(ParamsIO.write(params, out));
        return version;
    }

    @Override
    public void close() {
        manager.close();
    }
}
