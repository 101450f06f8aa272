package dev.rsidiff.control.dashboard;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.report.ComparisonPage;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.control.report.RunRecord;
import dev.rsidiff.control.report.RunReportPage;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run reports and comparisons as {@code rsi report} writes them, rendered into a cache folder when first asked for
 * and again only when the run's events say something new was stored (another evaluation, or the run done): a
 * report samples its grid from every evaluated checkpoint, which takes seconds, so it is not redone per request.
 */
final class ReportCache {

    private final BlobStore blobs;
    private final CheckpointStore checkpoints;
    private final ReportOptions options;
    private final LiveRuns live;
    private final Path root;
    private final Map<Path, String> versions = new HashMap<>(); // guarded by this

    ReportCache(BlobStore blobs, CheckpointStore checkpoints, ReportOptions options, LiveRuns live, Path root) {
        this.blobs = blobs;
        this.checkpoints = checkpoints;
        this.options = options;
        this.live = live;
        this.root = root;
    }

    /** The folder holding run {@code runId}'s report, rendered if it is missing or out of date. */
    synchronized Path run(String runId) throws IOException {
        Path dir = root.resolve("runs").resolve(runId);
        String version = version(runId);
        if (!version.equals(versions.get(dir))) {
            clear(dir);
            RunReportPage.write(RunRecord.read(blobs, checkpoints, runId), blobs, checkpoints, options, dir);
            versions.put(dir, version);
        }
        return dir;
    }

    /** The folder comparing {@code runIds} on the same charts (each run's report beside it, without a grid). */
    synchronized Path comparison(List<String> runIds) throws IOException {
        Path dir = root.resolve("compare").resolve(String.join(",", runIds));
        StringBuilder version = new StringBuilder();
        runIds.forEach(id -> version.append(version(id)).append(';'));
        if (!version.toString().equals(versions.get(dir))) {
            clear(dir);
            ReportOptions each = new ReportOptions(0, options.selectionPrompts(), options.validationPrompts());
            List<RunRecord> runs = new ArrayList<>();
            for (String id : runIds) {
                RunRecord run = RunRecord.read(blobs, checkpoints, id);
                RunReportPage.write(run, blobs, checkpoints, each, dir.resolve(id));
                runs.add(run);
            }
            ComparisonPage.write(runs, options.validationPrompts(), dir);
            versions.put(dir, version.toString());
        }
        return dir;
    }

    /** What the stored report depends on, as the events tell it; a run whose events are gone is rendered once. */
    private String version(String runId) {
        return live.status(runId).map(s -> s.evaluations() + ":" + s.weightedRounds() + ":" + s.done())
                .orElse("stored");
    }

    private static void clear(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
