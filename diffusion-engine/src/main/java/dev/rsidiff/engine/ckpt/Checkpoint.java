package dev.rsidiff.engine.ckpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.train.DiffusionTrainer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded (verified) checkpoint: header plus tensors by name. Weights go into a model with {@link #loadInto};
 * training state into a trainer with {@link #restoreTraining}.
 *
 * @param header  the header
 * @param tensors values by name
 */
public record Checkpoint(CheckpointHeader header, Map<String, float[]> tensors) {

    static final String TRAINING_PREFIX = "opt.";

    /** A new model with this checkpoint's architecture and weights. */
    public DiffusionModel toModel() {
        DiffusionModel model = DiffusionModel.create(header.config(), 0);
        try {
            loadInto(model);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Copies one stage's weights (every parameter whose name starts with {@code prefix}, e.g. "autoencoder.") into
     * {@code model}, whose other stages may differ: how a new model reuses a trained stage, as Stable Diffusion
     * versions share one VAE. Returns how many tensors were copied.
     */
    public int loadStageInto(DiffusionModel model, String prefix) {
        int copied = copyParameters(model, prefix);
        if (copied == 0) {
            throw new CheckpointException("The model has no parameter starting with '" + prefix + "'");
        }
        return copied;
    }

    /** Copies the weights into {@code model}, which must have the same architecture. */
    public void loadInto(DiffusionModel model) {
        List<String> differences = header.config().differencesFrom(model.config());
        if (!differences.isEmpty()) {
            throw new CheckpointException("Checkpoint " + header.id() + " is for another architecture: "
                    + String.join("; ", differences) + " (checkpoint vs model)");
        }
        copyParameters(model, "");
    }

    /** Sets every model parameter whose name starts with {@code prefix} from this checkpoint; returns how many. */
    private int copyParameters(DiffusionModel model, String prefix) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        header.tensors().forEach(t -> shapes.put(t.name(), t.shape()));
        int copied = 0;
        for (Map.Entry<String, NDArray> e : model.params().all().entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            float[] values = tensors.get(e.getKey());
            if (values == null) {
                throw new CheckpointException("Checkpoint " + header.id() + " lacks parameter " + e.getKey());
            }
            long[] expected = e.getValue().getShape().getShape();
            if (!Arrays.equals(expected, shapes.get(e.getKey()))) {
                throw new CheckpointException("Checkpoint " + header.id() + ": parameter " + e.getKey() + " has shape "
                        + Arrays.toString(shapes.get(e.getKey())) + ", the model expects " + Arrays.toString(expected));
            }
            try (NDScope scope = new NDScope()) {
                e.getValue().set(values);
            }
            copied++;
        }
        return copied;
    }

    public boolean hasTrainingState() {
        return tensors.keySet().stream().anyMatch(k -> k.startsWith(TRAINING_PREFIX));
    }

    /** Puts the saved optimizer (and EMA) state into {@code trainer}, so training continues where it stood. */
    public void restoreTraining(DiffusionTrainer trainer) {
        if (!hasTrainingState()) {
            throw new CheckpointException("Checkpoint " + header.id() + " has no training state to resume from");
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(TRAINING_PREFIX)) {
                state.put(k.substring(TRAINING_PREFIX.length()), v);
            }
        });
        trainer.restore(state, header.step());
    }
}
