package dev.rsidiff.engine.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.text.TextConditioning;
import dev.rsidiff.engine.train.DiffusionTrainer;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.world.Region;
import dev.rsidiff.engine.world.SceneCaptions;
import dev.rsidiff.engine.world.WebCaptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Can a denoiser learn where a prompt puts its object, and how fast? Trains a fresh model (denoiser and text
 * encoder) from scratch and, every few steps, measures its x0-prediction at t = {@link #PROBE_T}, where sampling
 * decides the layout: the share of held-out prompts whose predicted object lies in the named region.
 * <ul>
 *   <li>{@link Data#SYNTHETIC}: latents that hold only a 3x3 blob at the region's centre (channel by colour), so
 *       position is the whole target;</li>
 *   <li>{@link Data#RENDERS}: the world's renders with full captions, through the shipped G0's autoencoder, where
 *       the object is a small part of what the loss sees.</li>
 * </ul>
 * A diagnostic for the base-model work, not part of the loop: it separates "cannot learn position" from "has not
 * learned it yet".
 */
public final class PositionProbe {

    private static final Logger LOG = LoggerFactory.getLogger(PositionProbe.class);
    static final int PROBE_T = 950;
    static final int EVAL_SEED = 99;

    public enum Data { SYNTHETIC, RENDERS }

    /** How the renders' training scenes are captioned (held-out prompts always have full captions). */
    public enum Captions {
        FULL(SceneCaptions.full()), MIX(SceneCaptions.specificityMix()), WEB(new WebCaptions());

        private final SceneCaptions captions;

        Captions(SceneCaptions captions) {
            this.captions = captions;
        }

        SceneCaptions captions() {
            return captions;
        }
    }

    /**
     * @param longCaptions synthetic data only: add a size word and a background colour that change nothing in the
     *                     latent (what real captions do)
     * @param captions     renders only: how the training scenes are captioned
     */
    public record Settings(Data data, String conditioning, int steps, int every, int batchSize, double learningRate,
                           double minSnrGamma, boolean longCaptions, Captions captions, long seed) {
        public Settings {
            if (steps < 1 || every < 1 || batchSize < 1) {
                throw new IllegalArgumentException("steps, every and batchSize must be >= 1");
            }
        }
    }

    /** One measurement: mean training loss since the last one, and the region accuracy of {@code evaluated} prompts. */
    public record Point(int step, double loss, double regionAccuracy, int evaluated) {
    }

    private PositionProbe() {
    }

    public static List<Point> run(Settings s) {
        ModelConfig d = ModelConfig.defaults(32);
        ModelConfig config = new ModelConfig(d.imageSize(), d.latentChannels(), d.aeChannels(), d.baseChannels(),
                d.midChannels(), d.condDim(), d.textDim(), d.textLayers(), d.textHidden(), d.textHeads(), d.maxTokens(),
                d.vocabulary(), d.timesteps(), d.prediction(), s.conditioning());
        List<Point> points = new ArrayList<>();
        try (DiffusionModel model = DiffusionModel.create(config, s.seed())) {
            ProbeData data = s.data() == Data.SYNTHETIC ? new BlobLatents(s.seed(), s.longCaptions())
                    : new RenderLatents(model, s.seed(), s.captions().captions());
            ProbeData.Batch held = (s.data() == Data.SYNTHETIC ? new BlobLatents(EVAL_SEED, s.longCaptions())
                    : new RenderLatents(model, EVAL_SEED, SceneCaptions.full())).heldOut(144);
            TrainerSettings settings = new TrainerSettings(s.learningRate(), 1e-4, 1.0, 0.1, s.minSnrGamma(), 0,
                    s.batchSize(), s.seed(), true, 100);
            double[] weights = new double[s.batchSize()];
            Arrays.fill(weights, 1.0);
            double lossSum = 0;
            int lossCount = 0;
            try (DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
                for (int step = 1; step <= s.steps(); step++) {
                    ProbeData.Batch b = data.next(s.batchSize());
                    lossSum += trainer.step(b.latents(), b.captions(), weights);
                    lossCount++;
                    if (step % s.every() == 0 || step == s.steps()) {
                        Point p = new Point(step, lossSum / lossCount, accuracy(model, data, held), held.regions().size());
                        LOG.info("{} {} step {}: loss {}, region of the t={} prediction right for {} of {} held-out prompts",
                                s.data(), s.conditioning(), step, String.format("%.4f", p.loss()), PROBE_T,
                                String.format("%.3f", p.regionAccuracy()), p.evaluated());
                        points.add(p);
                        lossSum = 0;
                        lossCount = 0;
                    }
                }
            }
        }
        return points;
    }

    /** The share of the held-out batch whose x0-prediction at {@link #PROBE_T} puts the object in its region. */
    static double accuracy(DiffusionModel model, ProbeData data, ProbeData.Batch held) {
        int n = held.captions().size();
        double alphaBar = model.schedule().alphaBar(PROBE_T);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x0 = m.create(held.latents(), model.latentShape(n));
            m.getEngine().setRandomSeed(EVAL_SEED);
            NDArray xt = x0.mul((float) Math.sqrt(alphaBar))
                    .add(m.randomNormal(model.latentShape(n)).mul((float) Math.sqrt(1 - alphaBar)));
            TextConditioning text = model.textEncoder().condition(m, held.captions());
            float[] t = new float[n];
            Arrays.fill(t, PROBE_T);
            NDArray v = model.denoiser().forward(xt, m.create(t), text);
            NDArray predicted = xt.mul((float) Math.sqrt(alphaBar)).sub(v.mul((float) Math.sqrt(1 - alphaBar)));
            List<Region> found = data.regionsOf(predicted, held);
            int right = 0;
            for (int i = 0; i < n; i++) {
                right += found.get(i) == held.regions().get(i) ? 1 : 0;
            }
            return right / (double) n;
        }
    }

    /** Region of a point given as fractions of the side. */
    static Region regionAt(double x, double y) {
        int column = x < 1 / 3.0 ? 0 : x < 2 / 3.0 ? 1 : 2;
        int row = y < 1 / 3.0 ? 0 : y < 2 / 3.0 ? 1 : 2;
        for (Region r : Region.values()) {
            if (r.column() == column && r.row() == row) {
                return r;
            }
        }
        throw new IllegalStateException("No region at column " + column + ", row " + row);
    }
}
