package dev.rsidiff.prompt.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.engine.world.CorpusPrompt;
import dev.rsidiff.engine.world.PromptCorpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the raw prompts come from: the procedural world's corpus (with its labelled bad prompts) by default, or a
 * user's file: {@code .txt} (one prompt per line), {@code .csv} (a column named {@code prompt} or {@code text}, or
 * the first column) or {@code .jsonl} (a {@code prompt} or {@code text} field per line).
 */
public final class CorpusSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusSource() {
    }

    /** The world's corpus: {@code size} prompts, a quarter of them deliberately bad. */
    public static List<String> world(long seed, int size) {
        return PromptCorpus.generate(seed, size, 0.25).stream().map(CorpusPrompt::text).toList();
    }

    /** The largest corpus file read, in bytes. */
    public static final long MAX_FILE_BYTES = 256L << 20;
    /** The longest line read, in characters (a prompt is a sentence, not a page). */
    public static final int MAX_LINE_CHARS = 8192;
    /** The most prompts read from one file. */
    public static final int MAX_PROMPTS = 1_000_000;

    /**
     * The prompts of a user's corpus file, streamed line by line: a file over {@link #MAX_FILE_BYTES}, a line over
     * {@link #MAX_LINE_CHARS} or more than {@link #MAX_PROMPTS} prompts is refused with the file and line named,
     * before anything of that size is held in memory.
     */
    public static List<String> file(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        LineParser parser;
        if (name.endsWith(".txt")) {
            parser = (line, number, out) -> out.add(line.strip());
        } else if (name.endsWith(".jsonl")) {
            parser = (line, number, out) -> out.add(jsonlPrompt(path, line, number));
        } else if (name.endsWith(".csv")) {
            parser = new CsvParser(path);
        } else {
            throw new IllegalArgumentException("Prompt corpus " + path + " must end in .txt, .csv or .jsonl");
        }
        List<String> out = new ArrayList<>();
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("Prompt corpus " + path + " has " + size + " bytes; at most "
                        + MAX_FILE_BYTES + " are read");
            }
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                int number = 0;
                while (readLine(reader, line, path, number + 1)) {
                    number++;
                    if (!line.toString().isBlank()) {
                        parser.accept(line.toString(), number, out);
                        if (out.size() > MAX_PROMPTS) {
                            throw new IllegalArgumentException("Prompt corpus " + path + " has more than " + MAX_PROMPTS
                                    + " prompts (line " + number + ")");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read prompt corpus " + path + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    /** Reads one line into {@code line} (without its terminator); false at the end of the file. */
    private static boolean readLine(BufferedReader reader, StringBuilder line, Path path, int number) throws IOException {
        line.setLength(0);
        int c = reader.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (c != '\r') {
                if (line.length() == MAX_LINE_CHARS) {
                    throw new IllegalArgumentException("Prompt corpus " + path + " line " + number + " is longer than "
                            + MAX_LINE_CHARS + " characters");
                }
                line.append((char) c);
            }
            c = reader.read();
        }
        return true;
    }

    @FunctionalInterface
    private interface LineParser {
        void accept(String line, int number, List<String> out);
    }

    private static String jsonlPrompt(Path path, String line, int number) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode text = node.has("prompt") ? node.get("prompt") : node.get("text");
            if (text == null || !text.isTextual()) {
                throw new IllegalArgumentException(path + " line " + number + " has no \"prompt\" or \"text\" field");
            }
            return text.asText();
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " line " + number + " is not JSON: " + e.getMessage());
        }
    }

    /** A CSV's prompt column: named {@code prompt} or {@code text} in a header line, or else the first column. */
    private static final class CsvParser implements LineParser {
        private final Path path;
        private int column = -1;

        CsvParser(Path path) {
            this.path = path;
        }

        @Override
        public void accept(String line, int number, List<String> out) {
            List<String> fields = csvFields(line);
            if (column < 0) {
                int named = fields.indexOf("prompt") >= 0 ? fields.indexOf("prompt") : fields.indexOf("text");
                column = Math.max(named, 0);
                if (named >= 0) {
                    return;
                }
            }
            if (fields.size() <= column) {
                throw new IllegalArgumentException(path + " line " + number + " has no column " + (column + 1));
            }
            out.add(fields.get(column));
        }
    }

    // RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes, not line breaks): small
    // enough that a CSV library would add more than it saves.
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
