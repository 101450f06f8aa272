package dev.rsidiff.control.progress;

import dev.rsidiff.control.RunProgress;

import java.io.PrintWriter;

/**
 * How a followed run shows where it stands: bars with rates and ETAs on a terminal ({@link StageBars}), a line per
 * stage change where the output is a log or CI ({@link StageLines}). Both print each evaluation's metrics.
 */
public interface ProgressDisplay extends AutoCloseable {

    /** Shows the run's state; called after every poll of its events. */
    void show(RunProgress progress);

    @Override
    void close();

    /** Opens the display of one followed run. */
    @FunctionalInterface
    interface Factory {
        /** The display for a run whose base evaluation is {@code baseRound}, its lines going to {@code out}. */
        ProgressDisplay open(PrintWriter out, int baseRound);
    }

    /** What {@code --progress} chooses between. */
    enum Mode implements Factory {
        /** Bars when the process has a terminal ({@code System.console()}), lines otherwise. */
        AUTO,
        BARS,
        LINES;

        /** The display for this mode, writing to {@code out}, for a run whose base evaluation is {@code baseRound}. */
        @Override
        public ProgressDisplay open(PrintWriter out, int baseRound) {
            return bars() ? StageBars.onConsole(out, baseRound) : new StageLines(out, baseRound);
        }

        /** Whether this mode draws bars here. */
        public boolean bars() {
            return this == BARS || this == AUTO && System.console() != null;
        }
    }
}
