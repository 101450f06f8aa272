package dev.rsidiff.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.stream.Stream;

/**
 * Where a loop test's services write their logs ({@code target/service-logs/<test class>/<test>}), kept after the
 * test, and what a failure report quotes from them: each service's last warnings and errors, and the lines that
 * are not the services' JSON log (a JVM's dying words, the fleet's note of a process that exited on its own). A
 * loop test that fails on CI is otherwise known only by its assertion ("did not finish within 4 min").
 */
record ServiceLogs(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        JsonNode event;
        try {
            event = line.startsWith("{") ? JSON.readTree(line) : null;
        } catch (JsonProcessingException e) {
            event = null;
        }
        if (event == null) {
            return shorten(line);
        }
        String level = event.path("level").asText();
        if (!List.of("WARN", "ERROR").contains(level)) {
            return null;
        }
        JsonNode thrown = event.path("throwable");
        return shorten(CLOCK.format(Instant.ofEpochMilli(event.path("timestamp").asLong())) + " " + level + " "
                + event.path("formattedMessage").asText()
                + (thrown.isObject() ? " | " + thrown.path("className").asText() + ": " + thrown.path("message").asText() : ""));
    }

    private static String shorten(String s) {
        return s.length() <= LINE_CHARS ? s : s.substring(0, LINE_CHARS) + "...";
    }
}
