package dev.rsidiff.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataSharingTest {

    private static Path jar(Path dir, Instant built) throws IOException {
        Path jar = Files.writeString(dir.resolve("generator-service.jar"), "jar");
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("dep.jar"), "dep");
        Files.setLastModifiedTime(jar, FileTime.from(built));
        Files.setLastModifiedTime(lib.resolve("dep.jar"), FileTime.from(built));
        return jar;
    }

    @Test
    void theFirstStartRecordsAndLaterStartsMapTheArchiveItKeptAfterACleanExit(@TempDir Path dir) throws IOException {
        // given a service jar without an archive
        ClassDataSharing classData = new ClassDataSharing(jar(dir, Instant.now().minusSeconds(60)));

        // when its first start records one and stops in order (SIGTERM: status 143)
        ClassDataSharing.Start first = classData.start(true);
        Path recording = first.recording().orElseThrow();
        assertThat(first.options()).contains("-XX:ArchiveClassesAtExit=" + recording);
        Files.writeString(recording, "archive");
        classData.adopt(recording, 143);

        // then the next start maps it, and records nothing
        ClassDataSharing.Start next = classData.start(true);
        assertThat(next.options()).containsExactly("-XX:SharedArchiveFile=" + classData.archive());
        assertThat(next.recording()).isEmpty();
        assertThat(recording).doesNotExist();
    }

    @Test
    void aRecordingCutShortIsDropped(@TempDir Path dir) throws IOException {
        ClassDataSharing classData = new ClassDataSharing(jar(dir, Instant.now().minusSeconds(60)));
        Path recording = classData.start(true).recording().orElseThrow();
        Files.writeString(recording, "half an archive");

        classData.adopt(recording, 137); // SIGKILL

        assertThat(recording).doesNotExist();
        assertThat(classData.archive()).doesNotExist();
        assertThat(classData.start(false).options()).as("a further instance does not record").isEmpty();
    }

    @Test
    void anArchiveOlderThanTheJarOrADependencyIsNotUsed(@TempDir Path dir) throws IOException {
        Path jar = jar(dir, Instant.now().minusSeconds(60));
        ClassDataSharing classData = new ClassDataSharing(jar);
        Files.writeString(classData.archive(), "archive");
        assertThat(classData.isCurrent()).isTrue();

        Files.setLastModifiedTime(dir.resolve("lib").resolve("dep.jar"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(classData.isCurrent()).as("a dependency rebuilt after it").isFalse();

        Files.setLastModifiedTime(dir.resolve("lib").resolve("dep.jar"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(classData.isCurrent()).as("the jar rebuilt after it").isFalse();
        assertThat(classData.start(true).recording()).isPresent();
    }
}
