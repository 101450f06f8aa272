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
        String name = (spec.contains("@") ? spec.substring(0, spec.indexOf('@')) : spec).trim();
        String version = spec.contains("@") ? spec.substring(spec.indexOf('@') + 1) : null;
        if (name.equals(NoOpScorer.NAME)) {
            return version == null || version.equals(NoOpScorer.NAME) ? Optional.empty()
                    : Optional.of("scorer '" + name + "' has no version " + version);
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
        String name = spec.contains("@") ? spec.substring(0, spec.indexOf('@')) : spec;
        String version = spec.contains("@") ? spec.substring(spec.indexOf('@') + 1) : null;
        if (name.trim().equals(NoOpScorer.NAME)) {
            if (version != null && !version.equals(NoOpScorer.NAME)) {
                throw new IllegalArgumentException("Scorer '" + NoOpScorer.NAME + "' has no version " + version);
            }
            return new NoOpScorer();
        }
        Supplier<ScorerModel> factory = KNOWN.get(name.trim());
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
