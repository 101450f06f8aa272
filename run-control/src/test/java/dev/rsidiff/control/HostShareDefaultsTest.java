package dev.rsidiff.control;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HostShareDefaultsTest {

    @Test
    void aServiceGetsItsShareOfTheCoresAndOnlyTheQuickCompilerByDefault() {
        // given an environment that sets none of it
        Map<String, String> env = new HashMap<>();

        // when five services share 2 cores
        HostShareDefaults.apply(env, 2, 5);

        // then each gets one libtorch thread of each kind, the JVM only its quick compiler, and malloc one arena
        assertThat(env).containsEntry("RSIDIFF_TORCH_INTRA_OP_THREADS", "1")
                .containsEntry("RSIDIFF_TORCH_INTER_OP_THREADS", "1")
                .containsEntry("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:PerfDataSamplingInterval=1000")
                .containsEntry("MALLOC_ARENA_MAX", "1");
    }

    @Test
    void whatTheEnvironmentSetsWinsEvenWhenEmpty() {
        // given an operator's thread budget and launcher options that ask for nothing
        Map<String, String> env = new HashMap<>(Map.of("RSIDIFF_TORCH_INTRA_OP_THREADS", "4", "JDK_JAVA_OPTIONS", "",
                "MALLOC_ARENA_MAX", "8"));

        // when the defaults for 16 cores and five services are applied
        HostShareDefaults.apply(env, 16, 5);

        // then the operator's values stay, and only the unset one gets the host's share
        assertThat(env).containsEntry("RSIDIFF_TORCH_INTRA_OP_THREADS", "4")
                .containsEntry("RSIDIFF_TORCH_INTER_OP_THREADS", "3")
                .containsEntry("JDK_JAVA_OPTIONS", "")
                .containsEntry("MALLOC_ARENA_MAX", "8");
    }

    @Test
    void theJavaLauncherTakesTheCompilerLimitFromTheEnvironment() throws IOException, InterruptedException {
        // given the default environment of a service
        Map<String, String> env = new HashMap<>();
        HostShareDefaults.apply(env, 2, 5);

        // when a JVM is launched with it, as the fleet launches a service
        String flags = finalFlags(env);

        // then the JVM runs with the quick compiler only, and samples its counters once a second
        assertThat(flags).containsPattern("TieredStopAtLevel\\s+= 1\\s")
                .containsPattern("PerfDataSamplingInterval\\s+= 1000\\s");

        // and an empty setting gives it both compilers back
        assertThat(finalFlags(Map.of("JDK_JAVA_OPTIONS", ""))).containsPattern("TieredStopAtLevel\\s+= 4\\s");
    }

    private static String finalFlags(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+PrintFlagsFinal", "-version"))
                .redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
