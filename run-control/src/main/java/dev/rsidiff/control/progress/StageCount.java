package dev.rsidiff.control.progress;

import dev.rsidiff.control.RunProgress;

/**
 * What a round's current stage has done, in the stage's own unit: images while it generates, scores while they
 * come in, weights while the selection is announced; training and evaluation announce nothing until they end, so
 * they have no count ({@code expected} -1).
 *
 * @param stage    the round's stage ({@link RunProgress.Round#stage()})
 * @param done     units done
 * @param expected units the stage will do, or -1 where unknown
 * @param unit     what is counted
 * @param detail   what the other counters say (images beside scores, dead letters)
 */
public record StageCount(String stage, int done, int expected, String unit, String detail) {

    public static StageCount of(RunProgress.Round r) {
        String stage = r.stage();
        int dead = r.deadLetters.values().stream().mapToInt(Integer::intValue).sum();
        String deadLetters = dead == 0 ? "" : "DEAD LETTERS " + dead + " (./rsi dlt list TOPIC)";
        return switch (stage) {
            case "generating" -> new StageCount(stage, r.images.size(), r.expectedImages, "images", deadLetters);
            case "generating/scoring" -> new StageCount(stage, r.scores.size(), r.expectedImages, "scores",
                    join("images " + r.images.size() + "/" + r.expectedImages, deadLetters));
            case "weighting", "training" -> r.selectedCount > 0
                    ? new StageCount(stage, r.weights.size(), r.selectedCount, "weights", deadLetters)
                    : new StageCount(stage, 0, -1, "", deadLetters);
            case "awaiting review" -> new StageCount(stage, 0, -1, "", join("approve it on the dashboard, "
                    + RunProgress.reviewPath(r.pendingReview.getMeta().getRunId(), r.number), deadLetters));
            default -> new StageCount(stage, 0, -1, "", deadLetters);
        };
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + "  " + b;
    }
}
