package dev.rsidiff.engine.probe;

import ai.djl.ndarray.NDArray;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.train.LatentEncoder;
import dev.rsidiff.engine.world.Region;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneCaptions;
import dev.rsidiff.engine.world.TrainingScenes;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The world's renders with full captions, encoded by the shipped G0's autoencoder (loaded into the probe's model).
 * A predicted latent is decoded, and its object's centre is the centre of mass of the pixels' squared distance from
 * the background colour the caption names.
 */
final class RenderLatents implements ProbeData {

    private final DiffusionModel model;
    private final TrainingScenes training;
    private final TrainingScenes singleObject;

    /** @param captions how the training scenes are captioned (the held-out ones always in full) */
    RenderLatents(DiffusionModel model, long seed, SceneCaptions captions) {
        this(model, seed, captions, true);
    }

    /** @param baseAutoEncoder load the shipped G0's autoencoder (a fresh probe model has none of its own) */
    RenderLatents(DiffusionModel model, long seed, SceneCaptions captions, boolean baseAutoEncoder) {
        this.model = model;
        if (baseAutoEncoder) {
            BaseModel.load().loadStageInto(model, "autoencoder.");
        }
        this.training = new TrainingScenes(seed, model.config().imageSize(), captions, scene -> true);
        this.singleObject = new TrainingScenes(seed, model.config().imageSize(), SceneCaptions.full(),
                scene -> scene.secondary().isEmpty());
    }

    @Override
    public Batch next(int count) {
        return encode(training.next(count));
    }

    @Override
    public Batch heldOut(int count) {
        return encode(singleObject.next(count));
    }

    private Batch encode(TrainingScenes.Batch b) {
        int n = b.captions().size();
        List<Region> regions = b.scenes().stream().map(s -> s.primary().region()).toList();
        return new Batch(LatentEncoder.encode(model, b.pixels(), n), b.captions(), regions, b.scenes());
    }

    @Override
    public List<Region> regionsOf(NDArray predicted, Batch batch) {
        float[] px = model.autoEncoder().decode(predicted).toFloatArray();
        int s = model.config().imageSize();
        int plane = s * s;
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < batch.captions().size(); i++) {
            Scene scene = batch.scenes().get(i);
            Color bg = scene.background().awt();
            float[] background = {bg.getRed() / 127.5f - 1, bg.getGreen() / 127.5f - 1, bg.getBlue() / 127.5f - 1};
            double mass = 0;
            double mx = 0;
            double my = 0;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    double d = 0;
                    for (int c = 0; c < 3; c++) {
                        double diff = px[i * 3 * plane + c * plane + y * s + x] - background[c];
                        d += diff * diff;
                    }
                    mass += d;
                    mx += d * (x + 0.5);
                    my += d * (y + 0.5);
                }
            }
            out.add(mass == 0 ? Region.CENTER : PositionProbe.regionAt(mx / mass / s, my / mass / s));
        }
        return out;
    }
}
