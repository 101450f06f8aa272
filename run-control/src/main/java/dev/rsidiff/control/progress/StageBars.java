package dev.rsidiff.control.progress;

import dev.rsidiff.control.RunProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
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
 *
 * <p>A study follows several runs at once: each arm's display then draws its bar on a line of its own (the
 * library's interactive consumer moves the cursor to it), labelled with the arm, and prints no evaluation lines,
 * which would scroll the other bars away; the study's report gives the evaluations.
 */
public final class StageBars implements ProgressDisplay {

    private final PrintWriter out;
    private final int baseRound;
    private final Supplier<ProgressBarConsumer> consumers;
    private final String label;
    private final boolean printEvaluations;
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
        this(out, baseRound, consumers, "", true);
    }

    /**
     * @param label            put before each bar's task name (the study arm)
     * @param printEvaluations whether evaluations are printed as lines
     */
    public StageBars(PrintWriter out, int baseRound, Supplier<ProgressBarConsumer> consumers, String label,
                     boolean printEvaluations) {
        this.out = out;
        this.baseRound = baseRound;
        this.consumers = consumers;
        this.label = label;
        this.printEvaluations = printEvaluations;
    }

    /** A study arm's bar, on a console line of its own among the other arms' bars. */
    public static StageBars forStudyArm(PrintWriter out, int baseRound, String arm) {
        PrintStream err = System.err;
        return new StageBars(out, baseRound, () -> new InteractiveConsoleProgressBarConsumer(err), "[" + arm + "] ",
                false);
    }

    /** Bars drawn on the console's error stream (stdout keeps the run's lines, as it does without a terminal). */
    static StageBars onConsole(PrintWriter out, int baseRound) {
        PrintStream err = System.err;
        return new StageBars(out, baseRound, () -> new ConsoleProgressBarConsumer(err));
    }

    @Override
    public void show(RunProgress progress) {
        for (RunProgress.Round r : progress.rounds().values()) {
            if (r.evaluation != null && evaluationsShown.add(r.number) && printEvaluations) {
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
                .setTaskName(label + "round " + round + " " + count.stage())
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
