package dev.rsidiff.control.report;

/**
 * What a run report includes.
 *
 * @param gridPrompts       held-out prompts in the prompts x rounds grid (0: no grid)
 * @param selectionPrompts  prompts per round on the kept-and-not-kept pages (0: no such pages)
 * @param validationPrompts validation prompts behind the evaluations' validation figures (one image each; the
 *                          services' {@code RSIDIFF_VALIDATION_PROMPTS}), for their intervals
 */
public record ReportOptions(int gridPrompts, int selectionPrompts, int validationPrompts) {

    public ReportOptions {
        if (gridPrompts < 0 || gridPrompts > 100) {
            throw new IllegalArgumentException("grid prompts must be 0 to 100, got " + gridPrompts);
        }
        if (selectionPrompts < 0 || selectionPrompts > 1000) {
            throw new IllegalArgumentException("selection prompts must be 0 to 1000, got " + selectionPrompts);
        }
        if (validationPrompts < 1) {
            throw new IllegalArgumentException("validation prompts must be at least 1, got " + validationPrompts);
        }
    }
}
