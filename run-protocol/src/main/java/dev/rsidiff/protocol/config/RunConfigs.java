package dev.rsidiff.protocol.config;

import dev.rsidiff.events.run.DeadLetterPolicy;
import dev.rsidiff.bus.serde.AvroTrust;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.events.common.GuidanceSchedule;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.SelectionRule;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Run configurations: the embedded default, reading settings given as {@code name=value} pairs (a properties file
 * or command-line overrides, with the field names of {@link RunConfig}), and validation that names the offending
 * setting. The parser walks the Avro schema, so a field added to {@code RunConfig} is settable without touching
 * this class.
 */
public final class RunConfigs {

    /**
     * The most images a round may ask for: every image id, seed and expected count is an int, and a round this size
     * already takes days on the reference hardware.
     */
    public static final int MAX_IMAGES_PER_ROUND = 1_000_000;

    /** The sampler: the engine's DDIM. */
    public static final String DDIM = "ddim";

    /**
     * A sampler that does not run the model (the engine's {@code NoOpSampler}: seeded noise), for measuring the
     * pipeline's own cost per image ({@code rsi bench loop --no-op-model}). A run that uses it trains on noise.
     */
    public static final String NO_OP = "noop";

    static {
        AvroTrust.trustEventPackages();
    }

    private RunConfigs() {
    }

    /**
     * The embedded default, sized for 2 CPU cores: 5 rounds of 64 prompts x 32 images from G0 with ReDiFine's guidance
     * schedule (3, strong early), the best of each prompt's 32 by the alignment scorer with the aesthetic score as a
     * floor (0.5), Eq. 5 weights on the distance to the 5 nearest encodings of D_0 with beta (its median) and sigma^2
     * (weight 1/2 at its 0.95 quantile) calibrated from D_0's own leave-one-out distances, condition drop 0.2, and at
     * least 160 fine-tuning steps a round at lr 1e-4 (10 of warm-up) on every round's selected samples so far
     * (accumulated, not replaced), with an anchor to the base (20) and the EMA weights (0.9) published. Chosen by
     * measurement (the README's study section): on 2026-12-04, against 4 images a prompt, 40 steps and an anchor of
     * 200, held-out faithfulness after 4 rounds rose from 0.822 to 0.863 and the validation prompts, flat before,
     * rose with it; on 2026-12-05 accumulating with 160 steps took it to 0.869-0.873 with fidelity back at the base's
     * (standardised Frechet 7.4-7.6 against 7.7, 9.3 before); earlier still (global top 96 by rank average, lr 2e-4,
     * no anchor, no EMA) every arm of the quick study ended below G0; later on 2026-12-05, paired at two run seeds,
     * an anchor of 20 was at or above 50 in all 12 rounds, and 32 images a prompt above 16 in 11 of 12, with shape
     * at the best round 0.663-0.667 against 0.637 ({@code docs/recipe-history.md}).
     */
    /** The run's last round: its first plus its number of rounds, less one (its base is the round before its first). */
    public static int lastRound(RunConfig config) {
        return config.getStartRound() + config.getRounds() - 1;
    }

    public static RunConfig defaults() {
        return RunConfig.newBuilder()
                .setRounds(5)
                .setStartRound(1)
                .setBaseCheckpointId(BaseModel.ID)
                .setSeed(20261122L)
                .setPromptsPerRound(64)
                .setImagesPerPrompt(32)
                .setPromptFiltering(true)
                .setSampler(DDIM)
                .setSamplingSteps(20)
                .setGuidanceScale(3.0)
                .setGuidanceSchedule(GuidanceSchedule.STRONG_EARLY)
                .setGuidanceAlpha(2.0)
                .setTopK(64)
                .setSelectionRule(SelectionRule.PER_PROMPT)
                .setPerPromptKeep(1)
                .setScorers(List.of("alignment", "aesthetic"))
                .setVetoScorers(List.of("aesthetic"))
                .setScoreFloors(Map.of("aesthetic", 0.5))
                .setDistributionWeighting(true)
                .setDistanceNeighbours(5)
                .setBeta(null)
                .setBetaQuantile(0.5)
                .setSigma2(2.0)
                .setHalfWeightQuantile(0.95)
                .setLearningRate(1e-4)
                .setEpochs(8)
                .setBatchSize(32)
                .setConditionDropProbability(0.2)
                .setMinSteps(160)
                .setAccumulateSamples(true)
                .setWarmupSteps(10)
                .setEmaDecay(0.9)
                .setAnchorStrength(20)
                .setOnDeadLetters(DeadLetterPolicy.PROCEED_AFTER_GRACE)
                .build();
    }

