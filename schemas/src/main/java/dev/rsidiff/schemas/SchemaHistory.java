package dev.rsidiff.schemas;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every released version of an event schema, as kept in {@code schemas/history/<full name>/v<N>.avsc} and
 * shipped on the classpath under {@value #RESOURCE_ROOT}. Each file is self-contained (nested types inlined),
 * so readers can resolve messages written by any released version.
 */
public final class SchemaHistory {

    /** Classpath folder holding the history. */
    public static final String RESOURCE_ROOT = "schema-history/";

    private SchemaHistory() {
    }

    /** Relative path of version {@code version} of the schema named {@code fullName}. */
    public static String relativePath(String fullName, int version) {
        return fullName + "/v" + version + ".avsc";
    }

    /**
     * One released version of an event schema next to the event's current schema.
     *
     * @param type     the generated event class
     * @param current  its current schema
     * @param version  the released version number (1-based)
     * @param released that version's schema
     */
    public record Release(Class<?> type, Schema current, int version, Schema released) {
        @Override
        public String toString() {
            return type.getSimpleName() + " v" + version;
        }
    }

    /** Every released version of every event type's schema. */
    public static List<Release> releasesOfAllEvents() {
        List<Release> out = new ArrayList<>();
        for (Class<?> type : Topics.eventTypes()) {
            Schema current = SpecificData.getForClass(type).getSchema(type);
            List<Schema> versions = versionsOf(current.getFullName());
            for (int v = 1; v <= versions.size(); v++) {
                out.add(new Release(type, current, v, versions.get(v - 1)));
            }
        }
        return out;
    }

    /** Released versions of a schema, oldest first; empty if it was never released. */
    public static List<Schema> versionsOf(String fullName) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int v = 1; ; v++) {
            String path = RESOURCE_ROOT + relativePath(fullName, v);
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read schema history file " + path, e);
            }
        }
    }
}
