package dev.rsidiff.control.dashboard;

import dev.rsidiff.control.RunProgress;
import dev.rsidiff.control.report.RunReportPage;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The runs page: every run with its state, counts, dead letters, best round and ETA. The table reloads itself
 * every 5 s ({@code /runs-table}) without reloading the page, so the boxes ticked for a comparison stay ticked.
 */
final class RunsPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RunsPage() {
    }

    static String page(List<RunStatus> runs) {
        return RunReportPage.head("Runs")
                + "<form action=\"/compare\" method=\"get\">\n<table id=\"runs\">\n" + table(runs) + "</table>\n"
                + "<p><button type=\"submit\">Compare the ticked runs</button></p>\n</form>\n"
                + "<script>\n"
                + "setInterval(async () => {\n"
                + "  const ticked = new Set([...document.querySelectorAll('input[name=run]:checked')].map(b => b.value));\n"
                + "  const response = await fetch('/runs-table');\n"
                + "  if (!response.ok) return;\n"
                + "  document.getElementById('runs').innerHTML = await response.text();\n"
                + "  document.querySelectorAll('input[name=run]').forEach(b => b.checked = ticked.has(b.value));\n"
                + "}, 5000);\n"
                + "</script>\n</body></html>\n";
    }

    /** The table's rows (a header and one row per run). */
    static String table(List<RunStatus> runs) {
        StringBuilder html = new StringBuilder("<tr><th></th><th class=\"l\">run</th><th class=\"l\">started</th>"
                + "<th>rounds</th><th>evaluated</th><th class=\"l\">state</th><th>dead letters</th>"
                + "<th class=\"l\">best round</th><th>ETA</th></tr>\n");
        if (runs.isEmpty()) {
            html.append("<tr><td></td><td class=\"l\" colspan=\"8\">No run on the topics yet.</td></tr>\n");
        }
        for (RunStatus run : runs) {
            String id = RunReportPage.esc(run.runId());
            html.append("<tr class=\"run\" data-run=\"").append(id).append("\">")
                    .append("<td><input type=\"checkbox\" name=\"run\" value=\"").append(id).append("\"></td>")
                    .append("<td class=\"l\"><a href=\"/runs/").append(id).append("/\">").append(id).append("</a></td>")
                    .append("<td class=\"l\">").append(run.started() == null ? "" : TIME.format(run.started())).append("</td>")
                    .append("<td>").append(run.lastRound() < 0 ? "?" : run.firstRound() + "-" + run.lastRound()).append("</td>")
                    .append("<td>").append(run.evaluatedRounds()).append("</td>")
                    .append("<td class=\"l\">").append(RunReportPage.esc(run.state())).append(reviewLinks(run))
                    .append("</td>")
                    .append("<td>").append(run.deadLetters() == 0 ? "0"
                            : "<b>" + run.deadLetters() + "</b> (rsi dlt list TOPIC)").append("</td>")
                    .append("<td class=\"l\">").append(run.best() == null ? "not decided yet"
                            : "round " + run.best().round() + " (" + RunReportPage.esc(run.best().checkpointId()) + ")")
                    .append("</td><td>").append(run.eta() == null ? "" : format(run.eta())).append("</td></tr>\n");
        }
        return html.toString();
    }

    /** A link per round whose selection awaits review. */
    private static String reviewLinks(RunStatus run) {
        StringBuilder html = new StringBuilder();
        for (int round : run.reviewRounds()) {
            html.append(" <a class=\"review\" href=\"").append(RunReportPage.esc(RunProgress.reviewPath(run.runId(),
                    round))).append("\"><b>review round ").append(round).append("</b></a>");
        }
        return html.toString();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%d h %02d min", d.toHours(), d.toMinutesPart())
                : String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
