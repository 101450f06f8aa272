package dev.rsidiff.scorers.train;

import dev.rsidiff.engine.cli.CliLogging;
import dev.rsidiff.scorers.ScorerRegistry;
import dev.rsidiff.scorers.data.ModelSamples;
import dev.rsidiff.scorers.drift.DriftCheck;
import dev.rsidiff.scorers.data.PairSource;
import dev.rsidiff.scorers.model.AestheticModel;
import dev.rsidiff.scorers.model.AlignmentModel;
import dev.rsidiff.scorers.model.PreferenceModel;
import dev.rsidiff.scorers.model.ScorerModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rsi scorers train NAME}: trains a scorer reproducibly and writes its shipped weights. */
@Command(name = "scorers", mixinStandardHelpOptions = true, subcommands = {ScorersCommand.Train.class,
        ScorersCommand.Validate.class, ScorersCommand.Drift.class},
        description = "Train the embedded preference scorers.")
public final class ScorersCommand {

    /** Seeds: training and validation draw from disjoint scene streams. */
    public static final long TRAIN_SEED = 1_000;
    public static final long VALIDATION_SEED = 9_000;
    /** G0-redrawn scene pairs of the held-out hard-negative measurement, and how far from noise they start. */
    public static final int REDRAWN_PAIRS = 300;
    public static final double REDRAW_STRENGTH = 0.5;

    ScorersCommand() {
    }

