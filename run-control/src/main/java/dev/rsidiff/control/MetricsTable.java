package dev.rsidiff.control;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Held-out metrics side by side: the base model, then every round, with the change against the base. */
public final class MetricsTable {

    /** The headline metrics, in the order printed by {@link #brief}. */
    static final List<String> HEADLINE = List.of("faithfulness", "fidelity.frechet", "diversity", "scorer.aesthetic", "scorer.preference");

    private MetricsTable() {
    }

    public static String brief(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        for (String name : HEADLINE) {
            Double v = metrics.get(name);
            if (v != null) {
                s.append(name).append(' ').append(String.format("%.4g", v)).append("  ");
            }
        }
        return s.toString().trim();
    }

    public static void print(PrintWriter out, Map<Integer, Map<String, Double>> byRound, int baseRound) {
        TreeSet<String> names = new TreeSet<>();
        byRound.values().forEach(m -> names.addAll(m.keySet()));
        Map<String, Double> base = byRound.get(baseRound);
        out.printf("%-34s", "metric");
        for (int r : byRound.keySet()) {
            out.printf("%22s", r == baseRound ? "base (round " + r + ")" : "round " + r);
        }
        out.println();
        for (String name : names) {
            out.printf("%-34s", name);
            for (Map.Entry<Integer, Map<String, Double>> e : byRound.entrySet()) {
                Double v = e.getValue().get(name);
                Double b = base == null ? null : base.get(name);
                if (v == null) {
                    out.printf("%22s", "-");
                } else if (e.getKey() == baseRound || b == null) {
                    out.printf("%22s", String.format("%.4f", v));
                } else {
                    out.printf("%22s", String.format("%.4f (%+.4f)", v, v - b));
                }
            }
            out.println();
        }
        out.flush();
    }
}
