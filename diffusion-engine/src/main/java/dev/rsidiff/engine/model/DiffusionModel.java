package dev.rsidiff.engine.model;

import dev.rsidiff.engine.device.ComputeDevice;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.schedule.NoiseSchedule;
import dev.rsidiff.engine.text.PromptEncoder;

/**
 * A text-to-image latent diffusion model, stage by stage like Stable Diffusion: text encoder, image autoencoder,
 * denoiser and noise schedule. Owns the NDManager its parameters live in: close it.
 */
public final class DiffusionModel implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final Params params;
    private final PromptEncoder textEncoder;
    private final AutoEncoder autoEncoder;
    private final Denoiser denoiser;
    private final NoiseSchedule schedule;

    private DiffusionModel(ModelConfig config, NDManager manager, long seed) {
        this.config = config;
        this.manager = manager;
        this.params = new Params(manager, seed);
        this.textEncoder = PromptEncoder.of(params.child("text"), config);
        this.autoEncoder = new AutoEncoder(params.child("autoencoder"), config);
        this.denoiser = new Denoiser(params.child("denoiser"), config);
        this.schedule = new NoiseSchedule(config.timesteps());
    }

    /** A freshly initialised model; the same config and seed give the same weights. */
    public static DiffusionModel create(ModelConfig config, long seed) {
        return new DiffusionModel(config, NDManager.newBaseManager(ComputeDevice.configured()), seed);
    }

    public ModelConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    public PromptEncoder textEncoder() {
        return textEncoder;
    }

    public AutoEncoder autoEncoder() {
        return autoEncoder;
    }

    public Denoiser denoiser() {
        return denoiser;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public NDManager manager() {
        return manager;
    }

    /** Images as CHW floats in [-1, 1], {@code count} of them, to an NDArray (count, 3, S, S) in {@code m}. */
    public NDArray images(NDManager m, float[] chw, int count) {
        int s = config.imageSize();
        return m.create(chw, new Shape(count, 3, s, s));
    }

    public Shape latentShape(int count) {
        int s = config.latentSize();
        return new Shape(count, config.latentChannels(), s, s);
    }

    @Override
    public void close() {
        manager.close();
    }
}