    public static void main(String[] args) {
        CliLogging.use();
        System.exit(new CommandLine(new ScorersCommand()).execute(args));
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train one scorer: alignment, aesthetic or preference.")
    static final class Train implements Callable<Integer> {

        @Parameters(index = "0", description = "alignment, aesthetic or preference")
        String name;

        @Option(names = "--steps", description = "Training steps (default per scorer).")
        Integer steps;

        @Option(names = "--out", defaultValue = "scorers/src/main/resources/scorers", description = "Directory for the weights (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--captions", description = "alignment only: the earlier recipe, InfoNCE over renders with"
                + " their full captions and a one-attribute-changed caption as an extra negative (shipped until"
                + " 2026-12-05).")
        boolean captions;

        @Option(names = "--hard-negatives", paramLabel = "G0_SHARE", description = "alignment only: the earlier recipe"
                + " on hard negatives (a caption at every level the prompt pool admits against the same scene with one"
                + " attribute changed among those the level names), with this share of the images G0-redrawn samples"
                + " of known content.")
        Double hardNegativeShare;

        @Option(names = "--soft-share", defaultValue = "0.5", description = "alignment, scene pairs (the default"
                + " recipe): share of pairs softened to look like model samples (default: ${DEFAULT-VALUE}).")
        double softShare;

        @Option(names = "--shape-share", defaultValue = "0.5", description = "alignment, scene pairs: share of pairs"
                + " whose changed attribute is the shape; the others change any of the five (default: ${DEFAULT-VALUE}).")
        double shapeShare;

        @Option(names = "--lookalike-share", defaultValue = "0", description = "alignment, scene pairs: share of the"
                + " shape changes that go to the shape looking most like the scene's once softened (a star's nearest is"
                + " often a triangle, a ring's a circle), instead of any other shape (default: ${DEFAULT-VALUE}).")
        double lookalikeShare;

        @Option(names = "--full-share", defaultValue = "0.75", description = "alignment, scene pairs: share of pairs"
                + " captioned in full; the others at a random level that tells the two apart (default: ${DEFAULT-VALUE}).")
        double fullShare;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            checkRecipe();
            long t0 = System.nanoTime();
            ModelSamples g0Train = name.equals(AlignmentModel.NAME) ? null : ModelSamples.ofBaseModel(1500, TRAIN_SEED + 41);
            ModelSamples redrawnTrain = hardNegativeShare == null || hardNegativeShare == 0 ? null
                    : ModelSamples.redrawnPairs(1500, TRAIN_SEED + 43, REDRAW_STRENGTH);
            PairSource train = new PairSource(TRAIN_SEED, g0Train, redrawnTrain);
            PairSource validation = validationSource(name);
            try (ScorerModel model = newModel(spec, name)) {
                if (model instanceof PreferenceModel) {
                    // Start from the alignment scorer's towers: the reward model then begins with an image-text
                    // similarity it only has to refine into a preference (trained alignment weights must exist).
                    Path alignment = out.resolve(AlignmentModel.NAME + ".weights");
                    int copied;
                    try (AlignmentModel source = new AlignmentModel()) {
                        copied = ScorerTraining.initialiseFrom(model, source, alignment);
                    }
                    console.printf("preference: %d tensors initialised from the alignment scorer %s%n", copied, alignment);
                }
                switch (name) {
                    case AlignmentModel.NAME -> {
                        AlignmentModel alignment = (AlignmentModel) model;
                        if (captions || hardNegativeShare != null) {
                            ScorerTraining.trainAlignment(alignment, hardNegativeShare == null ? train::captions
                                    : n -> train.hardCaptions(n, hardNegativeShare), steps == null ? 1500 : steps, 64, 2e-3);
                        } else {
                            ScorerTraining.trainAlignmentOnPairs(alignment, n -> train.scenePairs(n, softShare,
                                    shapeShare, lookalikeShare, fullShare), steps == null ? 5000 : steps, 32, 2e-3);
                        }
                    }
                    case AestheticModel.NAME -> ScorerTraining.trainAesthetic((AestheticModel) model,
                            s -> train.aesthetic(32, 0.3), steps == null ? 1200 : steps, 1e-3);
                    default -> ScorerTraining.trainPairwise(model, s -> train.preference(32, 0.25),
                            steps == null ? 2000 : steps, 5e-4);
                }
                Files.createDirectories(out);
                Path file = out.resolve(name + ".weights");
                String version;
                try (OutputStream o = Files.newOutputStream(file)) {
                    version = model.save(o);
                }
                console.printf("%s@%s written to %s in %ds%n", name, version, file, (System.nanoTime() - t0) / 1_000_000_000L);
                for (Map.Entry<String, Double> e : Validation.of(model, validation).entrySet()) {
                    console.printf("  validation %-28s %.3f%n", e.getKey(), e.getValue());
                }
            }
            return 0;
        }

        /** Refuses, naming the value, recipe options that do not apply or are out of range. */
        private void checkRecipe() {
            checkName(spec, name);
            boolean alignment = name.equals(AlignmentModel.NAME);
            if (hardNegativeShare != null && (!alignment || captions || hardNegativeShare < 0 || hardNegativeShare > 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--hard-negatives " + hardNegativeShare
                        + ": a share in [0, 1], for the alignment scorer only, without --captions");
            }
            if (captions && !alignment) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--captions: for the alignment scorer only");
            }
            for (Map.Entry<String, Double> share : Map.of("--soft-share", softShare, "--shape-share", shapeShare,
                    "--lookalike-share", lookalikeShare, "--full-share", fullShare).entrySet()) {
                if (!(share.getValue() >= 0 && share.getValue() <= 1)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), share.getKey() + " " + share.getValue()
                            + ": a share in [0, 1]");
                }
            }
        }
    }

    /** An unknown scorer name is a usage error naming it, before any data is drawn. */
    static void checkName(CommandLine.Model.CommandSpec spec, String name) {
        if (!ScorerRegistry.names().contains(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown scorer '" + name + "': " + String.join(", ", ScorerRegistry.names()));
        }
    }

    /** An untrained scorer model of that name, from the registry; an unknown name is a usage error naming it. */
    static ScorerModel newModel(CommandLine.Model.CommandSpec spec, String name) {
        checkName(spec, name);
        return ScorerRegistry.untrained(name).orElseThrow();
    }

    /** The held-out data a scorer is validated on: renders, plus the G0 samples its kind of validation needs. */
    static PairSource validationSource(String name) {
        ModelSamples g0Validation = name.equals(AlignmentModel.NAME) ? null : ModelSamples.ofBaseModel(400, VALIDATION_SEED + 41);
        ModelSamples redrawnValidation = name.equals(AestheticModel.NAME) ? null
                : ModelSamples.redrawnPairs(REDRAWN_PAIRS, VALIDATION_SEED + 43, REDRAW_STRENGTH);
        return new PairSource(VALIDATION_SEED, g0Validation, redrawnValidation);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Print a scorer's held-out validation figures, for its shipped weights or a weights file.")
    static final class Validate implements Callable<Integer> {

        @Parameters(index = "0", description = "alignment, aesthetic or preference")
        String name;

        @Option(names = "--weights", description = "Weights file, as 'scorers train' writes it (default: the shipped weights).")
        Path weights;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (weights != null && !Files.isReadable(weights)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--weights " + weights + ": not a readable file");
            }
            PrintWriter console = spec.commandLine().getOut();
            try (ScorerModel model = newModel(spec, name)) {
                if (weights == null) {
                    model.loadShippedWeights();
                    console.printf("%s, shipped weights @%s%n", name, model.version());
                } else {
                    try (java.io.InputStream in = Files.newInputStream(weights)) {
                        dev.rsidiff.engine.nn.ParamsIO.read(in, model.params(), name + " weights " + weights);
                    }
                    console.printf("%s, %s%n", name, weights);
                }
                for (Map.Entry<String, Double> e : Validation.of(model, validationSource(name)).entrySet()) {
                    console.printf("  validation %-28s %.3f%n", e.getKey(), e.getValue());
                }
            }
            return 0;
        }
    }

    @Command(name = "drift-check", mixinStandardHelpOptions = true,
            description = "Drift G0 by naive self-training and compare a scorer's scores before and after (default: aesthetic).")
    static final class Drift implements Callable<Integer> {

        @Parameters(index = "0", defaultValue = "aesthetic", description = "Scorer name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--out", defaultValue = "drifted.ckpt", description = "Where the drifted checkpoint goes (default: ${DEFAULT-VALUE}).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            DriftCheck.Settings settings = DriftCheck.Settings.defaults();
            DriftCheck.Result r;
            try (dev.rsidiff.scorers.ImageScorer scorer = ScorerRegistry.open(name);
                 OutputStream o = Files.newOutputStream(out)) {
                r = DriftCheck.run(dev.rsidiff.engine.ckpt.BaseModel.load(), scorer, settings, o);
            }
            console.printf("%s on %d prompts: G0 %.4f, drifted %s %.4f; drifted sample higher for %.1f%% (%s written to %s)%n",
                    name, settings.prompts(), r.before(), r.driftedId(), r.after(), 100 * r.shareHigher(),
                    r.driftedId(), out);
            return 0;
        }
    }
}
