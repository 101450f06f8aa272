package dev.rsidiff.control.report;

import dev.rsidiff.control.study.StudyGrid;
import dev.rsidiff.engine.world.Images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The prompts x rounds grid as HTML: each cell its own PNG under {@code grid/}, opening a page with the prompt, the
 * seed, the checkpoint that drew it and the sampler settings, and linking the same prompt's cell in every other
 * round. The one-picture {@code grid.png} stays beside it, for sharing.
 */
final class GridPages {

    private GridPages() {
    }

    /** Writes the cells and their pages under {@code dir/grid/}; returns the grid's HTML table for the report. */
    static String write(StudyGrid.Grid grid, Path dir) throws IOException {
        Path cells = Files.createDirectories(dir.resolve("grid"));
        StringBuilder table = new StringBuilder("<table id=\"grid\">\n<tr><th class=\"l\">prompt (seed)</th>");
        for (int round : grid.rounds()) {
            table.append("<th>").append(round == grid.rounds().get(0) && round <= 0 ? "base" : "round " + round)
                    .append("</th>");
        }
        table.append("</tr>\n");
        for (int row = 0; row < grid.prompts().size(); row++) {
            String prompt = RunReportPage.esc(grid.prompts().get(row));
            table.append("<tr><td class=\"l\">").append(prompt).append(" (").append(grid.seeds()[row]).append(")</td>");
            for (int c = 0; c < grid.rounds().size(); c++) {
                String name = cell(grid.rounds().get(c), row);
                Files.write(cells.resolve(name + ".png"), Images.png(grid.image(c, row)));
                Files.writeString(cells.resolve(name + ".html"), page(grid, c, row));
                table.append("<td><a href=\"grid/").append(name).append(".html\"><img src=\"grid/").append(name)
                        .append(".png\" width=\"64\" height=\"64\" style=\"image-rendering:pixelated\" alt=\"")
                        .append(prompt).append("\"></a></td>");
            }
            table.append("</tr>\n");
        }
        return table.append("</table>\n<p><a href=\"grid.png\">The grid as one picture</a></p>\n").toString();
    }

    private static String cell(int round, int row) {
        return "round" + round + "-prompt" + row;
    }

    private static String page(StudyGrid.Grid grid, int column, int row) {
        int round = grid.rounds().get(column);
        String checkpoint = RunReportPage.esc(grid.checkpoints().get(column));
        String name = cell(round, row);
        StringBuilder html = new StringBuilder(RunReportPage.head("Held-out prompt " + (row + 1) + ", round " + round));
        html.append("<p><a href=\"").append(name).append(".png\"><img src=\"").append(name).append(".png\" alt=\"as"
                + " drawn\"></a> <img src=\"").append(name).append(".png\" width=\"384\" style=\"image-rendering:"
                + "pixelated\" alt=\"enlarged\"></p>\n<table>\n<tr><th class=\"l\">prompt</th><td class=\"l\">")
                .append(RunReportPage.esc(grid.prompts().get(row))).append("</td></tr>\n<tr><th class=\"l\">seed</th>"
                        + "<td class=\"l\" id=\"seed\">").append(grid.seeds()[row]).append("</td></tr>\n<tr><th"
                        + " class=\"l\">checkpoint</th><td class=\"l\"><a id=\"checkpoint\" href=\"../index.html#")
                .append(checkpoint).append("\">").append(checkpoint).append("</a> (round ").append(round)
                .append(")</td></tr>\n<tr><th class=\"l\">sampler</th><td class=\"l\">")
                .append(RunReportPage.esc(grid.settings().toString())).append("</td></tr>\n<tr><th class=\"l\">the"
                        + " same seed in</th><td class=\"l\">");
        for (int c = 0; c < grid.rounds().size(); c++) {
            String other = cell(grid.rounds().get(c), row);
            html.append(c == column ? "<b>round " + grid.rounds().get(c) + "</b>" : "<a href=\"" + other
                    + ".html\">round " + grid.rounds().get(c) + "</a>").append(' ');
        }
        return html.append("</td></tr>\n</table>\n<p><a href=\"../index.html\">Back to the report</a></p>\n"
                + "</body></html>\n").toString();
    }
}
