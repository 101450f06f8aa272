package dev.rsidiff.control.report;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
/**
 * {@code rsi report RUN --out DIR}: a run's report as a static HTML folder, from the object store of a deployment
 * ({@code RSIDIFF_BLOB_*}) or of a demo's data directory ({@code --data-dir}, whose S3 server it starts).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a run's report (metrics with intervals, charts, a prompts x rounds grid, Eq. 5 weights, "
                + "lineage, configuration) as a static HTML folder that can be zipped and shared.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "The run id (as 'rsi run' and 'rsi demo' print "
            + "it); with more than one, DIR compares them on the same charts and holds each run's report in DIR/<run>/.")
    List<String> runIds;

    @Option(names = "--out", required = true, description = "The folder to write (index.html, plots/, grid.png).")
    Path out;

    @CommandLine.Mixin
    ReportSource source = new ReportSource();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        ReportOptions options = source.options(spec);
        return source.read(spec, (bootstrap, blobs, dataDir) -> write(blobs, options, console));
    }

    private int write(BlobStore blobs, ReportOptions options, PrintWriter console) throws java.io.IOException {
        CheckpointStore checkpoints = RunReportPage.checkpoints(blobs);
        if (runIds.size() == 1) {
            RunRecord run = RunRecord.read(blobs, checkpoints, runIds.get(0));
            Path index = RunReportPage.write(run, blobs, checkpoints, options, out);
            console.printf("Report of run %s (%d rounds) in %s%n", run.runId(), run.rounds().size(), index);
        } else {
            List<RunRecord> runs = new ArrayList<>();
            for (String id : runIds) {
                RunRecord run = RunRecord.read(blobs, checkpoints, id);
                RunReportPage.write(run, blobs, checkpoints, options, out.resolve(id));
                runs.add(run);
            }
            Path index = ComparisonPage.write(runs, options.validationPrompts(), out);
            console.printf("Comparison of %d runs in %s%n", runs.size(), index);
        }
        console.flush();
        return 0;
    }
}
