package dev.rsidiff.control.progress;

import dev.rsidiff.control.RunProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Progress on a terminal: one bar (the progressbar library) for the stage of the newest round in flight, with its
 * count, rate and ETA; a new bar at each stage; evaluations printed as lines between bars. One bar at a time,
 * because a terminal line holds one: when round i is evaluated while round i+1 generates, the bar is closed, the
 * line printed, and the bar reopened where it was, its rate kept.
 */
public final class StageBars implements ProgressDisplay {

    private final PrintWriter out;
    private final int baseRound;
    private final Supplier<ProgressBarConsumer> consumers;
    private final Set<Integer> evaluationsShown = new HashSet<>();
    private ProgressBar bar;
    private int barRound = -1;
    private String barStage;
    private Instant barStarted;

    /**
     * @param out       where evaluation lines go
     * @param consumers a fresh consumer for each bar (where the bar is drawn)
     */
    public StageBars(PrintWriter out, int baseRound, Supplier<ProgressBarConsumer> consumers) {
        this.out = out;
        this.baseRound = baseRound;
        this.consumers = consumers;
    }

    /** Bars drawn on the console's error stream (stdout keeps the run's lines, as it does without a terminal). */
    static StageBars onConsole(PrintWriter out, int baseRound) {
        PrintStream err = System.err;
        return new StageBars(out, baseRound, () -> new ConsoleProgressBarConsumer(err));
    }

    @Override
    public void show(RunProgress progress) {
        for (RunProgress.Round r : progress.rounds().values()) {
            if (r.evaluation != null && evaluationsShown.add(r.number)) {
                closeBar();
                out.println(r.number == baseRound ? StageLines.Evaluations.base(r) : StageLines.Evaluations.round(r));
                out.flush();
            }
        }
        Optional<RunProgress.Round> newest = progress.rounds().values().stream()
                .filter(r -> r.number != baseRound && r.evaluation == null)
                .reduce((a, b) -> b);
        if (newest.isEmpty()) {
            closeBar();
            return;
        }
        RunProgress.Round r = newest.get();
        StageCount count = StageCount.of(r);
        if (bar != null && (r.number != barRound || !count.stage().equals(barStage))) {
            closeBar();
            barStarted = null;
        }
        if (bar == null) {
            openBar(r.number, count);
        }
        if (count.expected() >= 0) {
            bar.maxHint(count.expected());
        }
        bar.stepTo(count.done());
        bar.setExtraMessage(count.detail().isEmpty() ? "" : "  " + count.detail());
    }

    private void openBar(int round, StageCount count) {
        boolean resumed = barStarted != null && round == barRound && count.stage().equals(barStage);
        Instant started = resumed ? barStarted : Instant.now();
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("round " + round + " " + count.stage())
                .setInitialMax(count.expected())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(consumers.get());
        if (!count.unit().isEmpty()) {
            builder.setUnit(" " + count.unit(), 1).showSpeed(new DecimalFormat("0.0"));
        }
        if (resumed) {
            builder.startsFrom(count.done(), Duration.between(started, Instant.now()));
        }
        bar = builder.build();
        barRound = round;
        barStage = count.stage();
        barStarted = started;
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
        out.flush();
    }
}
