package org.vae4j.api.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vae4j.api.Availability;
import org.vae4j.api.BackendProvider;
import org.vae4j.api.BackendUnavailableException;
import org.vae4j.api.ProviderStatus;
import org.vae4j.api.SpiVersion;
import org.vae4j.api.tensor.Device;

/**
 * Discovery and selection, behind {@link org.vae4j.api.Backends}. Discovery is lazy, runs once, and
 * survives broken providers: each failure becomes an unavailable {@link ProviderStatus}. It reads
 * each provider's name and priority only; a provider is probed (its native libraries loaded) when
 * it is first needed, so selecting a backend by name never loads the others', and the default
 * selection probes in priority order until one is available.
 */
public final class ProviderRegistry {
    /** The system property that names a backend. */
    public static final String PROPERTY = "vae.backend";

    /** The environment variable that names a backend. */
    public static final String ENV = "VAE_BACKEND";

    private static final int MAX_LOAD_ERRORS = 64;

    private final Supplier<Iterator<BackendProvider>> source;
    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private volatile List<Entry> entries;

    /** A provider found: its name and priority, and its status once probed. */
    private static final class Entry {
        final BackendProvider provider;
        final String name;
        final int priority;
        private ProviderStatus status;

        /** An entry to probe on first need. */
        Entry(BackendProvider provider, String name, int priority) {
            this.provider = provider;
            this.name = name;
            this.priority = priority;
        }

        /** An entry whose status is known without a probe: unreadable, or for another SPI. */
        Entry(BackendProvider provider, ProviderStatus status) {
            this(provider, status.name(), status.priority());
            this.status = status;
        }

        synchronized ProviderStatus status() {
            if (status == null) {
                status = probe(provider, name, priority);
            }
            return status;
        }
    }

    /**
     * Creates a registry.
     *
     * @param source yields the providers, typically a {@link java.util.ServiceLoader} iterator
     * @param properties reads system properties
     * @param environment reads environment variables
     */
    public ProviderRegistry(
            Supplier<Iterator<BackendProvider>> source,
            Function<String, String> properties,
            Function<String, String> environment) {
        this.source = source;
        this.properties = properties;
        this.environment = environment;
    }

    /** Forgets what discovery found, so the next call discovers again. */
    public void reset() {
        entries = null;
    }

    /** Returns every provider found, sorted by selection order (highest priority first). */
    public List<ProviderStatus> statuses() {
        return entries().stream().map(Entry::status).toList();
    }

    /** Returns the names of the providers found, in selection order, probing none. */
    public List<String> names() {
        return names(entries(), "?");
    }

    /** Returns the status of the provider named {@code name}, probing only that one. */
    public Optional<ProviderStatus> status(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return entries().stream().filter(e -> e.name.equals(n)).findFirst().map(Entry::status);
    }

    /**
     * Selects a provider: {@code explicitName} if not null, else the system property, else the
     * environment variable, else the available provider with the highest positive priority.
     *
     * @throws BackendUnavailableException if the named provider is missing or unavailable, or none
     *     is usable
     */
    public BackendProvider select(String explicitName) {
        List<Entry> all = entries();
        String source = "argument";
        String name = blankToNull(explicitName);
        if (name == null) {
            name = blankToNull(properties.apply(PROPERTY));
            source = "system property " + PROPERTY;
        }
        if (name == null) {
            name = blankToNull(environment.apply(ENV));
            source = "environment variable " + ENV;
        }
        if (name != null) {
            return named(all, name.toLowerCase(Locale.ROOT), source);
        }
        for (Entry e : all) {
            if (e.priority > 0 && e.status().available()) {
                return e.provider;
            }
        }
        throw new BackendUnavailableException(
                Messages.withReport(
                        "No usable backend: none of the "
                                + all.size()
                                + " providers found can train here. Add backend-nd4j or"
                                + " backend-djl to the class path, or fix a reason below.",
                        statuses(),
                        Messages.NO_BACKEND));
    }

