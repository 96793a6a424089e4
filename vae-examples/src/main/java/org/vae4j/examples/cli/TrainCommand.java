package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.core.Version;
import org.vae4j.core.checkpoint.CheckpointSaver;
import org.vae4j.core.checkpoint.Checkpoints;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.checkpoint.RunInfo;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.model.ModelConfig;
import org.vae4j.core.model.Vae;
import org.vae4j.core.nn.Init;
import org.vae4j.core.optim.Optimizer;
import org.vae4j.core.train.EpochMetrics;
import org.vae4j.core.train.MetricsLog;
import org.vae4j.core.train.Trainer;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.core.train.TrainingDivergedException;
import org.vae4j.core.train.TrainingResult;
import org.vae4j.examples.run.OwnedRun;
import org.vae4j.examples.run.RunArtifacts;
import org.vae4j.examples.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae train}: trains a VAE on MNIST or the images in {@code --data}, its input the images'
 * shape, and writes a run directory (checkpoint, metrics, pictures). Defaults are the
 * pytorch/examples protocol; {@code --resume} continues a run with its own settings.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a VAE on MNIST or other images and write a run directory.")
public final class TrainCommand implements Callable<Integer> {
    private static final String LIMIT = "limit";

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
    private final Console console;
    private final Defaults defaults;

    @Mixin BackendOptions backendOptions;
    private final BackendChoice backends;

    @Mixin DataOptions dataOptions;

