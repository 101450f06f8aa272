package dev.rsidiff.control.dashboard;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.control.report.ReportOptions;
import dev.rsidiff.control.report.ReportSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code rsi dashboard}: the dashboard over a deployment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code RSIDIFF_BLOB_*})
 * or over a demo's or study's data directory ({@code --data-dir}, whose stack it starts), until Ctrl-C.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve the dashboard: every run live, each run's report (metrics with intervals, charts, a "
                + "prompts x rounds grid, what each round kept, lineage), runs compared. Runs until Ctrl-C.")
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default "
            + "${DEFAULT-VALUE}: this host only; 0.0.0.0 for others).")
    String bind;

    @CommandLine.Mixin
    ReportSource source = new ReportSource();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReportOptions options = source.options(spec);
        return source.read(spec, (bootstrap, blobs, dataDir) -> {
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "KAFKA_BOOTSTRAP_SERVERS is not set: "
                        + "give the deployment's Kafka, or --data-dir for a demo's stack");
            }
            Path cache = dataDir != null ? dataDir.resolve("dashboard") : Files.createTempDirectory("rsi-dashboard");
            return serve(bootstrap, blobs, options, cache, out);
        });
    }

    private int serve(String bootstrap, BlobStore blobs, ReportOptions options, Path cache, PrintWriter out)
            throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (DashboardServer dashboard = DashboardServer.start(bind, port, bootstrap, blobs, options, cache)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "dashboard-stop"));
            out.printf("Dashboard: %s (Ctrl-C stops it)%n", dashboard.url());
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
