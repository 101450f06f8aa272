package dev.rsidiff.control.study;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arms of the RSIDiff paper's ablation (its Fig. 5/7), each a change to the full arm's configuration: every
 * strategy on, each of the five removed alone, the SFT baseline and no strategy at all. The strategies and the
 * settings that switch them:
 * <ul>
 *   <li>prompt filtering: {@code promptFiltering};</li>
 *   <li>preference sampling: {@code selectionRule} (RANDOM keeps a seeded uniform draw of the same size);</li>
 *   <li>distribution weighting (Eq. 5): {@code distributionWeighting};</li>
 *   <li>condition drop (ReDiFine): {@code conditionDropProbability} (0 switches it off);</li>
 *   <li>guidance schedule (ReDiFine's CFG scheduling): {@code guidanceSchedule} STRONG_EARLY, else CONSTANT.</li>
 * </ul>
 * This project's fine-tuning recipe adds a sixth measure against collapse that the paper does not have: each round
 * trains on the kept samples of every round so far ({@code accumulateSamples}), which is what bounds collapse in
 * "Is model collapse inevitable?" (arXiv 2404.01413). Its removal is the optional {@link #NO_SAMPLE_ACCUMULATION} arm,
 * outside the paper's eight. The two baselines are the paper's: they train on the round's own samples only, so
 * "no strategy at all" is naive recursive self-training, without this measure either. The optimiser's recipe (steps,
 * warm-up, EMA, anchor) is how every arm fine-tunes, baselines included.
 */
public enum StudyArm {
    FULL("RSIDiff, every strategy", Map.of()),
    NO_PROMPT_FILTERING("without prompt filtering", Map.of("promptFiltering", "false")),
    NO_PREFERENCE_SAMPLING("without preference sampling (random)", Map.of("selectionRule", "RANDOM")),
    NO_DISTRIBUTION_WEIGHTING("without distribution weighting", Map.of("distributionWeighting", "false")),
    NO_CONDITION_DROP("without condition drop", Map.of("conditionDropProbability", "0")),
    NO_GUIDANCE_SCHEDULE("without the guidance schedule", Map.of("guidanceSchedule", "CONSTANT")),
    /** Not one of the paper's strategies: each round trains on its own kept samples only. */
    NO_SAMPLE_ACCUMULATION("without sample accumulation", Map.of("accumulateSamples", "false")),
    /**
     * Supervised fine-tuning on everything the round generated, unweighted; prompts, condition drop and guidance as
     * FULL.
     */
    SFT("SFT baseline: every sample of the round, unweighted", Map.of("selectionRule", "RANDOM",
            "distributionWeighting", "false", "accumulateSamples", "false")),
    NO_STRATEGY("no strategy at all", Map.of("promptFiltering", "false", "selectionRule", "RANDOM",
            "distributionWeighting", "false", "conditionDropProbability", "0", "guidanceSchedule", "CONSTANT",
            "accumulateSamples", "false"));

    private final String description;
    private final Map<String, String> changes;

    StudyArm(String description, Map<String, String> changes) {
        this.description = description;
        this.changes = changes;
    }

    public String description() {
        return description;
    }

    /** The arm's name on the command line and in reports: {@code no-condition-drop}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static StudyArm fromLabel(String label) {
        for (StudyArm arm : values()) {
            if (arm.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return arm;
            }
        }
        throw new IllegalArgumentException("Unknown study arm '" + label + "'; arms: "
                + String.join(", ", Arrays.stream(values()).map(StudyArm::label).toList()));
    }

    /**
     * This arm's run configuration, from the full arm's. The SFT arm keeps every generated sample: its K is the
     * round's whole pool.
     */
    public RunConfig configure(RunConfig full) {
        RunConfig out = RunConfigs.apply(full, changes);
        if (this == SFT) {
            out.setTopK(Math.multiplyExact(full.getPromptsPerRound(), full.getImagesPerPrompt()));
        }
        return out;
    }

    /** The paper's eight arms, which {@code rsi study} runs unless told otherwise. */
    public static List<StudyArm> paperArms() {
        return Arrays.stream(values()).filter(a -> a != NO_SAMPLE_ACCUMULATION).toList();
    }
}
