package dev.rsidiff.control.study;

import dev.rsidiff.protocol.stopping.BestRound;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.evaluator.Intervals;
import dev.rsidiff.protocol.weights.WeightDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The study's findings from the arms' held-out evaluations: every metric per arm and round, 95% intervals for the
 * accuracies, ReDiFine's reusability figure, and the targets checked one by one. Pure: built from the
 * evaluation reports, so it is tested without Kafka.
 *
 * <p>Intervals: each held-out image is one trial of each attribute (every held-out prompt names all five), so an
 * attribute's accuracy gets the 95% Wilson interval over prompts x images. Mean faithfulness is a mean of per-image
 * shares in [0, 1], whose variance is at most p(1 - p), so the same interval is conservative for it. Images of one
 * prompt are not independent; with one image per prompt (the standard profile) they are. Fidelity and the collapse
 * figures are one number per evaluation and get no interval.
 */
public record StudyReport(StudyProfile profile, List<ArmResult> arms, Reusability reusabilityK, List<Target> targets,
                          double wallSeconds) {

    /** The metrics the report tabulates, in order; accuracies first. */
    public static final List<String> ACCURACIES = List.of("faithfulness", "faithfulness.region", "faithfulness.shape",
            "faithfulness.colour", "faithfulness.size", "faithfulness.background");
    public static final List<String> FIGURES = List.of("fidelity.frechet_standardised", "fidelity.kid",
            "fidelity.frechet", "fidelity.sample_distance", "diversity",
            "collapse.spread", "collapse.tails", "collapse.spectrum_distance", "scorer.alignment", "scorer.aesthetic",
            "scorer.preference");
    /**
     * The fidelity figure the targets and the reusability use: the Frechet distance on standardised features, which
     * does not grow with the raw features' scale; evaluations from before it existed fall back to the raw one.
     */
    static final String FIDELITY = "fidelity.frechet_standardised";
    static final String RAW_FIDELITY = "fidelity.frechet";

    static double fidelity(ArmOutcome o, int round) {
        double v = o.metric(round, FIDELITY);
        return Double.isNaN(v) ? o.metric(round, RAW_FIDELITY) : v;
    }

    /** A metric's value with its 95% interval (NaN bounds where it has none). */
    public record Value(double value, double low, double high) {
        static Value of(double v) {
            return new Value(v, Double.NaN, Double.NaN);
        }

        boolean hasInterval() {
            return !Double.isNaN(low);
        }
    }

    /** One arm: its run, and per round the checkpoint and every metric. */
    public record ArmResult(String arm, String description, String runId, Map<Integer, String> checkpoints,
                            Map<Integer, Map<String, Value>> rounds, int bestRound, double reusability,
                            Map<String, Integer> eventsPerTopic, Map<Integer, WeightDistribution> weights) {
    }

    /** FID_K - FID_1 over the rounds (ReDiFine's reusability; lower is better) and the K it used. */
    public record Reusability(int k) {
    }

    /** One of the targets, with whether the study met it and the figures behind the verdict. */
    public record Target(String name, boolean met, String evidence) {
    }

    public static StudyReport of(StudyProfile profile, List<ArmOutcome> outcomes, int reusabilityK, double wallSeconds) {
        List<ArmResult> arms = new ArrayList<>();
        for (ArmOutcome o : outcomes) {
            Map<Integer, Map<String, Value>> rounds = new LinkedHashMap<>();
            o.evaluations().forEach((round, report) -> rounds.put(round, values(report, profile.validationPrompts())));
            arms.add(new ArmResult(o.arm().label(), o.arm().description(), o.runId(), o.checkpoints(), rounds,
                    bestRound(o), reusability(o, reusabilityK), o.eventsPerTopic(), o.weights()));
        }
        return new StudyReport(profile, arms, new Reusability(reusabilityK), targets(outcomes), wallSeconds);
    }

    /** @param validationImages images behind the validation figures (one per validation prompt) */
    public static Map<String, Value> values(EvaluationReport report, int validationImages) {
        int n = report.prompts() * report.imagesPerPrompt();
        Map<String, Value> out = new LinkedHashMap<>();
        for (String name : ACCURACIES) {
            Double v = report.metrics().get(name);
            if (v != null) {
                out.put(name, accuracy(v, n));
            }
        }
        for (String name : ACCURACIES) {
            Double v = report.metrics().get(EvaluationReport.VALIDATION + name);
            if (v != null) {
                out.put(EvaluationReport.VALIDATION + name, accuracy(v, validationImages));
            }
        }
        for (String name : FIGURES) {
            Double v = report.metrics().get(name);
            if (v != null) {
                out.put(name, Value.of(v));
            }
        }
        return out;
    }

    /** An accuracy over {@code n} images with its 95% Wilson interval. */
    static Value accuracy(double share, int n) {
        double[] ci = Intervals.wilson95((int) Math.round(share * n), n);
        return new Value(share, ci[0], ci[1]);
    }

    /**
     * The arm's best round, chosen on the validation prompts ({@link BestRound}); evaluations without validation
     * figures fall back to the held-out faithfulness, which flatters the arm.
     */
    static int bestRound(ArmOutcome o) {
        Map<Integer, Map<String, Double>> metrics = new java.util.TreeMap<>();
        o.evaluations().forEach((r, e) -> metrics.put(r, e.metrics()));
        return BestRound.of(metrics).map(BestRound::round).orElseGet(() -> {
            int best = 0;
            for (int r : o.evaluations().keySet()) {
                if (o.metric(r, "faithfulness") > o.metric(best, "faithfulness")) {
                    best = r;
                }
            }
            return best;
        });
    }

    /** FID_K - FID_1: how much fidelity worsens from round 1 to round K (the last round if the run is shorter). */
    static double reusability(ArmOutcome o, int k) {
        int last = Math.min(k, o.lastRound());
        return last < 1 ? Double.NaN : fidelity(o, last) - fidelity(o, 1);
    }

    static List<Target> targets(List<ArmOutcome> outcomes) {
        List<Target> out = new ArrayList<>();
        Optional<ArmOutcome> fullArm = outcomes.stream().filter(o -> o.arm() == StudyArm.FULL).findFirst();
        if (fullArm.isEmpty()) {
            return out;
        }
        ArmOutcome full = fullArm.get();
        int best = bestRound(full);
        double base = full.metric(0, "faithfulness");
        StringBuilder climb = new StringBuilder();
        boolean above = best >= 1;
        for (int r = 1; r <= best; r++) {
            climb.append(String.format(Locale.ROOT, " r%d %.3f", r, full.metric(r, "faithfulness")));
            above &= full.metric(r, "faithfulness") > base;
        }
        out.add(new Target("RSIDiff beats G0 in every round up to its best, and the best round is 4 or later",
                above && best >= 4, String.format(Locale.ROOT, "G0 %.3f; best round %d;%s", base, best, climb)));

        String headroom = full.metric(0, "faithfulness.region") <= full.metric(0, "faithfulness.shape")
                ? "faithfulness.region" : "faithfulness.shape";
        double gain = full.metric(best, headroom) - full.metric(0, headroom);
        out.add(new Target("+0.15 on " + headroom.substring("faithfulness.".length()) + " (most headroom) at the best round",
                gain >= 0.15, String.format(Locale.ROOT, "%.3f -> %.3f (%+.3f)", full.metric(0, headroom),
                full.metric(best, headroom), gain)));
        double faithGain = full.metric(best, "faithfulness") - base;
        out.add(new Target("+0.05 on mean faithfulness at the best round", faithGain >= 0.05,
                String.format(Locale.ROOT, "%.3f -> %.3f (%+.3f)", base, full.metric(best, "faithfulness"), faithGain)));

        double worst = 0;
        for (int r : full.evaluations().keySet()) {
            worst = Math.max(worst, fidelity(full, r) / fidelity(full, 0));
        }
        out.add(new Target("Fidelity within 1.5x of G0's in every round", worst <= 1.5,
                String.format(Locale.ROOT, "worst fidelity ratio to G0: %.2f", worst)));

        outcomes.stream().filter(o -> o.arm() == StudyArm.NO_STRATEGY).findFirst().ifPresent(none -> {
            double end = none.metric(none.lastRound(), "faithfulness");
            double start = none.metric(0, "faithfulness");
            out.add(new Target("The no-strategy arm ends below G0", end < start,
                    String.format(Locale.ROOT, "%.3f -> %.3f at round %d", start, end, none.lastRound())));
        });
        for (ArmOutcome o : outcomes) {
            if (o.arm() == StudyArm.FULL || o.arm() == StudyArm.SFT || o.arm() == StudyArm.NO_STRATEGY) {
                continue;
            }
            double fullValue = full.metric(best, "faithfulness");
            double armValue = o.metric(best, "faithfulness");
            out.add(new Target("Removing " + o.arm().label().substring(3).replace('-', ' ')
                    + " is below RSIDiff at its best round", armValue < fullValue,
                    String.format(Locale.ROOT, "round %d: %.3f vs RSIDiff %.3f%s", best, armValue, fullValue,
                            overlap(o, full, best) ? " (95% intervals overlap)" : "")));
        }
        return out;
    }

    private static boolean overlap(ArmOutcome a, ArmOutcome b, int round) {
        EvaluationReport ra = a.evaluations().get(round);
        EvaluationReport rb = b.evaluations().get(round);
        if (ra == null || rb == null || !ra.metrics().containsKey("faithfulness") || !rb.metrics().containsKey("faithfulness")) {
            return false;
        }
        Value x = accuracy(ra.metrics().get("faithfulness"), ra.prompts() * ra.imagesPerPrompt());
        Value y = accuracy(rb.metrics().get("faithfulness"), rb.prompts() * rb.imagesPerPrompt());
        return x.low() <= y.high() && y.low() <= x.high();
    }

    /** The report as Markdown: summary, targets, then every arm's rounds. */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder(summaryMarkdown());
        for (ArmResult a : arms) {
            s.append("\n## ").append(a.arm()).append(": ").append(a.description()).append("\n\nRun `")
                    .append(a.runId()).append("`.\n\n| round | checkpoint |");
            List<String> names = new ArrayList<>(ACCURACIES);
            names.add(EvaluationReport.VALIDATION + "faithfulness");
            names.addAll(FIGURES);
            names.removeIf(n -> a.rounds().values().stream().noneMatch(m -> m.containsKey(n)));
            names.forEach(n -> s.append(' ').append(n).append(" |"));
            s.append("\n|---|---|").append("---|".repeat(names.size())).append('\n');
            a.rounds().forEach((round, metrics) -> {
                s.append("| ").append(round == 0 ? "0 (base)" : round).append(" | ")
                        .append(a.checkpoints().getOrDefault(round, "")).append(" |");
                names.forEach(n -> s.append(' ').append(cell(get(metrics, n))).append(" |"));
                s.append('\n');
            });
            if (!a.weights().isEmpty()) {
                s.append("\nEq. 5 weights of the selected samples:\n\n| round | samples | min | 10th pct | median | mean"
                        + " | below 1 |\n|---|---|---|---|---|---|---|\n");
                a.weights().forEach((round, w) -> s.append(String.format(Locale.ROOT,
                        "| %d | %d | %.3f | %.3f | %.3f | %.3f | %.0f%% |%n", round, w.count(), w.min(), w.p10(),
                        w.median(), w.mean(), 100 * w.belowOne())));
            }
        }
        return s.toString();
    }

    /** The report's head: the profile, the summary table per arm and the targets. */
    public String summaryMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append("# Study report\n\n");
        s.append(String.format(Locale.ROOT, "Profile `%s`: %d rounds per arm, held-out evaluation on %d prompts x %d "
                        + "image(s) (95%% Wilson intervals over prompts x images), best rounds chosen on %d validation"
                        + " prompts. Wall time: %d min %02d s.%n%n",
                profile.name(), profile.rounds(), profile.evalPrompts(), profile.evalImages(), profile.validationPrompts(),
                (long) wallSeconds / 60, (long) wallSeconds % 60));
        s.append("## Summary\n\n");
        s.append("| arm | G0 faithfulness | best round | faithfulness there | region there | shape there |"
                + " last round faithfulness | worst fidelity / G0 | FID_K - FID_1 (K=" + reusabilityK.k() + ") |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (ArmResult a : arms) {
            int last = a.rounds().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            String fid = a.rounds().get(0).containsKey(FIDELITY) ? FIDELITY : RAW_FIDELITY;
            double worst = a.rounds().values().stream().mapToDouble(m -> get(m, fid).value()).max().orElse(Double.NaN)
                    / get(a.rounds().get(0), fid).value();
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %.2f | %.1f |%n", a.arm(),
                    cell(get(a.rounds().get(0), "faithfulness")), a.bestRound(),
                    cell(get(a.rounds().get(a.bestRound()), "faithfulness")),
                    cell(get(a.rounds().get(a.bestRound()), "faithfulness.region")),
                    cell(get(a.rounds().get(a.bestRound()), "faithfulness.shape")),
                    cell(get(a.rounds().get(last), "faithfulness")), worst, a.reusability()));
        }
        s.append("\nFidelity is the Frechet distance on standardised classifier features (" + FIDELITY + "; lower is"
                + " better), FID_K - FID_1 ReDiFine's reusability on it (lower is better). Each arm's best round is chosen"
                + " on the validation prompts (mean faithfulness), disjoint from the held-out ones reported here.\n\n## Targets\n\n| target | met | figures |\n|---|---|---|\n");
        for (Target t : targets) {
            s.append("| ").append(t.name()).append(" | ").append(t.met() ? "yes" : "**no**").append(" | ")
                    .append(t.evidence()).append(" |\n");
        }
        return s.toString();
    }

    private static Value get(Map<String, Value> metrics, String name) {
        Value v = metrics == null ? null : metrics.get(name);
        return v == null ? Value.of(Double.NaN) : v;
    }

    private static String cell(Value v) {
        if (Double.isNaN(v.value())) {
            return "-";
        }
        if (v.hasInterval()) {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v.value(), v.low(), v.high());
        }
        return String.format(Locale.ROOT, Math.abs(v.value()) >= 100 ? "%.0f" : "%.4g", v.value());
    }
}
