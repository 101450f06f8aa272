package dev.rsidiff.bus.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside a list of trusted packages when it resolves a schema's class by
 * name. The event classes generated from this project's schemas are trusted here, once per JVM, on top of whatever
 * policy is already in force.
 */
public final class AvroTrust {

    static final String EVENT_PACKAGE_PREFIX = "dev.rsidiff.events.";

    private AvroTrust() {
    }

    /** Trusts the generated event classes (idempotent); anything that builds or copies events calls it first. */
    public static synchronized void trustEventPackages() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof EventPackages) {
            return;
        }
        ClassSecurityValidator.setGlobal(new EventPackages(current));
    }

    private record EventPackages(ClassSecurityValidator.ClassSecurityPredicate fallback)
            implements ClassSecurityValidator.ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> clazz) {
            return clazz.getName().startsWith(EVENT_PACKAGE_PREFIX) || fallback.isTrusted(clazz);
        }
    }
}
