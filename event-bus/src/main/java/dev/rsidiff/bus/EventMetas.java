package dev.rsidiff.bus;

import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Builds the envelope of events written by one service instance. */
public final class EventMetas {

    private final ServiceName producer;
    private final String instance;
    private final Clock clock;

    public EventMetas(ServiceName producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
        this.instance = hostName() + "/" + ProcessHandle.current().pid();
    }

    public EventMetas(ServiceName producer) {
        this(producer, Clock.systemUTC());
    }

    /** A new envelope with a fresh event id. */
    public EventMeta next(String runId, int round) {
        return EventMeta.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRunId(runId)
                .setRound(round)
                .setProducer(producer)
                .setProducerInstance(instance)
                .setTimestamp(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
