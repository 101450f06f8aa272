package dev.rsidiff.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceDefaultsTest {

    @Test
    void defaultsApplyButAnyLaterSourceOverridesThem() {
        // The environment alone: resolving properties needs no beans (and so no Kafka or S3).
        try (ApplicationContext ctx = ApplicationContext.builder()
                .propertySources(ServiceDefaults.propertySource(),
                        PropertySource.of("override", Map.of("kafka.consumers.default.auto.offset.reset", "latest")))
                .build()) {
            ctx.getEnvironment().start();
            assertThat(ctx.getProperty("kafka.consumers.default.allow.auto.create.topics", Boolean.class)).contains(false);
            assertThat(ctx.getProperty("kafka.consumers.default.auto.offset.reset", String.class)).contains("latest");
        }
    }
}
