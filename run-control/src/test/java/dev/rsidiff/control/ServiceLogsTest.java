package dev.rsidiff.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceLogsTest {

    @Test
    void theDigestQuotesEachLogsLastWarningsErrorsAndForeignLines(@TempDir Path dir) throws Exception {
        // Given a service log in logback's JSON lines and the fleet's note of an exit
        Files.write(dir.resolve("weighting-service.log"), List.of(
                "{\"timestamp\":0,\"level\":\"INFO\",\"threadName\":\"main\",\"formattedMessage\":\"started\",\"throwable\":null}",
                "{\"timestamp\":1000,\"level\":\"WARN\",\"threadName\":\"main\",\"formattedMessage\":\"slow \\/ late\",\"throwable\":null}",
                "{\"timestamp\":2000,\"level\":\"ERROR\",\"threadName\":\"c\",\"formattedMessage\":\"round failed\","
                        + "\"throwable\":{\"className\":\"java.lang.IllegalStateException\",\"message\":\"no D_0\",\"stepArray\":[]}}",
                "{\"timestamp\":3000,\"level\":\"ERROR\",\"threadName\":\"c\",\"formattedMessage\":\"again\",\"throwable\":null}",
                "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space"));
        Files.write(dir.resolve("fleet.log"), List.of("2026-12-04T15:00:00Z scorer-service (pid 7) exited by itself with status 137"));

        // When the last three notable lines per log are asked for
        String digest = new ServiceLogs(dir).digest(3);

        // Then the info line and the oldest warning are left out, the rest quoted with their time and exception
        assertThat(digest).isEqualTo("""

                [fleet.log]
                  2026-12-04T15:00:00Z scorer-service (pid 7) exited by itself with status 137
                [weighting-service.log]
                  00:00:02.000 ERROR round failed | java.lang.IllegalStateException: no D_0
                  00:00:03.000 ERROR again
                  Exception in thread "main" java.lang.OutOfMemoryError: Java heap space""");
    }

    @Test
    void noLogsNoDigest(@TempDir Path dir) {
        assertThat(new ServiceLogs(dir.resolve("absent")).digest(3)).isEmpty();
    }
}
