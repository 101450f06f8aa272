package dev.rsidiff.control.review;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.control.report.RunReportPage;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.review.SelectionReviewed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's side of the review gate: a round's pending selection as a page where a person ticks the samples
 * to exclude and approves, and the approval published as a {@link SelectionReviewed} event for the weighting
 * service, which assigns the weights. It checks an approval against the stored selection before sending it, so a
 * form that does not fit is refused on the page instead of being dead-lettered; the weighting service checks it
 * again, since events may come from elsewhere.
 */
public final class ReviewDesk {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewDesk.class);

    private final BlobStore blobs;
    private final TopicWriter<SelectionReviewed> approvals;
    private final EventMetas metas = new EventMetas(ServiceName.RUN_CONTROL);

    /** @param approvals the writer of {@code rsidiff.selections.reviewed} */
    public ReviewDesk(BlobStore blobs, TopicWriter<SelectionReviewed> approvals) {
        this.blobs = blobs;
        this.approvals = approvals;
    }

    /** The round's selection, if the run reviews its rounds and this one was selected. */
    public Optional<PendingSelection> selection(String runId, int round) {
        return PendingSelection.read(blobs, runId, round);
    }

    /** The PNG of a sample of the round's selection; only the selection's own images are served. */
    public Optional<byte[]> image(String runId, int round, String imageId) {
        return selection(runId, round).flatMap(s -> s.sample(imageId)).map(s -> blobs.read(s.image()));
    }

    /**
     * Sends {@code reviewer}'s approval of the round's pending selection without {@code excluded}.
     *
     * @throws ReviewRefusedException if the round has no pending selection, was decided already, names no
     *                                reviewer, or excludes samples it did not select or all of them
     */
    public void approve(String runId, int round, String reviewer, List<String> excluded, String note) {
        PendingSelection selection = selection(runId, round).orElseThrow(() -> new ReviewRefusedException(404,
                "Run " + runId + " round " + round + " has no selection under review"));
        if (!selection.pending()) {
            throw new ReviewRefusedException(409, "Run " + runId + " round " + round + " was decided already ("
                    + describe(selection) + ")");
        }
        if (reviewer == null || reviewer.isBlank()) {
            throw new ReviewRefusedException(400, "Say who you are: an approval names its reviewer");
        }
        Set<String> ids = new LinkedHashSet<>(excluded);
        List<String> unknown = ids.stream().filter(id -> selection.sample(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new ReviewRefusedException(400, "Not in the round's selection: " + unknown);
        }
        if (!selection.selected().isEmpty() && ids.size() >= selection.selected().size()) {
            throw new ReviewRefusedException(400, "Every selected sample is ticked; a round needs at least one to"
                    + " fine-tune on (stop the run instead)");
        }
        approvals.send(SelectionReviewed.newBuilder()
                .setMeta(metas.next(runId, round))
                .setReviewer(reviewer.strip())
                .setExcludedImageIds(new ArrayList<>(ids))
                .setNote(note == null ? "" : note.strip())
                .build());
        LOG.info("Run {} round {}: approval by '{}' sent, excluding {}", runId, round, reviewer.strip(), ids);
    }

    /** The review page: the selection with a box per sample to exclude, or what was decided. */
    public String page(String runId, int round, boolean sent) {
        PendingSelection s = selection(runId, round).orElseThrow(() -> new IllegalArgumentException("Run " + runId
                + " round " + round + " has no selection under review"));
        StringBuilder html = new StringBuilder(RunReportPage.head("Run " + runId + ", round " + round + ": review"));
        html.append("<p id=\"status\" data-status=\"").append(s.status()).append("\">");
        if (s.pending()) {
            html.append("Awaiting review: ").append(s.selected().size()).append(" samples selected. Tick those that"
                    + " must not be trained on, and approve. Nobody approving by ").append(RunReportPage.esc(s.deadline()))
                    .append(s.onTimeout().equals("PROCEED") ? ", the run proceeds with the selection unreviewed."
                            : ", the round keeps waiting.");
        } else {
            html.append(RunReportPage.esc(describe(s))).append('.');
        }
        html.append(" <a href=\"/runs/").append(RunReportPage.esc(runId)).append("/\">The run</a> · <a href=\"/\">"
                + "All runs</a></p>\n");
        if (sent && s.pending()) {
            html.append("<p id=\"sent\"><b>Approval sent.</b> The weighting service assigns the weights when it reads"
                    + " it; reload to see the decision.</p>\n");
        }
        if (s.pending()) {
            html.append("<form method=\"post\">\n");
        }
        html.append("<table>\n<tr><th>").append(s.pending() ? "exclude" : "").append("</th><th>image</th>"
                + "<th class=\"l\">prompt</th><th>rank</th><th class=\"l\">scores</th><th>distance d</th>"
                + "<th>weight</th></tr>\n");
        for (PendingSelection.Sample x : s.selected()) {
            row(html, runId, round, x, s.pending() ? "<input type=\"checkbox\" name=\"exclude\" value=\""
                    + RunReportPage.esc(x.imageId()) + "\">" : "kept");
        }
        for (PendingSelection.Sample x : s.excluded()) {
            row(html, runId, round, x, "<span class=\"excluded\">excluded by " + RunReportPage.esc(x.excludedBy())
                    + "</span>");
        }
        html.append("</table>\n");
        if (s.pending()) {
            html.append("<p><label>Reviewer <input type=\"text\" name=\"reviewer\" required></label> "
                    + "<label>Note <input type=\"text\" name=\"note\" size=\"40\"></label> "
                    + "<button type=\"submit\" id=\"approve\">Approve without the ticked samples</button></p>\n"
                    + "</form>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String runId, int round, PendingSelection.Sample x, String first) {
        String src = "/review/" + RunReportPage.esc(runId) + "/" + round + "/" + RunReportPage.esc(x.imageId()) + ".png";
        StringBuilder scores = new StringBuilder();
        x.scores().forEach((k, v) -> scores.append(RunReportPage.esc(k)).append(' ')
                .append(String.format(Locale.ROOT, "%.3f", v)).append("<br>"));
        html.append("<tr data-image=\"").append(RunReportPage.esc(x.imageId())).append("\"><td>").append(first)
                .append("</td><td><a href=\"").append(src).append("\"><img src=\"").append(src)
                .append("\" width=\"96\" height=\"96\" style=\"image-rendering:pixelated\" alt=\"")
                .append(RunReportPage.esc(x.imageId())).append("\"></a></td><td class=\"l\">")
                .append(RunReportPage.esc(x.promptText())).append("</td><td>").append(x.rank())
                .append("</td><td class=\"l\">").append(scores).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.3f", x.distance())).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.3f", x.weight())).append("</td></tr>\n");
    }

    private static String describe(PendingSelection s) {
        return switch (s.status()) {
            case "APPROVED" -> "Approved by " + s.reviewer() + " at " + s.reviewedAt() + ", " + s.excluded().size()
                    + " of " + (s.selected().size() + s.excluded().size()) + " samples excluded"
                    + (s.note().isEmpty() ? "" : " (note: " + s.note() + ")");
            case "PROCEEDED_UNREVIEWED" -> "Nobody approved it by " + s.deadline()
                    + "; the run proceeded with the selection unreviewed";
            default -> s.status();
        };
    }
}
