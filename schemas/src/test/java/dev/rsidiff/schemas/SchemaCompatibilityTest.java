package dev.rsidiff.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails the build when an event schema changes without being released into the history, or in a way that is not
 * both backward compatible (new readers read old messages) and forward compatible (old readers read new messages)
 * with every released version.
 */
class SchemaCompatibilityTest {

    @TestFactory
    Stream<DynamicTest> currentSchemaIsTheLatestReleasedVersion() {
        return Topics.eventTypes().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            Schema current = SpecificData.getForClass(type).getSchema(type);
            List<Schema> versions = SchemaHistory.versionsOf(current.getFullName());
            assertThat(versions).as("released versions of %s", current.getFullName()).isNotEmpty();
            assertThat(SchemaRelease.sameSchema(versions.get(versions.size() - 1), current))
                    .as("%s differs from its latest released version v%d: release it with SchemaRelease "
                            + "(see schemas/README.md) so the change is checked and old messages stay readable",
                            current.getFullName(), versions.size())
                    .isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> currentSchemaIsBackwardAndForwardCompatibleWithEveryReleasedVersion() {
        return SchemaHistory.releasesOfAllEvents().stream().map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
            assertCompatible("backward: current reads v" + r.version(), r.current(), r.released());
            assertCompatible("forward: v" + r.version() + " reads current", r.released(), r.current());
        }));
    }

    @TestFactory
    Stream<DynamicTest> checkerRejectsAnIncompatibleChange() {
        // The check itself must be able to fail: a new required field without default breaks backward compatibility.
        return Stream.of(DynamicTest.dynamicTest("required field without default", () -> {
            Schema old = SchemaHistory.versionsOf("dev.rsidiff.events.image.ImageGenerated").get(0);
            String json = old.toString().replaceFirst("\"fields\":\\[",
                    "\"fields\":[{\"name\":\"mandatoryNew\",\"type\":\"int\"},");
            Schema changed = new Schema.Parser().parse(json);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(changed, old).getType())
                    .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        }));
    }

    private static void assertCompatible(String direction, Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(result.getType())
                .as("%s of %s: %s", direction, reader.getFullName(), result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
