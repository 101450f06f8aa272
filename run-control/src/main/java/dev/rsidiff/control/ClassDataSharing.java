package dev.rsidiff.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's class-data sharing archive (the JDK's dynamic AppCDS archive): the classes a service loaded, recorded
 * by the JVM when a start of the service exits cleanly, and mapped by later starts instead of being read from the
 * jars, parsed and verified again. Five services start at once on the same cores, so each one's class loading is
 * start-up time for all of them.
 *
 * <p>The archive lies beside the jar and names the JVM that wrote it (an archive only fits the JVM build that made
 * it). It counts as current only while it is newer than the jar and every jar in {@code lib/}; the JVM also checks
 * the class path itself and, on any mismatch, starts without the archive and says so in the log. A recording is
 * written under a name of its own and moved into place only after the JVM exited cleanly, so a start never maps a
 * half-written archive, and two services recording at once do not write the same file.
 */
final class ClassDataSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);

    private final Path jar;
    private final Path archive;

    /** @param jar a service's jar ({@code <service>/target/<service>.jar}, its dependencies in {@code lib/}) */
    ClassDataSharing(Path jar) {
        this.jar = jar;
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        String jvm = Runtime.version().toString().replaceAll("[^A-Za-z0-9.]", "_");
        this.archive = jar.resolveSibling(name + "-jdk" + jvm + ".jsa");
    }

    /**
     * JVM options for a start.
     *
     * @param options   to put before {@code -jar}
     * @param recording where this start records an archive at exit, to {@link #adopt} once it exited cleanly
     */
    record Start(List<String> options, Optional<Path> recording) {
    }

    /** @param mayRecord whether this start may record the archive when none is current (one instance at a time) */
    Start start(boolean mayRecord) {
        if (isCurrent()) {
            return new Start(List.of("-XX:SharedArchiveFile=" + archive), Optional.empty());
        }
        if (!mayRecord) {
            return new Start(List.of(), Optional.empty());
        }
        Path recording = archive.resolveSibling(archive.getFileName() + "." + System.nanoTime() + ".partial");
        // The dump lists every class it leaves out (generated accessors, classes that failed verification) as a
        // warning: pages of noise at the end of the service's log, where failure reports look for its warnings.
        return new Start(List.of("-XX:ArchiveClassesAtExit=" + recording, "-Xlog:cds*=off"), Optional.of(recording));
    }

    /**
     * After a recording start exited with {@code status}: keeps its archive if the JVM went through its exit (0, or
     * 143 after SIGTERM, when the services stop in order), else drops it (a SIGKILL may have cut it short).
     */
    void adopt(Path recording, int status) {
        try {
            if ((status == 0 || status == 143) && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Files.move(recording, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(recording);
            }
        } catch (IOException e) {
            // Only a cache: the next start records it again. Stopping the services must not fail over it.
            LOG.warn("Could not keep the class-data archive {} as {}: {}", recording, archive, e.toString());
        }
    }

    Path archive() {
        return archive;
    }

    /** Whether the archive exists and is newer than the jar and its dependencies. */
    boolean isCurrent() {
        try {
            if (!Files.isRegularFile(archive)) {
                return false;
            }
            FileTime made = Files.getLastModifiedTime(archive);
            if (made.compareTo(Files.getLastModifiedTime(jar)) <= 0) {
                return false;
            }
            Path lib = jar.resolveSibling("lib");
            if (!Files.isDirectory(lib)) {
                return true;
            }
            try (Stream<Path> jars = Files.list(lib)) {
                return jars.allMatch(j -> modified(j).compareTo(made) < 0);
            }
        } catch (IOException e) {
            return false; // unreadable: start without it
        }
    }

    /** A file whose time cannot be read counts as changed just now. */
    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }
}
