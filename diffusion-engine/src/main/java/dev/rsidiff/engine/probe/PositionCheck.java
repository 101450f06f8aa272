package dev.rsidiff.engine.probe;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.world.SceneCaptions;

/**
 * The position probe's measurement applied to a model being trained with its own autoencoder: the share of 144
 * fixed single-object prompts (full captions) whose x0-prediction at t = 950 puts the object in the named region.
 * Pretraining logs it so that a run shows when position is learned (a sharp rise after a long flat stretch).
 */
public final class PositionCheck {

    private static final int PROMPTS = 144;

    private final DiffusionModel model;
    private final RenderLatents data;
    private final ProbeData.Batch held;

    /** The held-out batch is encoded once, with the model's autoencoder as it is now (trained and calibrated). */
    public PositionCheck(DiffusionModel model) {
        this.model = model;
        this.data = new RenderLatents(model, PositionProbe.EVAL_SEED, SceneCaptions.full(), false);
        this.held = data.heldOut(PROMPTS);
    }

    /** The share of the held-out prompts whose predicted object is in the named region (chance about 0.11). */
    public double regionAccuracy() {
        return PositionProbe.accuracy(model, data, held);
    }
}
