package dev.rsidiff.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A JVM stopped by SIGTERM closes what it registered, in order; one that closes normally closes nothing twice. */
class CloseOnSignalTest {

    /** A child JVM: registers two resources that append their name to a file when closed, then waits (or exits). */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        AutoCloseable first = () -> Files.writeString(file, "services ", java.nio.file.StandardOpenOption.APPEND);
        AutoCloseable second = () -> Files.writeString(file, "stack", java.nio.file.StandardOpenOption.APPEND);
        CloseOnSignal onSignal = new CloseOnSignal(first, second);
        Files.writeString(file, "started ", java.nio.file.StandardOpenOption.APPEND);
        if (args[1].equals("exit")) {
            onSignal.close();
            return;
        }
        Thread.sleep(60_000);
    }

    @Test
    void sigtermClosesTheRegisteredResourcesInOrder(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("closed.txt"));
        Process child = child(file, "wait");
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.readString(file).startsWith("started"));

        child.destroy(); // SIGTERM

        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("started services stack");
    }

    @Test
    void aNormalExitLeavesClosingToTheCommand(@TempDir Path tmp) throws Exception {
        Path file = Files.createFile(tmp.resolve("closed.txt"));
        Process child = child(file, "exit");
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("started ");
    }

    private static Process child(Path file, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CloseOnSignalTest.class.getName(), file.toString(), mode)).inheritIO().start();
    }
}
