package dev.rsidiff.control.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How big a study is: rounds, the held-out evaluation's size, how many arms run at once, and the run settings every
 * arm starts from (applied over the run defaults, before the arm's own changes and the user's {@code --set}).
 *
 * @param rounds          rounds per arm
 * @param evalPrompts     held-out prompts per evaluation
 * @param evalImages      images per held-out prompt
 * @param validationPrompts validation prompts (one image each) every evaluation adds, on which best rounds are chosen
 * @param parallel        arms running at once (they share the five services)
 * @param runSettings     run settings of the full arm
 */
public record StudyProfile(String name, int rounds, int evalPrompts, int evalImages, int validationPrompts,
                           int parallel, Map<String, String> runSettings) {

    public StudyProfile {
        if (rounds < 1 || evalPrompts < 1 || evalImages < 1 || validationPrompts < 1 || parallel < 1) {
            throw new IllegalArgumentException("rounds, evalPrompts, evalImages, validationPrompts and parallel must"
                    + " be >= 1, got " + rounds + ", " + evalPrompts + ", " + evalImages + ", " + validationPrompts
                    + ", " + parallel);
        }
        runSettings = Map.copyOf(runSettings);
    }

    /** The paper's experiment at this machine's scale: 6 rounds, 300 held-out and 150 validation prompts. */
    public static StudyProfile standard() {
        return new StudyProfile("standard", 6, 300, 1, 150, 2, fullArm(Map.of()));
    }

    /**
     * A quick look: 3 rounds of half-size pools (K halved with them: one sample per prompt, as the default keeps)
     * of 16 images a prompt (the default's 32 take about three quarters as long again), 150 held-out and 100 validation
     * prompts.
     */
    public static StudyProfile quick() {
        return new StudyProfile("quick", 3, 150, 1, 100, 2,
                fullArm(Map.of("promptsPerRound", "32", "imagesPerPrompt", "16", "topK", "32")));
    }

    /** The full arm: every strategy on (the run defaults already use ReDiFine's guidance schedule; stated anyway). */
    private static Map<String, String> fullArm(Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("guidanceSchedule", "STRONG_EARLY");
        s.putAll(extra);
        return s;
    }

    public StudyProfile withRounds(int r) {
        return new StudyProfile(name, r, evalPrompts, evalImages, validationPrompts, parallel, runSettings);
    }

    public StudyProfile withEvaluation(int prompts, int images) {
        return new StudyProfile(name, rounds, prompts, images, validationPrompts, parallel, runSettings);
    }

    public StudyProfile withParallel(int p) {
        return new StudyProfile(name, rounds, evalPrompts, evalImages, validationPrompts, p, runSettings);
    }

    public StudyProfile withValidation(int prompts) {
        return new StudyProfile(name, rounds, evalPrompts, evalImages, prompts, parallel, runSettings);
    }
}
