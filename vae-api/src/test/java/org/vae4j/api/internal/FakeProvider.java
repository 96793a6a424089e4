package org.vae4j.api.internal;

import java.util.List;
import org.vae4j.api.Availability;
import org.vae4j.api.Backend;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.tensor.Device;

/** A provider whose answers are fixed at construction; it cannot open a backend. */
public class FakeProvider implements BackendProvider {
    private final String name;
    private final int priority;
    private final Availability availability;

    FakeProvider(String name, int priority, Availability availability) {
        this.name = name;
        this.priority = priority;
        this.availability = availability;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public Availability probe() {
        return availability;
    }

    @Override
    public List<Device> devices() {
        return availability.available() ? List.of(Device.CPU) : List.of();
    }

    @Override
    public Backend open(Device device) {
        throw new UnsupportedOperationException("a fake provider opens nothing");
    }

    /** Registered as a service in the test resources: always available. */
    public static final class Good extends FakeProvider {
        /** Creates it. */
        public Good() {
            super("good", 10, Availability.ok());
        }
    }

    /** Registered as a service: its constructor fails, as a provider with a broken jar would. */
    public static final class FailingConstructor extends FakeProvider {
        /** Always throws. */
        public FailingConstructor() {
            super("failing", 1, Availability.ok());
            throw new IllegalStateException("native library missing");
        }
    }

    /** Registered as a service: its probe throws, breaking the SPI's contract. */
    public static final class ThrowingProbe extends FakeProvider {
        /** Creates it. */
        public ThrowingProbe() {
            super("throwing", 30, Availability.ok());
        }

        @Override
        public Availability probe() {
            throw new UnsatisfiedLinkError("libfoo.so: cannot open shared object file");
        }
    }

    /** Registered as a service: built for another major SPI version. */
    public static final class OldSpi extends FakeProvider {
        /** Creates it. */
        public OldSpi() {
            super("old", 40, Availability.ok());
        }

        @Override
        public String spiVersion() {
            return "0.3";
        }
    }
}
