package dev.rsidiff.control.study;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.control.RunDriver;
import dev.rsidiff.control.RunProgress;
import dev.rsidiff.control.progress.ProgressDisplay;
import dev.rsidiff.control.progress.StageBars;
import dev.rsidiff.control.progress.StageLines;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.weights.WeightDistribution;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a study's arms as runs of their own on one stack and one set of services, {@code parallel} at a time (so
 * the services interleave rounds of different runs, which must not mix), and collects each arm's held-out
 * evaluations from the object store.
 */
public final class StudyRunner {

    private final String bootstrapServers;
    private final BlobStore blobs;
    private final PrintWriter out;
    private final boolean bars;

    /** A runner that prints each arm's stage changes as lines prefixed with the arm (logs, CI, tests). */
    public StudyRunner(String bootstrapServers, BlobStore blobs, PrintWriter out) {
        this(bootstrapServers, blobs, out, false);
    }

    /** @param bars whether each arm shows a progress bar of its own (a terminal) instead of lines */
    public StudyRunner(String bootstrapServers, BlobStore blobs, PrintWriter out, boolean bars) {
        this.bootstrapServers = bootstrapServers;
        this.blobs = blobs;
        this.out = out;
        this.bars = bars;
    }

    /** Runs every arm's configuration to its last round's evaluation; outcomes in the arms' order. */
    public List<ArmOutcome> run(Map<StudyArm, RunConfig> arms, int parallel, Duration timeoutPerArm)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "study-arm");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ArmOutcome>> futures = new ArrayList<>();
            arms.forEach((arm, config) -> futures.add(pool.submit(() -> runArm(arm, config, timeoutPerArm))));
            List<ArmOutcome> outcomes = new ArrayList<>();
            for (Future<ArmOutcome> f : futures) {
                try {
                    outcomes.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("A study arm failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private ArmOutcome runArm(StudyArm arm, RunConfig config, Duration timeout) {
        ProgressDisplay.Factory display = bars ? (lines, base) -> StageBars.forStudyArm(lines, base, arm.label())
                : StageLines::new;
        RunProgress progress = new RunDriver(bootstrapServers, prefixed(arm), display).startAndFollow(config, timeout);
        Map<Integer, EvaluationReport> evaluations = new TreeMap<>();
        Map<Integer, String> checkpoints = new TreeMap<>();
        progress.rounds().forEach((round, r) -> {
            if (r.evaluation != null) {
                if (r.evaluation.getReport() == null) {
                    throw new IllegalStateException("Run " + progress.runId() + " round " + round
                            + ": the evaluation event names no report");
                }
                StoredBlob blob = StoredBlob.of(r.evaluation.getReport());
                evaluations.put(round, Manifests.fromJson(blobs.read(blob), EvaluationReport.class,
                        "evaluation report " + blob.key().value()));
                checkpoints.put(round, r.evaluation.getCheckpointId());
            }
        });
        Map<Integer, WeightDistribution> weights = new TreeMap<>();
        for (int round : evaluations.keySet()) {
            blobs.readIfExists(BlobKeys.weightsManifest(progress.runId(), round)).ifPresent(f ->
                    weights.put(round, weightsOf(f.bytes())));
        }
        synchronized (out) {
            out.printf("[%s] run %s done%n", arm.label(), progress.runId());
            out.flush();
        }
        return new ArmOutcome(arm, progress.runId(), evaluations, checkpoints, progress.eventsPerTopic(), weights);
    }

    /** The weight manifest's selected samples' weights (read as JSON: the manifest is the weighting service's). */
    public static WeightDistribution weightsOf(byte[] manifest) {
        try {
            com.fasterxml.jackson.databind.JsonNode selected = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(manifest).path("selected");
            double[] w = new double[selected.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = selected.get(i).path("weight").asDouble(Double.NaN);
            }
            return WeightDistribution.of(w);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Unreadable weight manifest", e);
        }
    }

    /** The run driver's progress lines, each prefixed with the arm and written whole to the shared output. */
    private PrintWriter prefixed(StudyArm arm) {
        return new PrintWriter(new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        synchronized (out) {
                            out.println("[" + arm.label() + "] " + line);
                        }
                        line.setLength(0);
                    } else {
                        line.append(buf[i]);
                    }
                }
            }

            @Override
            public void flush() {
                synchronized (out) {
                    out.flush();
                }
            }

            @Override
            public void close() {
                flush();
            }
        });
    }

}
