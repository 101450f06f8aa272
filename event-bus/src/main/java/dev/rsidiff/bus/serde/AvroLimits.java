package dev.rsidiff.bus.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds on what a decoded event may declare, so that a record claiming a two-gigabyte string or a billion-item
 * array is refused (and dead-lettered as undecodable) instead of being allocated at the size it claims. Avro reads
 * its limits from system properties once, when {@link SystemLimitException} is first loaded; they are set here
 * before that, unless the operator set them with {@code -D}. A Kafka record is at most 1 MiB by default, so no
 * honest event comes near them.
 */
public final class AvroLimits {

    /** The longest string or byte field an event may declare, in bytes. */
    public static final int MAX_FIELD_BYTES = 1 << 20;
    /** The most items an array or map of an event may declare. */
    public static final int MAX_COLLECTION_ITEMS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(AvroLimits.class);

    /** Whether this process has checked its limits already: the outcome cannot change, so it is told once. */
    private static boolean checked;

    private AvroLimits() {
    }

    /** Sets Avro's decoding limits unless already set (idempotent); every serde calls it before decoding. */
    public static synchronized void apply() {
        if (checked) {
            return;
        }
        checked = true;
        setUnlessGiven(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_FIELD_BYTES);
        setUnlessGiven(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_FIELD_BYTES);
        setUnlessGiven(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        try {
            SystemLimitException.checkMaxStringLength(Integer.getInteger(SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
                    MAX_FIELD_BYTES) + 1L);
            LOG.warn("Avro's decoding limits were fixed before this process set them; a record may declare strings"
                    + " longer than {} bytes", MAX_FIELD_BYTES);
        } catch (SystemLimitException expected) {
            // the limits are in force
        }
    }

    private static void setUnlessGiven(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
