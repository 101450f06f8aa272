package dev.rsidiff.evaluator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --out} of the evaluator's commands: a result record as indented JSON. */
final class JsonReport {

    private JsonReport() {
    }

    /** Writes {@code result} to {@code file} when one was given, and says so on the console. */
    static void writeIfAsked(Path file, Object result, PrintWriter console) throws IOException {
        if (file == null) {
            return;
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o, result);
        }
        console.printf("written to %s%n", file);
    }
}