    /** {@code base} with the given settings applied; unknown names and unreadable values are rejected by name. */
    public static RunConfig apply(RunConfig base, Map<String, String> settings) {
        RunConfig out = RunConfig.newBuilder(base).build();
        Map<String, Schema.Field> fields = new TreeMap<>();
        for (Schema.Field f : RunConfig.getClassSchema().getFields()) {
            fields.put(f.name(), f);
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String name = e.getKey().trim();
            Schema.Field field = fields.get(name);
            if (field == null) {
                throw new InvalidRunConfigException("Unknown run setting '" + name + "'; known settings: "
                        + String.join(", ", fields.keySet()));
            }
            out.put(field.pos(), parse(name, e.getValue().trim(), field.schema()));
        }
        if (settings.keySet().stream().anyMatch(k -> k.trim().equals("sigma2"))
                && settings.keySet().stream().noneMatch(k -> k.trim().equals("halfWeightQuantile"))) {
            out.setHalfWeightQuantile(null); // a sigma^2 given explicitly is used, not calibrated away
        }
        return validate(out);
    }

    private static Object parse(String name, String value, Schema schema) {
        try {
            return switch (schema.getType()) {
                case INT -> Integer.parseInt(value);
                case LONG -> Long.parseLong(value);
                case DOUBLE -> Double.parseDouble(value);
                case BOOLEAN -> parseBoolean(value);
                case STRING -> value;
                case ENUM -> enumValue(name, value, schema);
                case ARRAY -> value.isEmpty() ? List.of() : new ArrayList<>(Arrays.stream(value.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList());
                case MAP -> parseMap(name, value);
                case UNION -> value.isEmpty() || value.equalsIgnoreCase("null") || value.equalsIgnoreCase("auto")
                        ? null : parse(name, value, schema.getTypes().stream()
                        .filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow());
                default -> throw new InvalidRunConfigException("Run setting '" + name + "' has unsupported type "
                        + schema.getType());
            };
        } catch (NumberFormatException e) {
            throw new InvalidRunConfigException("Run setting '" + name + "' must be a " + schema.getType()
                    .getName() + ", got '" + value + "'");
        }
    }

    /** {@code name:value,name:value} (a map of doubles: the only map among the settings). */
    private static Map<String, Double> parseMap(String name, String value) {
        Map<String, Double> out = new TreeMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new InvalidRunConfigException("Run setting '" + name + "' takes scorer:value pairs separated"
                        + " by commas, got '" + entry.trim() + "'");
            }
            String key = entry.substring(0, colon).trim();
            if (out.put(key, Double.parseDouble(entry.substring(colon + 1).trim())) != null) {
                throw new InvalidRunConfigException("Run setting '" + name + "' names '" + key + "' twice");
            }
        }
        return out;
    }

    private static boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new NumberFormatException(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(String name, String value, Schema schema) {
        String symbol = value.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (!schema.getEnumSymbols().contains(symbol)) {
            throw new InvalidRunConfigException("Run setting '" + name + "' must be one of "
                    + schema.getEnumSymbols() + ", got '" + value + "'");
        }
        // The generated enum class of whatever enum the field has, so a new enum setting needs no code here.
        Class type = org.apache.avro.specific.SpecificData.getForClass(RunConfig.class).getClass(schema);
        return Enum.valueOf(type, symbol);
    }

    /** Checks every setting; returns {@code c} or throws naming the first bad one. */
    public static RunConfig validate(RunConfig c) {
        atLeast("rounds", c.getRounds(), 1);
        atLeast("startRound", c.getStartRound(), 1);
        atLeast("promptsPerRound", c.getPromptsPerRound(), 1);
        atLeast("imagesPerPrompt", c.getImagesPerPrompt(), 1);
        atLeast("samplingSteps", c.getSamplingSteps(), 1);
        atLeast("epochs", c.getEpochs(), 1);
        atLeast("batchSize", c.getBatchSize(), 1);
        atLeast("topK", c.getTopK(), 1);
        atMost("samplingSteps", c.getSamplingSteps(), SamplerSettings.MAX_STEPS);
        if ((long) c.getStartRound() + c.getRounds() - 1 > Integer.MAX_VALUE) {
            throw new InvalidRunConfigException("startRound + rounds - 1 must fit in an int, got " + c.getStartRound()
                    + " + " + c.getRounds() + " - 1");
        }
        long images = (long) c.getPromptsPerRound() * c.getImagesPerPrompt();
        if (images > MAX_IMAGES_PER_ROUND) {
            throw new InvalidRunConfigException("promptsPerRound x imagesPerPrompt must be <= " + MAX_IMAGES_PER_ROUND
                    + ", got " + c.getPromptsPerRound() + " x " + c.getImagesPerPrompt() + " = " + images);
        }
        int pool = (int) images;
        if (c.getTopK() > pool) {
            throw new InvalidRunConfigException("topK " + c.getTopK() + " exceeds the round's pool of "
                    + c.getPromptsPerRound() + " prompts x " + c.getImagesPerPrompt() + " images = " + pool);
        }
        if (!DDIM.equals(c.getSampler()) && !NO_OP.equals(c.getSampler())) {
            throw new InvalidRunConfigException("sampler '" + c.getSampler() + "' is not implemented; the engine has '"
                    + DDIM + "' (and '" + NO_OP + "', which skips the model, for benchmarks)");
        }
        if (c.getBaseCheckpointId() == null || !c.getBaseCheckpointId().matches("ck-[0-9a-f]{16}")) {
            throw new InvalidRunConfigException("baseCheckpointId must look like ck-<16 hex>, got '"
                    + c.getBaseCheckpointId() + "'");
        }
        finiteAtLeast("guidanceScale", c.getGuidanceScale(), 0);
        positive("guidanceAlpha", c.getGuidanceAlpha());
        positive("sigma2", c.getSigma2());
        if (c.getBeta() != null) {
            finiteAtLeast("beta", c.getBeta(), 0);
        }
        positive("learningRate", c.getLearningRate());
        if (c.getLearningRate() >= 1) {
            throw new InvalidRunConfigException("learningRate must be < 1, got " + c.getLearningRate());
        }
        double drop = c.getConditionDropProbability();
        if (!(drop >= 0 && drop <= 1)) {
            throw new InvalidRunConfigException("conditionDropProbability must be in [0, 1], got " + drop);
        }
        if (c.getReviewTimeoutSeconds() < 1) {
            throw new InvalidRunConfigException("reviewTimeoutSeconds must be at least 1, got "
                    + c.getReviewTimeoutSeconds());
        }
        if (c.getScorers().isEmpty()) {
            throw new InvalidRunConfigException("scorers must name at least one scorer");
        }
        if (new java.util.HashSet<>(c.getScorers()).size() != c.getScorers().size()) {
            throw new InvalidRunConfigException("scorers must not repeat a name, got " + c.getScorers());
        }
        atLeast("perPromptKeep", c.getPerPromptKeep(), 1);
        atLeast("distanceNeighbours", c.getDistanceNeighbours(), 0);
        atLeast("minSteps", c.getMinSteps(), 0);
        atLeast("warmupSteps", c.getWarmupSteps(), 0);
        double ema = c.getEmaDecay();
        if (!(ema >= 0 && ema < 1)) {
            throw new InvalidRunConfigException("emaDecay must be in [0, 1), got " + ema);
        }
        finiteAtLeast("anchorStrength", c.getAnchorStrength(), 0);
        atLeast("patience", c.getPatience(), 0);
        finiteAtLeast("collapseFidelityRatio", c.getCollapseFidelityRatio(), 0);
        double q = c.getBetaQuantile();
        if (!(q > 0 && q <= 1)) {
            throw new InvalidRunConfigException("betaQuantile must be in (0, 1], got " + q);
        }
        if (c.getHalfWeightQuantile() != null) {
            double h = c.getHalfWeightQuantile();
            if (!(h > 0 && h <= 1)) {
                throw new InvalidRunConfigException("halfWeightQuantile must be in (0, 1], got " + h);
            }
            if (c.getBeta() == null && h <= q) {
                throw new InvalidRunConfigException("halfWeightQuantile must lie above betaQuantile " + q
                        + " (weight 1/2 lies beyond beta, where weights start falling), got " + h);
            }
        }
        double replay = c.getBaseReplay();
        if (!(replay >= 0 && replay <= 16)) {
            throw new InvalidRunConfigException("baseReplay must be in [0, 16] base samples per selected sample, got "
                    + replay);
        }
        for (String veto : c.getVetoScorers()) {
            if (!c.getScorers().contains(veto)) {
                throw new InvalidRunConfigException("vetoScorers names '" + veto + "', which is not among scorers "
                        + c.getScorers());
            }
        }
        if (c.getVetoScorers().containsAll(c.getScorers())) {
            throw new InvalidRunConfigException("vetoScorers " + c.getVetoScorers() + " leaves no scorer of "
                    + c.getScorers() + " to rank by");
        }
        for (Map.Entry<String, Double> floor : c.getScoreFloors().entrySet()) {
            if (!c.getScorers().contains(floor.getKey())) {
                throw new InvalidRunConfigException("scoreFloors names '" + floor.getKey() + "', which is not among"
                        + " scorers " + c.getScorers());
            }
            if (!Double.isFinite(floor.getValue())) {
                throw new InvalidRunConfigException("scoreFloors '" + floor.getKey() + "' must be finite, got "
                        + floor.getValue());
            }
        }
        return c;
    }

    /** The settings as {@code name=value} lines, in schema order (what a config file for this run would say). */
    public static String describe(RunConfig c) {
        return RunConfig.getClassSchema().getFields().stream()
                .map(f -> f.name() + "=" + format(c.get(f.pos())))
                .collect(Collectors.joining("\n"));
    }

    private static String format(Object v) {
        if (v == null) {
            return "auto";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (v instanceof Map<?, ?> m) {
            return new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        return String.valueOf(v);
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new InvalidRunConfigException(name + " must be >= " + min + ", got " + value);
        }
    }

    private static void atMost(String name, long value, long max) {
        if (value > max) {
            throw new InvalidRunConfigException(name + " must be <= " + max + ", got " + value);
        }
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidRunConfigException(name + " must be a finite number > 0, got " + value);
        }
    }

    private static void finiteAtLeast(String name, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new InvalidRunConfigException(name + " must be a finite number >= " + min + ", got " + value);
        }
    }
}
