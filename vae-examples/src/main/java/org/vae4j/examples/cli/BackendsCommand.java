package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.ProviderStatus;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vae backends}: every provider on the class path, whether it can run here (and why not),
 * its devices, what the available ones report about themselves (versions, threads), how the default
 * is chosen, and the training speeds timed for that choice ({@link BackendChoice}).
 */
@Command(
        name = "backends",
        mixinStandardHelpOptions = true,
        description = "List the backends found, their devices and versions.")
public final class BackendsCommand implements Callable<Integer> {
    private final Console console;
    private final BackendChoice choice;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Inject
    BackendsCommand(Console console, BackendChoice choice) {
        this.console = console;
        this.choice = choice;
    }

    @Override
    public Integer call() {
        List<ProviderStatus> statuses = Backends.providers();
        String selected = selectedName();
        List<Object> entries = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ProviderStatus s : statuses) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("priority", s.priority());
            e.put("available", s.available());
            e.put("selected_by_default", s.name().equals(selected));
            e.put("reason", s.available() ? null : s.availability().reason());
            List<Object> devices = new ArrayList<>();
            s.devices().forEach(d -> devices.add(d.toString()));
            e.put("devices", devices);
            text.append(s.describe()).append(s.name().equals(selected) ? "  [default]" : "");
            text.append('\n');
            if (s.available() && !s.devices().isEmpty()) {
                Map<String, Object> info = info(s.name(), s.devices().get(0));
                e.put("info", info);
                info.forEach(
                        (k, v) ->
                                text.append("    ").append(k).append(": ").append(v).append('\n'));
            }
            entries.add(e);
        }
        if (statuses.isEmpty()) {
            text.append(
                    "No backend found. Put a backend jar (backend-nd4j, backend-djl) on the"
                            + " class path.\n");
        }
        String rule = defaultRule(selected);
        List<BackendSpeeds.Entry> timed = choice.speeds().all();
        text.append('\n').append(rule).append('\n');
        if (rule.endsWith(":") && timed.isEmpty()) {
            text.append("  (none yet)\n");
        }
        for (BackendSpeeds.Entry t : timed) {
            StringBuilder times = new StringBuilder();
            t.secondsPerStep()
                    .forEach(
                            (name, s) ->
                                    times.append(times.length() == 0 ? "" : ", ")
                                            .append(
                                                    String.format(
                                                            Locale.ROOT,
                                                            "%s %.1f ms",
                                                            name,
                                                            s * 1e3)));
            text.append("  ")
                    .append(t.model())
                    .append(": ")
                    .append(t.fastest())
                    .append(" (")
                    .append(times)
                    .append(" per step; ")
                    .append(t.timed())
                    .append(")\n");
        }
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("default", selected);
            root.put("default_rule", rule);
            root.put("timings_file", choice.speeds().file().toString());
            List<Object> timings = new ArrayList<>();
            for (BackendSpeeds.Entry t : timed) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", t.model());
                m.put("machine", t.machine());
                m.put("timed", t.timed());
                m.put("fastest", t.fastest());
                m.put("seconds_per_step", new LinkedHashMap<>(t.secondsPerStep()));
                timings.add(m);
            }
            root.put("timings", timings);
            root.put("backends", entries);
            console.out().println(Json.writePretty(root));
        } else {
            console.out().print(text);
        }
        return 0;
    }

    /** Says how commands pick a backend here, and why the one marked default is marked. */
    private String defaultRule(String selected) {
        if (selected == null) {
            return "No backend can train here.";
        }
        String named =
                System.getProperty("vae.backend") != null
                        ? "-Dvae.backend"
                        : System.getenv("VAE_BACKEND") != null ? "$VAE_BACKEND" : null;
        if (named != null) {
            return "Every command runs on " + selected + ", named by " + named + ".";
        }
        String rest = selected + " (the available backend of highest priority, marked [default])";
        if (BackendChoice.candidates(null).size() < 2) {
            return "Every command runs on " + rest + " unless --backend names another.";
        }
        if (choice.steps() == 0) {
            return "Every command runs on "
                    + rest
                    + " unless --backend names another; timing is off (-D"
                    + BackendChoice.STEPS_PROPERTY
                    + "=0).";
        }
        return "How the backend is chosen: --backend (or -Dvae.backend, $VAE_BACKEND) names one;"
                + " otherwise 'vae train' times each available backend on the model at hand ("
                + choice.steps()
                + " steps a round, rounds until the JIT compiler is quiet), once per model and"
                + " machine, and trains on the fastest; a run's other commands use the backend it"
                + " was trained on; anything else uses "
                + rest
                + ". Timings kept in "
                + choice.speeds().file()
                + ":";
    }

    private static String selectedName() {
        try {
            return Backends.select().name();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> info(String name, Device device) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Backend b = Backends.open(name, device)) {
            out.putAll(b.info());
        } catch (RuntimeException e) {
            out.put("error", String.valueOf(e.getMessage()));
        }
        return out;
    }
}
