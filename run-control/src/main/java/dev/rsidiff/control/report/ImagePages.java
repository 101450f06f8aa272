package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A page per image that a report shows, under {@code images/}: the image full size (as generated, and enlarged),
 * its prompt, the seed and the checkpoint that reproduce it, its scores, and what the loop did with it (kept or
 * not, excluded by a reviewer, trained into which checkpoint), gathered from every page that shows the image.
 * The report's pages {@link #link} images as they render and the pages are written at the end.
 */
final class ImagePages {

    /** What a report page knows of a scored image. */
    record Image(ScoresComputed scored, int round) {
    }

    private final BlobStore blobs;
    private final Path dir;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, List<String>> facts = new LinkedHashMap<>();

    /** @param reportDir the report's folder; pages go to its {@code images/} */
    ImagePages(BlobStore blobs, Path reportDir) {
        this.blobs = blobs;
        this.dir = reportDir.resolve("images");
    }

    /**
     * Registers {@code image} with what the calling page knows of it ({@code fact}, e.g. "round 2: kept, rank 3");
     * returns the file name its page and PNG share, under {@code images/}, without the extension.
     */
    String link(Image image, String fact) {
        String name = fileName(image.scored().getImageId());
        images.putIfAbsent(name, image);
        List<String> known = facts.computeIfAbsent(name, n -> new ArrayList<>());
        if (fact != null && !known.contains(fact)) {
            known.add(fact);
        }
        return name;
    }

    /** Writes every registered image's PNG and page. */
    void writeAll() throws IOException {
        if (images.isEmpty()) {
            return;
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, Image> e : images.entrySet()) {
            ScoresComputed s = e.getValue().scored();
            Files.write(dir.resolve(e.getKey() + ".png"), blobs.read(dev.rsidiff.blob.StoredBlob.of(s.getImage())));
            StringBuilder html = new StringBuilder(RunReportPage.head("Image " + s.getImageId()));
            html.append("<p><a href=\"").append(e.getKey()).append(".png\"><img src=\"").append(e.getKey())
                    .append(".png\" alt=\"as generated\"></a> <img src=\"").append(e.getKey())
                    .append(".png\" width=\"384\" style=\"image-rendering:pixelated\" alt=\"enlarged\"></p>\n<table>\n");
            row(html, "prompt", RunReportPage.esc(s.getPromptText()));
            row(html, "seed", s.getSeed() == null ? "not recorded (scored before seeds were stored with scores)"
                    : "<span id=\"seed\">" + s.getSeed() + "</span>");
            row(html, "checkpoint", "<a id=\"checkpoint\" href=\"../index.html#" + RunReportPage.esc(s.getCheckpointId())
                    + "\">" + RunReportPage.esc(s.getCheckpointId()) + "</a> generated it in round "
                    + e.getValue().round());
            StringBuilder scores = new StringBuilder();
            for (Score score : s.getScores()) {
                scores.append(RunReportPage.esc(score.getScorer())).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", score.getValue())).append("<br>");
            }
            row(html, "scores", scores.toString());
            for (String fact : facts.get(e.getKey())) {
                row(html, "in the loop", fact);
            }
            html.append("</table>\n<p>The generator drew this image from the seed's noise with the checkpoint and the"
                    + " run's sampling settings (its configuration is in <a href=\"../index.html\">the report</a>)."
                    + "</p>\n</body></html>\n");
            Files.writeString(dir.resolve(e.getKey() + ".html"), html);
        }
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th class=\"l\">").append(name).append("</th><td class=\"l\">").append(value)
                .append("</td></tr>\n");
    }

    /** Image ids as the loop makes them, made safe as a file name. */
    static String fileName(String imageId) {
        return imageId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
