package dev.rsidiff.control.study;

import dev.rsidiff.protocol.weights.WeightDistribution;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The study's and the run report's plots (XChart, headless): one PNG per metric, the metric by round, one line per
 * arm or run, its 95% interval as dashed lines where the evaluator gives one, and its best round marked; and the
 * spread of a run's Eq. 5 weights by round.
 */
public final class StudyPlots {

    /** Plotted metrics: faithfulness per attribute, fidelity, the scorers' means and the collapse symptoms. */
    public static final List<String> PLOTTED = List.of("faithfulness", "faithfulness.region", "faithfulness.shape",
            "faithfulness.colour", "faithfulness.size", "faithfulness.background", "fidelity.frechet_standardised",
            "fidelity.kid", "fidelity.frechet", "diversity",
            "collapse.spread", "collapse.tails", "collapse.spectrum_distance", "scorer.alignment", "scorer.aesthetic",
            "scorer.preference");

    /** Pixels: wide enough for a legend of eight arms beside the plot. */
    static final int WIDTH = 900;
    static final int HEIGHT = 480;

    private StudyPlots() {
    }

    /** Series colours, one per arm or run, so that a line and its interval share one. */
    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /**
     * One line of the charts: an arm of a study, or a run.
     *
     * @param rounds    round to metric values (with their intervals where there are)
     * @param bestRound the round its decision named best (-1: none), marked on every chart
     */
    public record Series(Map<Integer, Map<String, StudyReport.Value>> rounds, int bestRound) {
    }

    /** Writes {@code <metric>.png} into {@code dir} for every plotted metric some arm has; returns the files. */
    public static List<Path> write(StudyReport report, Path dir) throws IOException {
        Map<String, Series> series = new LinkedHashMap<>();
        for (StudyReport.ArmResult arm : report.arms()) {
            series.put(arm.arm(), new Series(arm.rounds(), arm.bestRound()));
        }
        return write(series, dir);
    }

    /**
     * Writes {@code <metric>.png} into {@code dir} for every plotted metric some series has, one line per series
     * (an arm of a study, or a run); returns the files.
     */
    public static List<Path> write(Map<String, Series> series, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (String metric : PLOTTED) {
            XYChart chart = chart(metric, series);
            if (!chart.getSeriesMap().isEmpty()) {
                Path file = dir.resolve(metric + ".png");
                BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
                out.add(file);
            }
        }
        return out;
    }

    /**
     * The chart of one metric, empty if no series has it. The legend names each line once: with an entry for every
     * interval and best-round marker, eight arms' legend covered the whole plot. The title says how to read them.
     */
    static XYChart chart(String metric, Map<String, Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(metric + " (dashed: 95% interval; diamond: best round)").xAxisTitle("round")
                .yAxisTitle(metric).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int index = 0;
        for (Map.Entry<String, Series> s : series.entrySet()) {
            Color colour = COLOURS[index++ % COLOURS.length];
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            Double best = null;
            for (Map.Entry<Integer, Map<String, StudyReport.Value>> e : s.getValue().rounds().entrySet()) {
                StudyReport.Value v = e.getValue().get(metric);
                if (v == null || !Double.isFinite(v.value())) {
                    continue;
                }
                x.add((double) e.getKey());
                y.add(v.value());
                low.add(v.hasInterval() ? v.low() : v.value());
                high.add(v.hasInterval() ? v.high() : v.value());
                if (e.getKey() == s.getValue().bestRound()) {
                    best = v.value();
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(s.getKey(), x, y);
            coloured(line, colour).setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(SeriesLines.SOLID); // XChart's own cycle dashes some lines, which read as intervals
            if (!low.equals(y) || !high.equals(y)) {
                interval(chart.addSeries(s.getKey() + " 95% interval", x, low), colour);
                interval(chart.addSeries(s.getKey() + " 95% interval, upper", x, high), colour);
            }
            if (best != null) {
                XYSeries marker = chart.addSeries(s.getKey() + " best round",
                        List.of((double) s.getValue().bestRound()), List.of(best));
                coloured(marker, colour).setMarker(SeriesMarkers.DIAMOND);
                marker.setLineStyle(SeriesLines.NONE);
                marker.setShowInLegend(false);
            }
        }
        return chart;
    }

    private static XYSeries interval(XYSeries bound, Color colour) {
        coloured(bound, colour).setMarker(SeriesMarkers.NONE);
        bound.setLineStyle(SeriesLines.DASH_DASH);
        bound.setShowInLegend(false);
        return bound;
    }

    private static XYSeries coloured(XYSeries series, Color colour) {
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        return series;
    }

    /**
     * Writes {@code file}: how a run's Eq. 5 weights spread in each round (min, 10th percentile, median, mean, max of
     * the selected samples' weights). Returns the file, or null if no round has weights.
     */
    public static Path weights(Map<Integer, WeightDistribution> byRound, Path file) throws IOException {
        if (byRound.isEmpty()) {
            return null;
        }
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(file.getParent());
        XYChart chart = new XYChartBuilder().width(640).height(400).title("Eq. 5 weights of the selected samples")
                .xAxisTitle("round").yAxisTitle("weight").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Double> rounds = byRound.keySet().stream().map(Integer::doubleValue).toList();
        Map<String, java.util.function.ToDoubleFunction<WeightDistribution>> stats = new LinkedHashMap<>();
        stats.put("max", WeightDistribution::max);
        stats.put("mean", WeightDistribution::mean);
        stats.put("median", WeightDistribution::median);
        stats.put("10th percentile", WeightDistribution::p10);
        stats.put("min", WeightDistribution::min);
        int index = 0;
        for (Map.Entry<String, java.util.function.ToDoubleFunction<WeightDistribution>> stat : stats.entrySet()) {
            List<Double> y = byRound.values().stream().map(w -> stat.getValue().applyAsDouble(w)).toList();
            Color colour = COLOURS[index++];
            coloured(chart.addSeries(stat.getKey(), rounds, y), colour).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
