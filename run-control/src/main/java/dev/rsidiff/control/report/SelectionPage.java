package dev.rsidiff.control.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.RoundItems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One round's selection as a page: for the first prompts of the round, every image of the prompt side by side,
 * those the weighting step kept marked with their rank, distance to D_0 and Eq. 5 weight, each with its scores.
 * What the loop trained on, next to what it left, for the same prompt. Read from the scores the weighting service
 * collected and from its weight manifest; each image opens its page ({@link ImagePages}).
 */
final class SelectionPage {

    private SelectionPage() {
    }

    /** What the manifest says of a kept sample. */
    private record Kept(int rank, double distance, double weight) {
    }

    /**
     * Writes {@code selection-<round>.html} into {@code dir}, its images registered with {@code imagePages}; returns
     * the page, or null if the round has no weight manifest or no collected scores.
     */
    static Path write(BlobStore blobs, String runId, int round, int prompts, Path dir, ImagePages imagePages)
            throws IOException {
        var manifest = blobs.readIfExists(BlobKeys.weightsManifest(runId, round));
        List<ScoresComputed> scored = RoundItems.scores(blobs).all(runId, round);
        if (manifest.isEmpty() || scored.isEmpty()) {
            return null;
        }
        Map<String, Kept> kept = new HashMap<>();
        JsonNode decided = new ObjectMapper().readTree(manifest.get().bytes());
        for (JsonNode s : decided.path("selected")) {
            kept.put(s.path("imageId").asText(), new Kept(s.path("rank").asInt(), s.path("distance").asDouble(),
                    s.path("weight").asDouble()));
        }
        // A reviewed round: what the reviewer took out of the selection, and who.
        Map<String, String> excludedBy = new HashMap<>();
        for (JsonNode x : decided.path("review").path("excluded")) {
            excludedBy.put(x.path("sample").path("imageId").asText(), x.path("excludedBy").asText());
        }
        String reviewStatus = decided.path("review").path("status").asText("");
        Map<String, List<ScoresComputed>> byPrompt = new TreeMap<>();
        scored.forEach(s -> byPrompt.computeIfAbsent(s.getPromptId(), p -> new ArrayList<>()).add(s));
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Round ").append(round)
                .append(" selection</title>\n<style>body{font-family:sans-serif;margin:2em}td{vertical-align:top;"
                        + "padding:4px;font-size:12px}td.kept{background:#e6f4e6}td.excluded{background:#f8e0e0}img{image-rendering:pixelated}"
                        + "</style></head><body>\n<h1>Run ").append(RunReportPage.esc(runId)).append(", round ")
                .append(round).append(": kept and not kept</h1>\n<p>Each prompt's images; green: kept for "
                        + "fine-tuning, with its rank, distance d to D_0 and Eq. 5 weight. <a href=\"index.html\">"
                        + "Back to the report</a></p>\n");
        if (!reviewStatus.isEmpty()) {
            html.append("<p id=\"review\">Review gate: ").append(RunReportPage.esc(reviewStatus.equals("APPROVED")
                    ? "approved by " + decided.path("review").path("reviewer").asText() + ", " + excludedBy.size()
                    + " excluded (red)" : reviewStatus.equals("PENDING") ? "awaiting review"
                    : "proceeded unreviewed at its deadline")).append("</p>\n");
        }
        html.append("<table>\n");
        int shown = 0;
        for (Map.Entry<String, List<ScoresComputed>> p : byPrompt.entrySet()) {
            if (shown++ == prompts) {
                break;
            }
            List<ScoresComputed> row = new ArrayList<>(p.getValue());
            row.sort(Comparator.comparing(ScoresComputed::getImageId));
            html.append("<tr><td>").append(RunReportPage.esc(row.get(0).getPromptText())).append("</td>");
            for (ScoresComputed s : row) {
                Kept k = kept.get(s.getImageId());
                String by = excludedBy.get(s.getImageId());
                String fate = by != null ? "excluded by " + RunReportPage.esc(by) : k == null ? "not kept"
                        : String.format(Locale.ROOT, "kept, rank %d<br>d %.2f, weight %.3f", k.rank(), k.distance(),
                        k.weight());
                String file = imagePages.link(new ImagePages.Image(s, round), "<a href=\"../selection-" + round
                        + ".html\">round " + round + " selection</a>: " + fate.replace("<br>", ", "));
                html.append(k != null ? "<td class=\"kept\">" : by != null ? "<td class=\"excluded\">" : "<td>")
                        .append("<a href=\"images/").append(file).append(".html\"><img src=\"images/").append(file)
                        .append(".png\" width=\"96\" height=\"96\" alt=\"").append(RunReportPage.esc(s.getImageId()))
                        .append("\"></a><br>").append(fate);
                for (Score score : s.getScores()) {
                    html.append("<br>").append(RunReportPage.esc(score.getScorer())).append(' ')
                            .append(String.format(Locale.ROOT, "%.3f", score.getValue()));
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Path page = dir.resolve("selection-" + round + ".html");
        Files.writeString(page, html);
        return page;
    }
}
