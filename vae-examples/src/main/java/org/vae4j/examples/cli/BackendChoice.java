package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.Backends;
import org.vae4j.api.ProviderStatus;
import org.vae4j.api.tensor.Device;
import org.vae4j.core.Version;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.train.StepTiming;
import org.vae4j.core.train.TrainingConfig;

/**
 * Which backend a command runs a model on. A backend named by {@code --backend}, {@code
 * -Dvae.backend} or {@code $VAE_BACKEND} always wins. Otherwise a new training run takes the
 * backend that trains its model fastest on this machine: each available backend is timed on steps
 * of that model with the run's settings, in alternating rounds until the JIT compiler is quiet
 * ({@link TimingRounds}), once per model and machine, and the timings are kept in {@link
 * BackendSpeeds}. A command on an existing run (resume, eval, sample, export) takes the backend the
 * run was trained on, so that its numbers are the run's. With one backend available, or timing
 * switched off ({@code -Dvae4j.backend.timing.steps=0}), the available backend of highest priority
 * runs.
 */
final class BackendChoice {
    /** The system property giving the steps timed per backend; 0 switches timing off. */
    static final String STEPS_PROPERTY = "vae4j.backend.timing.steps";

    /** The system property giving the most seconds timing may take. */
    static final String SECONDS_PROPERTY = "vae4j.backend.timing.seconds";

    static final int DEFAULT_STEPS = 20;
    static final double DEFAULT_SECONDS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(BackendChoice.class);

    /** Times training steps; {@link StepTiming#secondsPerStep} outside tests. */
    interface Timer {
        double secondsPerStep(
                Backend backend,
                ModelConfig model,
                TrainingConfig training,
                Dataset data,
                int steps);
    }

    /** A backend picked for a new run, and why, for the run's first line (null: nothing to say). */
    record Picked(Backend backend, String why) {}

    private final BackendOptions options;
    private final OpenedBackends opened;
    private final BackendSpeeds speeds;
    private final Timer timer;
    private final int steps;
    private final Supplier<TimingRounds> rounds;

    @Inject
    BackendChoice(BackendOptions options, OpenedBackends opened) {
        this(
                options,
                opened,
                BackendSpeeds.inDefaultDirectory(),
                StepTiming::secondsPerStep,
                Integer.getInteger(STEPS_PROPERTY, DEFAULT_STEPS),
                roundsOf(() -> budget(System.getProperty(SECONDS_PROPERTY))));
    }

    BackendChoice(
            BackendOptions options,
            OpenedBackends opened,
            BackendSpeeds speeds,
            Timer timer,
            int steps,
            Supplier<TimingRounds> rounds) {
        if (steps < 0) {
            throw new UsageException(
                    "-D" + STEPS_PROPERTY + " must be >= 0 (0: no timing), but was " + steps);
        }
        this.options = options;
        this.opened = opened;
        this.speeds = speeds;
        this.timer = timer;
        this.steps = steps;
        this.rounds = rounds;
    }

    /**
     * Rounds on the JVM's clock and JIT, within the seconds {@code budget} gives when a timing
     * starts (so that a bad setting fails the command that would time, with its message).
     */
    static Supplier<TimingRounds> roundsOf(DoubleSupplier budget) {
        return () ->
                new TimingRounds(System::nanoTime, TimingRounds::jitMillis, budget.getAsDouble());
    }

