package dev.rsidiff.control.progress;

import dev.rsidiff.control.MetricsTable;
import dev.rsidiff.control.RunProgress;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress for logs and CI: one line each time a round changes stage (or gains dead letters), and each evaluation's
 * metrics once; nothing while a stage merely advances, so a log reads as the run's history.
 */
public final class StageLines implements ProgressDisplay {

    private final PrintWriter out;
    private final int baseRound;
    private final Map<Integer, String> shown = new HashMap<>();

    public StageLines(PrintWriter out, int baseRound) {
        this.out = out;
        this.baseRound = baseRound;
    }

    @Override
    public void show(RunProgress progress) {
        for (RunProgress.Round r : progress.rounds().values()) {
            if (r.number == baseRound) {
                if (r.evaluation != null && shown.put(r.number, "evaluated") == null) {
                    out.println(Evaluations.base(r));
                }
                continue;
            }
            String state = r.stage() + " " + r.deadLetters;
            if (!state.equals(shown.put(r.number, state))) {
                out.println(progress.describe(r));
                if (r.evaluation != null) {
                    out.println(Evaluations.round(r));
                }
            }
        }
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }

    /** The lines both displays print for evaluations. */
    static final class Evaluations {
        private Evaluations() {
        }

        static String base(RunProgress.Round r) {
            return "base " + r.evaluation.getCheckpointId() + " evaluated: " + MetricsTable.brief(r.evaluation.getMetrics());
        }

        static String round(RunProgress.Round r) {
            return "round " + r.number + " evaluated: " + MetricsTable.brief(r.evaluation.getMetrics());
        }
    }
}
