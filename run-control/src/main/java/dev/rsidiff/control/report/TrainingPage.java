package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.SampleOrigin;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.protocol.TrainingSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lineage of one round's checkpoint as a page, {@code trained-<round>.html}: the checkpoint, its parent (the
 * previous round's page, or the base), and every sample it was fine-tuned on, as the trainer collected them
 * ({@link TrainingSet}), each with its prompt, seed, origin, rank, distance, Eq. 5 weight and scores, and opening
 * its image's page. Read from the object store only.
 */
final class TrainingPage {

    private final BlobStore blobs;
    private final RunRecord run;
    private final RoundItems<WeightsAssigned> weights;
    /** Each round's stored scores by image id, read once per report. */
    private final Map<Integer, Map<String, ScoresComputed>> scored = new HashMap<>();

    TrainingPage(BlobStore blobs, RunRecord run) {
        this.blobs = blobs;
        this.run = run;
        this.weights = RoundItems.weights(blobs);
    }

    /** Writes the page of {@code round} into {@code dir}; returns it, or null if its trainer collected nothing. */
    Path write(int round, Path dir, ImagePages imagePages) throws IOException {
        List<WeightsAssigned> own = weights.all(run.runId(), round);
        if (own.isEmpty()) {
            return null;
        }
        // shown round by round, each round's samples by rank (the trainer's order is the object store's)
        List<WeightsAssigned> trainedOn = TrainingSet.of(weights, run.config(), run.runId(), round, own).stream()
                .sorted(java.util.Comparator.comparingInt((WeightsAssigned w) -> w.getMeta().getRound())
                        .thenComparingInt(WeightsAssigned::getSelectionRank)).toList();
        RunRecord.Round r = run.rounds().get(round);
        String checkpoint = r == null || r.checkpointId() == null ? null : r.checkpointId();
        String parent = own.get(0).getCheckpointId();
        RunRecord.Round previous = run.rounds().get(round - 1);
        boolean parentInRun = previous != null && parent.equals(previous.checkpointId()) && round - 1 >= run.config()
                .getStartRound();
        String name = checkpoint == null ? "the round's checkpoint (not evaluated yet)" : RunReportPage.esc(checkpoint);
        StringBuilder html = new StringBuilder(RunReportPage.head("Run " + run.runId() + ", round " + round
                + ": what its checkpoint was trained on"));
        html.append("<p id=\"lineage\">Checkpoint <b>").append(name).append("</b> was fine-tuned from <a id=\"parent\" href=\"")
                .append(parentInRun ? "trained-" + (round - 1) + ".html" : "index.html#" + RunReportPage.esc(parent))
                .append("\">").append(RunReportPage.esc(parent)).append("</a>")
                .append(parentInRun ? " (round " + (round - 1) + ")" : " (the run's base)")
                .append(" on these ").append(trainedOn.size()).append(" samples")
                .append(run.config().getAccumulateSamples() ? ", earlier rounds' selected samples included"
                        + " (accumulateSamples)" : "")
                .append(". <a href=\"index.html\">Back to the report</a></p>\n<table>\n<tr><th>image</th>"
                        + "<th class=\"l\">prompt</th><th>seed</th><th class=\"l\">origin</th><th>rank</th>"
                        + "<th>distance d</th><th>weight</th><th class=\"l\">scores</th></tr>\n");
        for (WeightsAssigned w : trainedOn) {
            int imageRound = w.getOrigin() == SampleOrigin.BASE_REPLAY ? run.config().getStartRound()
                    : w.getMeta().getRound();
            String origin = w.getOrigin() == SampleOrigin.BASE_REPLAY ? "base replay (round " + imageRound + ")"
                    : "selected in round " + imageRound;
            ScoresComputed s = scoresOf(imageRound).get(w.getImageId());
            html.append("<tr data-image=\"").append(RunReportPage.esc(w.getImageId())).append("\"><td>");
            if (s != null) {
                String file = imagePages.link(new ImagePages.Image(s, imageRound), String.format(Locale.ROOT,
                        "trained into <a href=\"../trained-%d.html\">%s</a> (round %d) with weight %.3f, as %s", round,
                        name, round, w.getWeight(), origin));
                html.append("<a href=\"images/").append(file).append(".html\"><img src=\"images/").append(file)
                        .append(".png\" width=\"64\" height=\"64\" alt=\"").append(RunReportPage.esc(w.getImageId()))
                        .append("\"></a>");
            } else {
                html.append(RunReportPage.esc(w.getImageId())).append(" (no stored scores)");
            }
            html.append("</td><td class=\"l\">").append(RunReportPage.esc(w.getPromptText())).append("</td><td>")
                    .append(s == null || s.getSeed() == null ? "?" : s.getSeed()).append("</td><td class=\"l\">")
                    .append(origin).append("</td><td>").append(w.getSelectionRank()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", w.getDistance())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f", w.getWeight())).append("</td><td class=\"l\">");
            if (s != null) {
                s.getScores().forEach(x -> html.append(RunReportPage.esc(x.getScorer())).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", x.getValue())).append("<br>"));
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Path page = dir.resolve("trained-" + round + ".html");
        Files.writeString(page, html);
        return page;
    }

    private Map<String, ScoresComputed> scoresOf(int round) {
        return scored.computeIfAbsent(round, r -> {
            Map<String, ScoresComputed> byId = new HashMap<>();
            RoundItems.scores(blobs).all(run.runId(), r).forEach(s -> byId.put(s.getImageId(), s));
            return byId;
        });
    }
}
