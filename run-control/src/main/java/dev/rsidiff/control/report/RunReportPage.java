package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.study.StudyGrid;
import dev.rsidiff.control.study.StudyPlots;
import dev.rsidiff.control.study.StudyReport;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.protocol.weights.WeightDistribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's report as a static folder that can be zipped and shared: {@code index.html} with the configuration, the
 * held-out metrics per round with 95% intervals and the best round marked, the Eq. 5 weight spread and the
 * checkpoint lineage; {@code plots/} with a PNG per metric (the study's charts); {@code grid/} and {@code grid.png}
 * ({@link GridPages}), fixed held-out
 * prompts by rounds drawn from the same seeds (the study's grid); {@code selection-<round>.html}, what each round
 * kept and left per prompt ({@link SelectionPage}); {@code trained-<round>.html}, every sample a round's checkpoint
 * was fine-tuned on, from the lineage table ({@link TrainingPage}); {@code images/}, a page per image shown with its
 * prompt, seed and checkpoint ({@link ImagePages}).
 */
public final class RunReportPage {

    private RunReportPage() {
    }

    /**
     * Writes the report of {@code run} into {@code dir}; returns its {@code index.html}.
     *
     * @param blobs the object store the run is in (its images, for the selection pages)
     */
    public static Path write(RunRecord run, BlobStore blobs, CheckpointStore checkpoints, ReportOptions options,
                             Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<Integer, String> evaluated = new TreeMap<>();
        run.rounds().forEach((r, round) -> {
            if (round.evaluation() != null) {
                evaluated.put(r, round.checkpointId());
            }
        });
        List<Path> plots = new ArrayList<>(StudyPlots.write(Map.of(run.runId(), series(run,
                options.validationPrompts())), dir.resolve("plots")));
        Map<Integer, WeightDistribution> weights = new TreeMap<>();
        run.rounds().forEach((r, round) -> {
            if (round.weights() != null) {
                weights.put(r, round.weights());
            }
        });
        Path weightsPlot = StudyPlots.weights(weights, dir.resolve("plots").resolve("weights.png"));
        if (weightsPlot != null) {
            plots.add(weightsPlot);
        }
        boolean grid = options.gridPrompts() > 0 && !evaluated.isEmpty();
        String gridTable = "";
        if (grid) {
            StudyGrid.Grid sampled = StudyGrid.sample(checkpoints, evaluated, options.gridPrompts());
            StudyGrid.write(sampled, dir.resolve("grid.png"));
            gridTable = GridPages.write(sampled, dir);
        }
        List<Path> selections = new ArrayList<>();
        Map<Integer, Path> trainings = new TreeMap<>();
        ImagePages imagePages = new ImagePages(blobs, dir);
        if (options.selectionPrompts() > 0) {
            TrainingPage training = new TrainingPage(blobs, run);
            for (RunRecord.Round round : run.rounds().values()) {
                if (round.weights() != null) {
                    Path page = SelectionPage.write(blobs, run.runId(), round.number(), options.selectionPrompts(), dir,
                            imagePages);
                    if (page != null) {
                        selections.add(page);
                    }
                    Path trained = training.write(round.number(), dir, imagePages);
                    if (trained != null) {
                        trainings.put(round.number(), trained);
                    }
                }
            }
        }
        StringBuilder html = new StringBuilder(head("Run " + run.runId()));
        html.append("<p>").append(run.bestRound() >= 0 ? "Best round (on the validation prompts): <b>" + run.bestRound()
                + "</b>, checkpoint " + esc(String.valueOf(run.rounds().containsKey(run.bestRound())
                ? run.rounds().get(run.bestRound()).checkpointId() : "?")) : "No round decided yet").append("</p>\n");
        html.append("<h2>Held-out metrics by round</h2>\n");
        metricsTable(html, run, options.validationPrompts());
        if (!selections.isEmpty()) {
            html.append("<p>What each round kept and left, per prompt:");
            for (Path p : selections) {
                String name = p.getFileName().toString();
                html.append(" <a href=\"").append(esc(name)).append("\">")
                        .append(esc(name.replace(".html", "").replace('-', ' '))).append("</a>");
            }
            html.append("</p>\n");
        }
        if (grid) {
            html.append("<h2>Held-out prompts by round (same seeds)</h2>\n<p>Each image opens with its prompt, seed"
                    + " and checkpoint.</p>\n").append(gridTable);
        }
        html.append("<h2>Charts</h2>\n");
        for (Path p : plots) {
            html.append("<img src=\"plots/").append(esc(p.getFileName().toString())).append("\" width=\"480\">\n");
        }
        weightsTable(html, run);
        lineageTable(html, run, trainings);
        html.append("<h2>Configuration</h2>\n<pre>").append(esc(RunConfigs.describe(run.config()))).append("</pre>\n")
                .append("<pre>").append(esc(RunConfigStore.toJson(run.config()))).append("</pre>\n");
        html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html);
        imagePages.writeAll();
        return index;
    }

    /**
     * The checkpoints a report reads: stored ones only, so their catalog is not waited on for long (a checkpoint is
     * in the store before any evaluation that names it).
     */
    public static CheckpointStore checkpoints(BlobStore blobs) {
        return new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(5));
    }

    /** The page's start, up to and including its title as a heading. */
    public static String head(String title) {
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#eee}"
                + "tr.best{background:#e6f4e6}td.l,th.l{text-align:left}img{margin:4px}</style></head><body>\n"
                + "<h1>" + esc(title) + "</h1>\n";
    }

    /** The run as a line of the charts: every evaluated round's metrics with their intervals, its best round. */
    static StudyPlots.Series series(RunRecord run, int validationPrompts) {
        Map<Integer, Map<String, StudyReport.Value>> metrics = new TreeMap<>();
        run.rounds().forEach((r, round) -> {
            if (round.evaluation() != null) {
                metrics.put(r, StudyReport.values(round.evaluation(), validationPrompts));
            }
        });
        return new StudyPlots.Series(metrics, run.bestRound());
    }

    static void metricsTable(StringBuilder html, RunRecord run, int validationPrompts) {
        List<String> columns = new ArrayList<>(StudyReport.ACCURACIES);
        columns.add(EvaluationReport.VALIDATION + "faithfulness");
        columns.addAll(StudyReport.FIGURES);
        html.append("<p>Accuracies with their 95% Wilson intervals.</p>\n<table>\n<tr><th>round</th>");
        columns.forEach(c -> html.append("<th>").append(esc(c)).append("</th>"));
        html.append("</tr>\n");
        run.rounds().forEach((r, round) -> {
            if (round.evaluation() == null) {
                return;
            }
            Map<String, StudyReport.Value> values = StudyReport.values(round.evaluation(), validationPrompts);
            html.append(r == run.bestRound() ? "<tr class=\"best\">" : "<tr>").append("<td>").append(r)
                    .append(r == run.bestRound() ? " (best)" : "").append("</td>");
            for (String c : columns) {
                StudyReport.Value v = values.get(c);
                html.append("<td>").append(v == null ? "" : cell(v)).append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("</table>\n");
    }

    private static void weightsTable(StringBuilder html, RunRecord run) {
        html.append("<h2>Eq. 5 weights of the selected samples</h2>\n<table>\n<tr><th>round</th><th>selected</th>"
                + "<th>min</th><th>10th pct</th><th>median</th><th>mean</th><th>max</th><th>share below 1</th></tr>\n");
        run.rounds().forEach((r, round) -> {
            WeightDistribution w = round.weights();
            if (w != null) {
                html.append("<tr><td>").append(r).append("</td><td>").append(w.count()).append("</td><td>")
                        .append(num(w.min())).append("</td><td>").append(num(w.p10())).append("</td><td>")
                        .append(num(w.median())).append("</td><td>").append(num(w.mean())).append("</td><td>")
                        .append(num(w.max())).append("</td><td>").append(num(w.belowOne())).append("</td></tr>\n");
            }
        });
        html.append("</table>\n");
    }

    private static void lineageTable(StringBuilder html, RunRecord run, Map<Integer, Path> trainings) {
        html.append("<h2>Lineage</h2>\n<table>\n<tr><th>round</th><th class=\"l\">checkpoint</th>"
                + "<th class=\"l\">parent</th><th class=\"l\">trained on</th><th class=\"l\">training note</th>"
                + "</tr>\n");
        run.rounds().forEach((r, round) -> {
            if (round.checkpointId() != null) {
                html.append("<tr><td>").append(r).append("</td><td class=\"l\" id=\"").append(esc(round.checkpointId()))
                        .append("\">").append(esc(round.checkpointId())).append("</td><td class=\"l\">")
                        .append(round.parentId() == null ? "" : "<a href=\"#" + esc(round.parentId()) + "\">"
                                + esc(round.parentId()) + "</a>")
                        .append("</td><td class=\"l\">").append(trainings.containsKey(r) ? "<a href=\""
                                + esc(trainings.get(r).getFileName().toString()) + "\">the samples</a>" : "")
                        .append("</td><td class=\"l\">").append(esc(String.valueOf(round.note()))).append("</td></tr>\n");
            }
        });
        html.append("</table>\n");
    }

    private static String cell(StudyReport.Value v) {
        return Double.isNaN(v.low()) ? num(v.value())
                : num(v.value()) + " <small>[" + num(v.low()) + ", " + num(v.high()) + "]</small>";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }

    /** HTML text escaping: the page's only untrusted text is run ids, notes and settings. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