    private BackendProvider named(List<Entry> all, String name, String source) {
        for (Entry e : all) {
            if (e.name.equals(name)) {
                if (!e.status().available()) {
                    throw new BackendUnavailableException(
                            Messages.withReport(
                                    "Backend '"
                                            + name
                                            + "' (from "
                                            + source
                                            + ") cannot run here: "
                                            + e.status().availability().reason()
                                            + ". Fix that"
                                            + others(all, name)
                                            + ".",
                                    statuses(),
                                    Messages.BACKEND_UNAVAILABLE));
                }
                return e.provider;
            }
        }
        throw new BackendUnavailableException(
                Messages.withReport(
                        "Unknown backend '"
                                + name
                                + "' (from "
                                + source
                                + "): no provider of that name is on the class path. Name one"
                                + " of those found ("
                                + found(all)
                                + "), or add that backend's jar to the class path.",
                        statuses(),
                        Messages.UNKNOWN_BACKEND));
    }

    /** The names of the providers found, for a message's first line. */
    private static String found(List<Entry> all) {
        List<String> names = names(all, "?");
        return names.isEmpty() ? "none is on the class path" : String.join(", ", names);
    }

    /** {@code ", or name another backend (a, b)"}, or nothing if {@code name} is the only one. */
    private static String others(List<Entry> all, String name) {
        List<String> names = names(all, name);
        return names.isEmpty()
                ? ""
                : ", or name another backend (" + String.join(", ", names) + ")";
    }

    private static List<String> names(List<Entry> all, String except) {
        return all.stream()
                .map(e -> e.name)
                .filter(n -> !n.equals("?") && !n.equals(except))
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private List<Entry> entries() {
        List<Entry> e = entries;
        if (e == null) {
            synchronized (this) {
                e = entries;
                if (e == null) {
                    e = discover();
                    entries = e;
                }
            }
        }
        return e;
    }

    private List<Entry> discover() {
        List<Entry> found = new ArrayList<>();
        Iterator<BackendProvider> it = source.get();
        int errors = 0;
        while (errors < MAX_LOAD_ERRORS) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(inspect(it.next()));
            } catch (ServiceConfigurationError | LinkageError | RuntimeException err) {
                errors++;
                found.add(new Entry(null, broken(err)));
            }
        }
        found.sort(Comparator.comparingInt((Entry x) -> -x.priority).thenComparing(x -> x.name));
        return List.copyOf(found);
    }

    private static ProviderStatus broken(Throwable err) {
        return new ProviderStatus(
                "?",
                0,
                "?",
                Availability.unavailable("failed to load: " + oneLine(err)),
                List.of());
    }

    /** Reads a provider's name, priority and SPI version, which cost nothing to ask. */
    private static Entry inspect(BackendProvider p) {
        String cls = p.getClass().getName();
        String name = "?";
        int priority = 0;
        try {
            name = p.name().toLowerCase(Locale.ROOT);
            priority = p.priority();
            String spi = p.spiVersion();
            if (SpiVersion.majorOf(spi) != SpiVersion.MAJOR) {
                return new Entry(
                        p,
                        new ProviderStatus(
                                name,
                                priority,
                                cls,
                                Availability.unavailable(
                                        "built for vae4j SPI "
                                                + spi
                                                + ", but this vae-api is "
                                                + SpiVersion.CURRENT
                                                + "; use matching vae4j versions"),
                                List.of()));
            }
            return new Entry(p, name, priority);
        } catch (RuntimeException | LinkageError err) {
            return new Entry(p, failedProbe(name, priority, cls, err));
        }
    }

    /** Probes a provider: whether it can run here (loading its native code), and its devices. */
    private static ProviderStatus probe(BackendProvider p, String name, int priority) {
        String cls = p.getClass().getName();
        try {
            Availability a = p.probe();
            List<Device> devices = a.available() ? p.devices() : List.of();
            if (a.available() && devices.isEmpty()) {
                a = Availability.unavailable("no devices found");
            }
            return new ProviderStatus(name, priority, cls, a, devices);
        } catch (RuntimeException | LinkageError err) {
            return failedProbe(name, priority, cls, err);
        }
    }

    private static ProviderStatus failedProbe(
            String name, int priority, String cls, Throwable err) {
        return new ProviderStatus(
                name,
                priority,
                cls,
                Availability.unavailable("probe failed: " + oneLine(err)),
                List.of());
    }

    private static String oneLine(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            String m = c.getMessage();
            b.append(c.getClass().getSimpleName()).append(m == null ? "" : ": " + m);
            if (c.getCause() == c) {
                break;
            }
        }
        return b.toString().replace('\n', ' ');
    }
}