    @Option(
            names = "--out",
            paramLabel = "RUN_DIR",
            description = "Run directory to create (default: runs/<date-time>).")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "Continue this run, with its own settings, up to --epochs in all.")
    Path resume;

    @Option(
            names = "--force",
            description =
                    "Replace the run (or other files) in --out, once the new run has its first"
                            + " checkpoint.")
    boolean force;

    @Mixin TrainSettings settings;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description =
                    "Use only the first N training and test images, for quick trials (default: all).")
    Integer limit;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(
            names = "--collapse-examples",
            paramLabel = "N",
            description =
                    "After each epoch, measure active units and the KL of each latent dimension on"
                            + " the first N test images, into metrics.jsonl and curves.png; they"
                            + " do not change training (default: ${DEFAULT-VALUE}; 0: none).")
    int collapseExamples = 1000;

    @Inject
    TrainCommand(Console console, Defaults defaults, BackendChoice backends) {
        this.backends = backends;
        this.console = console;
        this.defaults = defaults;
    }

    @Override
    public Integer call() throws IOException {
        settings.checkRanges();
        if (resume != null) {
            rejectSettingsOnResume();
        } else {
            training(); // refuses wrong settings before the data are read
        }
        OutputPaths.notEmpty(out);
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be > 0, but was " + limit);
        }
        if (collapseExamples < 0) {
            throw new UsageException(
                    "--collapse-examples must be >= 0, but was " + collapseExamples);
        }
        ImageData data = dataOptions.load();
        return resume != null ? resume(data) : fresh(limit == null ? data : data.limit(limit));
    }

    private int fresh(ImageData data) throws IOException {
        TrainingConfig training = training();
        ModelConfig model;
        try {
            model = settings.model(data.shape(), data.classes());
            training.outputBias().check(model);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path dir = out != null ? out : defaults.runs().resolve(timestamp());
        try (OwnedRun run = OwnedRun.start(dir, force, console.err())) {
            BackendChoice.Picked picked =
                    backends.forTraining(model, training, data.train(), n -> say("%s", n));
            if (picked.why() != null) {
                say("%s", picked.why());
            }
            return fresh(run, picked.backend(), model, training, data);
        }
    }

    private int fresh(
            OwnedRun run,
            Backend backend,
            ModelConfig model,
            TrainingConfig training,
            ImageData data)
            throws IOException {
        Map<String, String> provenance = provenance(backend, data);
        if (limit != null) {
            provenance.put(LIMIT, Integer.toString(limit));
        }
        Init init = training.buildInit(backend, Rng.seeded(training.seed()).fork(0));
        try (Vae vae = model.build(init);
                Optimizer opt = training.buildOptimizer(vae.namedParameters())) {
            training.outputBias().apply(vae, data.train());
            say(
                    "Training a %s VAE (%s, %s likelihood) with %s on %s (%s), %d epochs;"
                            + " writing %s",
                    model.summary(),
                    model.activation().cliName(),
                    model.likelihood(),
                    training.objective(),
                    backend.name(),
                    backend.device(),
                    training.epochs(),
                    run.run().root());
            RunInfo info = new RunInfo(model, training, 0, List.of(), provenance);
            return train(run, vae, opt, info, data);
        }
    }

    private int resume(ImageData all) throws IOException {
        RunDirectory run = RunDirectory.existing(resume);
        try (OwnedRun owned = OwnedRun.resume(run, console.err());
                Restored r = Checkpoints.load(run.checkpoint(), backends::forRun)) {
            Backend backend = r.vae().backend();
            RunInfo saved = r.info();
            ModelOptions.requireFits(saved, run.root(), all);
            String savedLimit = saved.provenance().get(LIMIT);
            ImageData data = savedLimit == null ? all : all.limit(Integer.parseInt(savedLimit));
            int total = settings.epochs() != null ? settings.epochs() : saved.training().epochs();
            TrainSettings.requireWithin(total, saved.training().schedule(), "the run's schedule");
            if (total < saved.epoch()) {
                throw new UsageException(
                        "--epochs "
                                + total
                                + " is fewer than the "
                                + saved.epoch()
                                + " epochs the run already has");
            }
            if (total == saved.epoch()) {
                if (RunArtifacts.finish(run, r.vae(), saved, data)) {
                    say("%s: wrote the metrics and pictures of its last epoch", run.root());
                }
                say(
                        "%s already has %d epochs; nothing to do (raise --epochs to continue)",
                        run.root(), total);
                return 0;
            }
            checkSameData(saved, data);
            String trainedOn = saved.provenance().get("backend");
            if (trainedOn != null && !trainedOn.equals(backend.name())) {
                LOG.warn(
                        "{} was trained on {} and now resumes on {}: it will not end with the"
                                + " numbers of an uninterrupted run. Resume with --backend {} to"
                                + " keep them",
                        run.root(),
                        trainedOn,
                        backend.name(),
                        trainedOn);
            }
            say(
                    "Resuming %s at epoch %d of %d on %s (%s)",
                    run.root(), saved.epoch(), total, backend.name(), backend.device());
            Map<String, String> provenance = provenance(backend, data);
            if (savedLimit != null) {
                provenance.put(LIMIT, savedLimit);
            }
            RunInfo info =
                    new RunInfo(
                            saved.model(),
                            saved.training().withEpochs(total),
                            saved.epoch(),
                            saved.history(),
                            provenance);
            return train(owned, r.vae(), r.optimizer(), info, data);
        }
    }

    private int train(OwnedRun owned, Vae vae, Optimizer opt, RunInfo info, ImageData data)
            throws IOException {
        TrainingConfig c = info.training();
        CheckpointSaver saver =
                new CheckpointSaver(() -> owned.files().checkpoint(), vae, opt, info, 1);
        Trainer.Builder builder =
                Trainer.builder(vae, opt)
                        .objective(c.buildObjective())
                        .schedule(c.buildSchedule())
                        .batchSize(c.batchSize())
                        .epochs(c.epochs())
                        .binarization(c.binarization())
                        .seed(c.seed())
                        .listener(saver)
                        .listener(new MetricsLog(() -> owned.files().metrics(), info.history()))
                        .listener(owned);
        builder.latentExamples(collapseExamples);
        if (!quiet) {
            builder.listener(new ProgressPrinter(console, c.epochs(), c.batchSize()));
        }
        TrainingResult result;
        try {
            result = builder.build().fit(data.train(), data.test(), info.epoch());
        } catch (TrainingDivergedException e) {
            throw DivergedRun.advise(e, owned.run().root(), c.learningRate());
        }
        if (result.stopReason() != null) {
            saver.save();
        }
        List<EpochMetrics> history = new ArrayList<>(info.history());
        history.addAll(result.epochs());
        RunDirectory run = owned.run();
        RunArtifacts.drawPictures(run, vae, info.model(), history, data, c.seed());
        var last = result.last();
        console.out()
                .printf(
                        Locale.ROOT,
                        "Done: epoch %d, test loss %.2f nats (rec %.2f + kl %.2f); %s holds the checkpoint,"
                                + " metrics.jsonl and pictures%n",
                        last.epoch(),
                        last.testLoss(),
                        last.testReconstruction(),
                        last.testKl(),
                        run.root());
        return 0;
    }

    private TrainingConfig training() {
        try {
            return settings.training();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A resumed run keeps its settings; only --epochs, --data and the backend may be given. */
    private void rejectSettingsOnResume() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("--out", out);
        given.putAll(settings.given());
        given.put("--limit", limit);
        given.forEach(
                (name, value) -> {
                    if (value != null) {
                        throw new UsageException(
                                name
                                        + " cannot be combined with --resume: a resumed run"
                                        + " keeps its own settings. Drop "
                                        + name
                                        + " or start a new run");
                    }
                });
    }

    private static void checkSameData(RunInfo saved, ImageData data) {
        String recorded = saved.provenance().get("train_checksum");
        if (recorded != null && !recorded.equals(data.train().checksum())) {
            throw new IllegalStateException(
                    "the training data differ from the data this run"
                            + " was trained on (checksum "
                            + recorded.substring(0, 12)
                            + "...). Give the"
                            + " run's own data with --data");
        }
    }

    private static Map<String, String> provenance(Backend backend, ImageData data) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("vae4j_version", Version.get());
        p.put("backend", backend.name());
        p.put("device", backend.device().toString());
        p.put("dataset", data.format());
        p.put(ImageShapes.PROVENANCE_KEY, data.shape().toString());
        p.put("train_checksum", data.train().checksum());
        p.put("test_checksum", data.test().checksum());
        p.put("java", System.getProperty("java.version"));
        return p;
    }

    private void say(String format, Object... args) {
        if (!quiet) {
            console.out().printf(Locale.ROOT, format + "%n", args);
            console.out().flush();
        }
    }

    private static String timestamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }
}
