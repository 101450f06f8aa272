package dev.rsidiff.control.report;

import dev.rsidiff.control.study.StudyPlots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs side by side (two runs, or two arms of a study): the same charts with one line per run, each run's metrics
 * table with its intervals, and a link to each run's own report, written beside it as {@code <run>/index.html}.
 */
public final class ComparisonPage {

    private ComparisonPage() {
    }

    /** Writes {@code index.html} and {@code plots/} comparing {@code runs} into {@code dir}; returns the page. */
    public static Path write(List<RunRecord> runs, int validationPrompts, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, StudyPlots.Series> series = new LinkedHashMap<>();
        runs.forEach(r -> series.put(r.runId(), RunReportPage.series(r, validationPrompts)));
        List<Path> plots = StudyPlots.write(series, dir.resolve("plots"));
        StringBuilder html = new StringBuilder(RunReportPage.head(runs.size() + " runs compared"));
        for (RunRecord run : runs) {
            String id = RunReportPage.esc(run.runId());
            html.append("<h2>").append(id).append(" (<a href=\"").append(id).append("/index.html\">its report</a>)</h2>\n")
                    .append("<p>Best round: ").append(run.bestRound() >= 0 ? run.bestRound() : "not decided")
                    .append("</p>\n");
            RunReportPage.metricsTable(html, run, validationPrompts);
        }
        html.append("<h2>Charts</h2>\n");
        for (Path p : plots) {
            html.append("<img src=\"plots/").append(RunReportPage.esc(p.getFileName().toString()))
                    .append("\" width=\"480\">\n");
        }
        html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html);
        return index;
    }
}
