package dev.rsidiff.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a loop test's services write their logs ({@code target/service-logs/<test class>/<test>}), kept after the
 * test, and what a failure report quotes from them: each service's last warnings and errors, and the lines that
 * are not the services' JSON log (a JVM's dying words, the fleet's note of a process that exited on its own). A
 * loop test that fails on CI is otherwise known only by its assertion ("did not finish within 4 min").
 */
record ServiceLogs(Path dir) {

    private static final Pattern LEVEL = Pattern.compile("\"level\":\"(\\w+)\"");
    private static final Pattern TIME = Pattern.compile("\"timestamp\":(\\d+)");
    private static final Pattern MESSAGE = Pattern.compile("\"formattedMessage\":\"(.*?)\",\"throwable\":");
    private static final Pattern THROWN = Pattern.compile("\"throwable\":\\{\"className\":\"([^\"]*)\",\"message\":(null|\"(.*?)\")");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final int LINE_CHARS = 400;

    /** Each log's last {@code perLog} notable lines, headed by the log's name; empty if there are no logs. */
    String digest(int perLog) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                Deque<String> last = new ArrayDeque<>();
                for (String line : Files.readAllLines(log)) {
                    String notable = notable(line);
                    if (notable != null) {
                        last.addLast(notable);
                        if (last.size() > perLog) {
                            last.removeFirst();
                        }
                    }
                }
                if (!last.isEmpty()) {
                    out.append("\n[").append(dir.relativize(log)).append("]");
                    last.forEach(l -> out.append("\n  ").append(l));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the service logs in " + dir, e);
        }
        return out.toString();
    }

    /** A warning or error of the JSON log, shortened; any other non-blank line as it is; null for the rest. */
    private static String notable(String line) {
        if (line.isBlank()) {
            return null;
        }
        if (!line.startsWith("{")) {
            return shorten(line);
        }
        Matcher level = LEVEL.matcher(line);
        if (!level.find() || !List.of("WARN", "ERROR").contains(level.group(1))) {
            return null;
        }
        Matcher time = TIME.matcher(line);
        Matcher message = MESSAGE.matcher(line);
        String when = time.find() ? CLOCK.format(Instant.ofEpochMilli(Long.parseLong(time.group(1)))) : "?";
        Matcher thrown = THROWN.matcher(line);
        String what = (message.find() ? message.group(1) : line)
                + (thrown.find() ? " | " + thrown.group(1) + ": " + thrown.group(3) : "");
        return shorten(when + " " + level.group(1) + " " + what.replace("\\/", "/"));
    }

    private static String shorten(String s) {
        return s.length() <= LINE_CHARS ? s : s.substring(0, LINE_CHARS) + "...";
    }
}
