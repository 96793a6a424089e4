package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * its devices, and what the available ones report about themselves (versions, threads).
 */
@Command(
        name = "backends",
        mixinStandardHelpOptions = true,
        description = "List the backends found, their devices and versions.")
public final class BackendsCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Inject
    BackendsCommand(Console console) {
        this.console = console;
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
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("default", selected);
            root.put("backends", entries);
            console.out().println(Json.writePretty(root));
        } else {
            console.out().print(text);
        }
        return 0;
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
