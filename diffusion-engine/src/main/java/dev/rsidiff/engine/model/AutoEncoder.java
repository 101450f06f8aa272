package dev.rsidiff.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.nn.ConvLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.nn.Params;

/**
 * The image autoencoder: RGB (3, S, S) in [-1, 1] to a latent (4, S/4, S/4) and back. Diffusion runs in its
 * latent space (16x fewer values than pixels at 32x32: the measured reason the sampler meets its speed target),
 * and its encoder doubles as the image encoder of the weighting step's distribution distance, the role Stable
 * Diffusion's VAE encoder plays in the paper. Latents are normalised per channel with statistics measured after
 * the autoencoder is trained, so the diffusion model sees roughly unit-variance inputs.
 */
public final class AutoEncoder {

    private final ConvLayer enc1;
    private final ConvLayer enc2;
    private final ConvLayer enc3;
    private final ConvLayer enc4;
    private final ConvLayer encOut;
    private final ConvLayer dec1;
    private final ConvLayer dec2;
    private final ConvLayer dec3;
    private final ConvLayer dec4;
    private final ConvLayer decOut;
    private final NDArray latentShift;
    private final NDArray latentScale;

    public AutoEncoder(Params p, ModelConfig config) {
        int c1 = config.aeChannels();
        int c2 = 2 * c1;
        int z = config.latentChannels();
        Params e = p.child("encoder");
        enc1 = new ConvLayer(e.child("conv1"), 3, c1, 3, 1, 1.4);
        enc2 = new ConvLayer(e.child("conv2"), c1, c2, 3, 2, 1.4);
        enc3 = new ConvLayer(e.child("conv3"), c2, c2, 3, 1, 1.4);
        enc4 = new ConvLayer(e.child("conv4"), c2, c2, 3, 2, 1.4);
        encOut = new ConvLayer(e.child("out"), c2, z, 1, 1, 1.0);
        Params d = p.child("decoder");
        dec1 = new ConvLayer(d.child("conv1"), z, c2, 3, 1, 1.4);
        dec2 = new ConvLayer(d.child("conv2"), c2, c2, 3, 1, 1.4);
        dec3 = new ConvLayer(d.child("conv3"), c2, c2, 3, 1, 1.4);
        dec4 = new ConvLayer(d.child("conv4"), c2, c1, 3, 1, 1.4);
        decOut = new ConvLayer(d.child("out"), c1, 3, 3, 1, 1.0);
        Params stats = p.child("stats");
        latentShift = stats.constant("shift", new Shape(1, z, 1, 1), 0f, false);
        latentScale = stats.constant("scale", new Shape(1, z, 1, 1), 1f, false);
    }

    /** Raw (un-normalised) latent of images (B, 3, S, S). */
    public NDArray encodeRaw(NDArray images) {
        NDArray h = Ops.silu(enc1.forward(images));
        h = Ops.silu(enc2.forward(h));
        h = Ops.silu(enc3.forward(h));
        h = Ops.silu(enc4.forward(h));
        return encOut.forward(h);
    }

    /** Normalised latent: what the diffusion model and the distribution distance work on. */
    public NDArray encode(NDArray images) {
        return encodeRaw(images).sub(latentShift).div(latentScale);
    }

    public NDArray decodeRaw(NDArray latent) {
        NDArray h = Ops.silu(dec1.forward(latent));
        h = Ops.silu(dec2.forward(h));
        h = Ops.silu(dec3.forward(Ops.upsample2x(h)));
        h = Ops.silu(dec4.forward(Ops.upsample2x(h)));
        return decOut.forward(h);
    }

    /** Images (B, 3, S, S) from normalised latents. */
    public NDArray decode(NDArray latent) {
        return decodeRaw(latent.mul(latentScale).add(latentShift));
    }

    /** Sets the normalisation from measured per-channel mean and standard deviation of raw latents. */
    public void setLatentStatistics(float[] mean, float[] std) {
        latentShift.set(mean);
        latentScale.set(std);
    }
}
