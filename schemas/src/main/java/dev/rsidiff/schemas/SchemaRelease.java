package dev.rsidiff.schemas;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the current event schemas in the history folder: for every event whose schema differs from its latest
 * released version, writes the next version file. Run it when a schema change is released:
 * {@code ./mvnw -q -pl schemas compile exec:java -Dexec.mainClass=dev.rsidiff.schemas.SchemaRelease}.
 * The compatibility test then checks the new version against every earlier one.
 */
public final class SchemaRelease {

    private SchemaRelease() {
    }

    public static void main(String[] args) throws IOException {
        Path historyDir = Path.of(args.length > 0 ? args[0] : "schemas/history");
        for (Path written : release(historyDir)) {
            System.out.println("released " + written); // a command-line tool: stdout is its interface
        }
    }

    /** Writes the changed schemas' next versions into {@code historyDir}; returns the files written. */
    public static List<Path> release(Path historyDir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Class<?> type : Topics.eventTypes()) {
            Schema current = SpecificData.getForClass(type).getSchema(type);
            int latest = 0;
            while (Files.exists(historyDir.resolve(SchemaHistory.relativePath(current.getFullName(), latest + 1)))) {
                latest++;
            }
            boolean unchanged = latest > 0 && sameSchema(current, new Schema.Parser().parse(
                    historyDir.resolve(SchemaHistory.relativePath(current.getFullName(), latest)).toFile()));
            Path file = historyDir.resolve(SchemaHistory.relativePath(current.getFullName(), latest + 1));
            if (!unchanged) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, current.toString(true) + "\n");
                written.add(file);
            }
        }
        return written;
    }

    /** Same schema including docs and defaults, which neither the parsing canonical form nor equals() compares. */
    public static boolean sameSchema(Schema a, Schema b) {
        return a.toString().equals(b.toString());
    }
}