    /** Returns the seconds {@code given} (the property's value, or null for the default). */
    static double budget(String given) {
        double seconds;
        try {
            seconds = given == null ? DEFAULT_SECONDS : Double.parseDouble(given.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (!(seconds > 0)) {
            throw new UsageException(
                    "-D" + SECONDS_PROPERTY + " must be a number of seconds > 0, but was " + given);
        }
        return seconds;
    }

    BackendSpeeds speeds() {
        return speeds;
    }

    int steps() {
        return steps;
    }

    /** The backend for a command on an existing run: the one named, else the run's own. */
    Backend forRun(RunInfo info) {
        String trained = info.provenance().get("backend");
        if (options.named() || trained == null || !usable(trained)) {
            return opened.register(options.open());
        }
        return opened.register(options.open(trained));
    }

    /**
     * The backend for a new run of {@code model} with {@code training}, timed on the first examples
     * of {@code data} unless a timing of the same model here is kept; {@code notice} hears, before
     * a timing starts, what it is about to do.
     */
    Picked forTraining(
            ModelConfig model, TrainingConfig training, Dataset data, Consumer<String> notice) {
        List<String> candidates = candidates(options.device());
        if (options.named() || candidates.size() < 2 || steps == 0 || data.size() == 0) {
            return new Picked(opened.register(options.open()), null);
        }
        String described = describe(model, training);
        String machine = machine();
        String key =
                BackendSpeeds.key(
                        Checkpoints.modelJson(model),
                        described,
                        String.valueOf(options.device()),
                        machine,
                        Version.get(),
                        String.join(",", candidates),
                        TimingRounds.METHOD);
        Optional<BackendSpeeds.Entry> kept =
                speeds.find(key).filter(e -> e.secondsPerStep().keySet().containsAll(candidates));
        if (kept.isPresent()) {
            BackendSpeeds.Entry e = kept.get();
            Backend b = opened.register(options.open(e.fastest()));
            return new Picked(b, reason(e, "timed " + e.timed()));
        }
        TimingRounds timing = rounds.get();
        notice.accept(
                String.format(
                        Locale.ROOT,
                        "Timing %s on this model to train it on the faster, up to %.0f s (once for"
                                + " this model on this machine; --backend NAME skips it)",
                        String.join(" and ", candidates),
                        timing.budgetSeconds()));
        BackendSpeeds.Entry timed =
                time(candidates, model, training, data, timing, key, described, machine);
        return new Picked(
                opened.register(options.open(timed.fastest())),
                reason(timed, "timed just now, " + timing.rounds() + " rounds"));
    }

    private BackendSpeeds.Entry time(
            List<String> candidates,
            ModelConfig model,
            TrainingConfig training,
            Dataset data,
            TimingRounds timing,
            String key,
            String described,
            String machine) {
        Map<String, Backend> open = new LinkedHashMap<>();
        RuntimeException firstFailure = null;
        try {
            for (String name : candidates) {
                try {
                    open.put(name, options.open(name));
                } catch (RuntimeException e) {
                    LOG.warn("Not timing backend {}: {}", name, e.getMessage());
                }
            }
            while (!open.isEmpty() && !timing.done()) {
                for (String name : timing.startRound(List.copyOf(open.keySet()))) {
                    try {
                        timing.record(
                                name,
                                timer.secondsPerStep(open.get(name), model, training, data, steps));
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Backend {} failed while timing this model: {}",
                                name,
                                e.toString());
                        firstFailure = firstFailure == null ? e : firstFailure;
                        open.remove(name).close();
                        timing.drop(name);
                    }
                }
                timing.endRound();
            }
        } finally {
            open.values().forEach(Backend::close);
        }
        Map<String, Double> best = timing.scores();
        if (best.isEmpty()) {
            throw firstFailure != null
                    ? firstFailure
                    : new UsageException(
                            "no backend could be opened to train this model (see 'vae backends')");
        }
        BackendSpeeds.Entry entry =
                new BackendSpeeds.Entry(
                        key,
                        described,
                        machine,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                        best);
        speeds.put(entry);
        return entry;
    }

    private String reason(BackendSpeeds.Entry e, String when) {
        String fastest = e.fastest();
        StringBuilder others = new StringBuilder();
        e.secondsPerStep()
                .forEach(
                        (name, s) -> {
                            if (!name.equals(fastest)) {
                                others.append(others.length() == 0 ? "" : ", ")
                                        .append(
                                                String.format(
                                                        Locale.ROOT, "%s %.1f", name, s * 1e3));
                            }
                        });
        return String.format(
                Locale.ROOT,
                "Backend %s: %.1f ms per training step of this model here, against %s (%s, kept in"
                        + " %s); --backend NAME picks another",
                fastest,
                e.secondsPerStep().get(fastest) * 1e3,
                others,
                when,
                speeds.file());
    }

    private static boolean usable(String name) {
        return Backends.status(name).map(p -> p.available() && p.priority() > 0).orElse(false);
    }

    /** The available backends that discovery would pick from, on {@code device} if given. */
    static List<String> candidates(Device device) {
        List<String> names = new ArrayList<>();
        for (ProviderStatus s : Backends.providers()) {
            if (s.available()
                    && s.priority() > 0
                    && (device == null || s.devices().contains(device))) {
                names.add(s.name());
            }
        }
        return names;
    }

    private static String describe(ModelConfig model, TrainingConfig training) {
        return String.format(
                Locale.ROOT,
                "%s %s %s, %s (%d samples), batch %d, binarize %s, %s",
                model.type(),
                model.summary(),
                model.activation().cliName(),
                training.objective(),
                training.samples(),
                training.batchSize(),
                training.binarization().name().toLowerCase(Locale.ROOT),
                training.dtype());
    }

    /** What makes this machine's speeds its own: processor, cores, and the settings of BLAS. */
    static String machine() {
        StringBuilder b = new StringBuilder(processor());
        b.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
        b.append(", ").append(System.getProperty("os.arch"));
        for (String v : List.of("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")) {
            String value = System.getenv(v);
            if (value != null) {
                b.append(", ").append(v).append('=').append(value);
            }
        }
        String threads = System.getProperty("vae4j.host.threads");
        if (threads != null) {
            b.append(", vae4j.host.threads=").append(threads);
        }
        return b.toString();
    }

    private static String processor() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or not readable: the architecture below still separates machines
        }
        return System.getProperty("os.name");
    }
}
