package dev.rsidiff.prompt.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.engine.world.CorpusPrompt;
import dev.rsidiff.engine.world.PromptCorpus;

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

    public static List<String> file(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read prompt corpus " + path + ": " + e.getMessage(), e);
        }
        if (name.endsWith(".txt")) {
            return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
        if (name.endsWith(".jsonl")) {
            return jsonl(path, lines);
        }
        if (name.endsWith(".csv")) {
            return csv(path, lines);
        }
        throw new IllegalArgumentException("Prompt corpus " + path + " must end in .txt, .csv or .jsonl");
    }

    private static List<String> jsonl(Path path, List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines.get(i));
                JsonNode text = node.has("prompt") ? node.get("prompt") : node.get("text");
                if (text == null || !text.isTextual()) {
                    throw new IllegalArgumentException(path + " line " + (i + 1) + " has no \"prompt\" or \"text\" field");
                }
                out.add(text.asText());
            } catch (IOException e) {
                throw new IllegalArgumentException(path + " line " + (i + 1) + " is not JSON: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> csv(Path path, List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = csvFields(lines.get(0));
        int column = header.indexOf("prompt") >= 0 ? header.indexOf("prompt") : header.indexOf("text");
        int start = column >= 0 ? 1 : 0;
        int col = Math.max(column, 0);
        List<String> out = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> fields = csvFields(lines.get(i));
            if (fields.size() <= col) {
                throw new IllegalArgumentException(path + " line " + (i + 1) + " has no column " + (col + 1));
            }
            out.add(fields.get(col));
        }
        return out;
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
