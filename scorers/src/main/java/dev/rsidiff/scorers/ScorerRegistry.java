package dev.rsidiff.scorers;

import dev.rsidiff.scorers.model.AestheticModel;
import dev.rsidiff.scorers.model.AlignmentModel;
import dev.rsidiff.scorers.model.PreferenceModel;
import dev.rsidiff.scorers.model.ScorerModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens scorers by configured name, optionally pinned to a weights version ("alignment@3f2a9c01b2d4"). An unknown
 * name, or a version other than the shipped weights', fails at once with the list of known scorers. The name
 * {@value NoOpScorer#NAME} opens the {@link NoOpScorer}, which runs no model (for benchmarks).
 */
public final class ScorerRegistry {

    private static final Map<String, Supplier<ScorerModel>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(AlignmentModel.NAME, AlignmentModel::new);
        KNOWN.put(AestheticModel.NAME, AestheticModel::new);
        KNOWN.put(PreferenceModel.NAME, PreferenceModel::new);
    }

    private ScorerRegistry() {
    }

    /** Names of the learned scorers (not the {@linkplain NoOpScorer no-op scorer}, which benchmarks open by name). */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /** An untrained model of the learned scorer {@code name}, for weights to be trained or loaded; empty if unknown. */
    public static Optional<ScorerModel> untrained(String name) {
        return Optional.ofNullable(KNOWN.get(name)).map(Supplier::get);
    }

    /** Opens each named scorer with its shipped weights. Close what is returned. */
    public static List<ImageScorer> open(List<String> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("No scorers configured; known: " + describeKnown());
        }
        List<ImageScorer> opened = new ArrayList<>();
        try {
            for (String spec : specs) {
                opened.add(open(spec));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(ImageScorer::close);
            throw e;
        }
    }

    /**
     * Why {@code spec} ("name" or "name@version") cannot be opened, or empty if it can: an unknown name, no shipped
     * weights, or a version other than the shipped one. Checks before a run starts what {@link #open} would refuse
     * in the middle of it.
     */
    public static Optional<String> problemWith(String spec) {
        Spec s = Spec.of(spec);
        String name = s.name();
        String version = s.version();
        if (s.isNoOp()) {
            return s.noOpProblem();
        }
        Supplier<ScorerModel> factory = KNOWN.get(name);
        if (factory == null) {
            return Optional.of("unknown scorer '" + name + "'; known: " + describeKnown());
        }
        try (ScorerModel model = factory.get()) {
            Optional<String> shipped = model.shippedVersion();
            if (shipped.isEmpty()) {
                return Optional.of("scorer '" + name + "' has no shipped weights");
            }
            if (version != null && !shipped.get().equals(version)) {
                return Optional.of("scorer '" + name + "' version " + version + " is not available; known: "
                        + describeKnown());
            }
        }
        return Optional.empty();
    }

    /** Opens one scorer: "name" or "name@version". */
    public static ImageScorer open(String spec) {
        Spec s = Spec.of(spec);
        String name = s.name();
        String version = s.version();
        if (s.isNoOp()) {
            s.noOpProblem().ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            return new NoOpScorer();
        }
        Supplier<ScorerModel> factory = KNOWN.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("Unknown scorer '" + name + "'; known: " + describeKnown());
        }
        ScorerModel model = factory.get();
        try {
            model.loadShippedWeights();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        if (version != null && !model.version().equals(version)) {
            String actual = model.version();
            model.close();
            throw new IllegalArgumentException("Scorer '" + name + "' version " + version + " is not available (the shipped"
                    + " weights are version " + actual + "); known: " + describeKnown());
        }
        return model;
    }

    /** A scorer as configured: "name" or "name@version" (version null when not pinned). */
    private record Spec(String name, String version) {

        static Spec of(String spec) {
            int at = spec.indexOf('@');
            return at < 0 ? new Spec(spec.trim(), null) : new Spec(spec.substring(0, at).trim(), spec.substring(at + 1));
        }

        boolean isNoOp() {
            return name.equals(NoOpScorer.NAME);
        }

        /** The no-op scorer has one version, its name. */
        Optional<String> noOpProblem() {
            return version == null || version.equals(NoOpScorer.NAME) ? Optional.empty()
                    : Optional.of("scorer '" + name + "' has no version " + version);
        }
    }

    private static String describeKnown() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Supplier<ScorerModel>> e : KNOWN.entrySet()) {
            try (ScorerModel m = e.getValue().get()) {
                out.add(m.shippedVersion().map(v -> e.getKey() + "@" + v).orElse(e.getKey() + " (no weights shipped)"));
            }
        }
        return String.join(", ", out);
    }
}
