package org.vae4j.examples.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vae4j.api.Backend;
import org.vae4j.api.random.Rng;
import org.vae4j.core.checkpoint.Restored;
import org.vae4j.core.data.Binarization;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.data.ImageData;
import org.vae4j.core.eval.ElboReport;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.ExampleScorer;
import org.vae4j.core.eval.LabelAccuracy;
import org.vae4j.core.eval.LatentReport;
import org.vae4j.core.eval.LogLikelihood;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.io.Json;
import org.vae4j.core.model.HierarchicalVaeConfig;
import org.vae4j.core.nn.Module;
import org.vae4j.core.train.TrainingConfig;
import org.vae4j.examples.run.Pictures;
import org.vae4j.examples.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae eval}: the test ELBO and its parts, the importance-sampled log-likelihood with its
 * standard error, active units and the KL of each latent dimension.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a trained model on the test images.")
public final class EvalCommand implements Callable<Integer> {
    private static final int BATCH = 500;
    private static final int DEFAULT_IW_SAMPLES = 1000;
    private final Console console;

    @Mixin ModelOptions model;
    @Mixin BackendOptions backendOptions;
    private final BackendChoice backends;

    @Mixin DataOptions dataOptions;

    @Option(
            names = "--iw-samples",
            paramLabel = "K",
            split = ",",
            description =
                    "Importance samples per test image (default: 1000; the IWAE paper used 5000;"
                            + " --scores writes it per image only when given). Several K (1,5,50,500,5000) evaluate the bound at each K from the"
                            + " same draws, print a table and draw it against K.")
    int[] iwSamples;

    @Option(
            names = "--plot",
            paramLabel = "FILE",
            description =
                    "With several K: where to draw the bound against K (default: iw-bound.png in"
                            + " the run directory).")
    Path plot;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Evaluate only the first N test images (default: all).")
    Integer limit;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the evaluation's noise (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--classify",
            paramLabel = "K",
            description =
                    "A conditional model: also classify each test image as the class whose IWAE"
                            + " bound with K samples (1: the ELBO) is highest, and print how often"
                            + " that is its label.")
    Integer classify;

    @Option(
            names = "--scores",
            paramLabel = "FILE",
            description =
                    "Also write one CSV line per test image (id, label, elbo, reconstruction, kl,"
                            + " and log_likelihood when --iw-samples is given), each image drawn"
                            + " from its own stream keyed by its index, as 'vae spark score' scores"
                            + " it, and print the columns' means.")
    Path scores;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(
            names = "--matrix-bound",
            description =
                    "Also time the decoder's matrix products through the backend at the"
                            + " estimate's chunk size, and print the time that matrix work needs and"
                            + " how many times that the log-likelihood estimate took.")
    boolean matrixBound;

    @Inject
    EvalCommand(Console console, BackendChoice backends) {
        this.backends = backends;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        int[] ks = BoundSweep.ks(iwSamples == null ? new int[] {DEFAULT_IW_SAMPLES} : iwSamples);
        Path plotFile = plotFile(ks);
        if (limit != null && limit <= 0) {
            throw new UsageException("--limit must be > 0, but was " + limit);
        }
        if (classify != null && classify <= 0) {
            throw new UsageException("--classify must be > 0, but was " + classify);
        }
        ImageData data = dataOptions.load();
        try (Restored run = model.load(backends, data)) {
            Backend backend = run.vae().backend();
            TrainingConfig training = run.info().training();
            Dataset test = data.test();
            if (limit != null && limit < test.size()) {
                test = test.take(limit);
            }
            Dataset images = test;
            Rng root = Rng.seeded(seed);
            if (training.binarization() != Binarization.NONE) {
                test = Binarization.STATIC.prepare(test, root.fork(1));
            }
            if (classify != null && run.vae().conditions() == 0) {
                throw new UsageException(
                        "--classify needs a conditional model (vae train --conditional)");
            }
            Module decoder = matrixBound ? denseDecoder(run) : null;
            checkScores(run, ks);
            String estimate = IwBudget.check(run.vae(), test, ks[ks.length - 1], root.fork(5));
            if (estimate != null) {
                console.err().println(estimate);
                console.err().flush();
            }
            ElboReport elbo = Evaluator.elbo(run.vae(), test, BATCH, root.fork(2));
            long start = System.nanoTime();
            List<LogLikelihood> sweep =
                    Evaluator.logLikelihoods(
                            run.vae(), test, ks, root.fork(3), progress("log-likelihood"));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (plotFile != null) {
                String title = "vae4j: bound by K, " + test.size() + " test images";
                Pictures.write(Pictures.boundByK(sweep, title), plotFile);
            }
            LatentReport latents =
                    Evaluator.latents(run.vae(), test, BATCH, LatentReport.ACTIVITY_THRESHOLD);
            MatrixBound bound =
                    matrixBound ? bound(run, decoder, backend, test, ks[ks.length - 1]) : null;
            LabelAccuracy labels =
                    classify == null
                            ? null
                            : LabelAccuracy.measure(run.vae(), test, classify, BATCH, root.fork(4));
            ScoresFile.Means rows =
                    scores == null ? null : writeScores(run, images, iwSamples == null ? 0 : ks[0]);
            report(run, elbo, sweep, plotFile, seconds, bound, latents, labels, rows);
        }
        return 0;
    }

    /**
     * Returns where the bound against K is drawn: nowhere for one K, else {@code --plot} or the
     * run's {@code iw-bound.png}; checked before the evaluation.
     */
    private Path plotFile(int[] ks) throws IOException {
        if (ks.length == 1) {
            if (plot != null) {
                throw new UsageException(
                        "--plot draws the bound against K: give --iw-samples two or more K, for"
                                + " example 1,5,50,500");
            }
            return null;
        }
        Path own = new RunDirectory(model.model).iwBound();
        if (plot == null
                || plot.toAbsolutePath().normalize().equals(own.toAbsolutePath().normalize())) {
            return own;
        }
        model.checkPictureOut(plot);
        return plot;
    }

    /** Checks {@code --scores} before the evaluation, so that its work is not lost. */
    private void checkScores(Restored run, int[] ks) throws IOException {
        if (scores == null) {
            return;
        }
        if (ks.length > 1) {
            throw new UsageException(
                    "--scores writes one log-likelihood per image: give --iw-samples one K, not "
                            + ks.length);
        }
        if (run.info().model() instanceof HierarchicalVaeConfig) {
            throw new UsageException(
                    "--scores needs a model with one stochastic layer, and this one has several."
                            + " Evaluate it without --scores");
        }
        ScoresFile.check(scores, model.files());
    }

    /**
     * Scores each image of {@code images} (before the run's binarization) as {@code vae spark
     * score} scores the row keyed by its index, with {@code k} importance samples (0: none), and
     * writes the {@code --scores} file.
     */
    private ScoresFile.Means writeScores(Restored run, Dataset images, int k) throws IOException {
        Binarization binarization = run.info().training().binarization();
        ExampleScorer scorer = new ExampleScorer(run.vae(), binarization, seed, k);
        return ScoresFile.write(scores, run.vae(), scorer, images, k > 0, progress("scores"));
    }

    /** Checked before the evaluation, so that a long estimate is not lost to a bad option. */
    private static Module denseDecoder(Restored run) {
        if (!(run.vae().decoder() instanceof Module decoder)) {
            throw new UsageException(
                    "--matrix-bound needs a decoder of dense layers; this model's decoder is a "
                            + run.vae().decoder().getClass().getSimpleName());
        }
        return decoder;
    }

    /**
     * The decoder's matrix work for {@code most} importance samples, the sweep's largest K, in
     * chunks of the estimate's size.
     */
    private static MatrixBound bound(
            Restored run, Module decoder, Backend backend, Dataset test, int most) {
        int rows = Evaluator.rowsPerChunk(run.vae(), test);
        return MatrixBound.measure(
                backend,
                decoder,
                run.vae().dtype(),
                Evaluator.chunkRows(most, test.size(), rows),
                (long) test.size() * most);
    }

    /**
     * On a terminal, one line redrawn as chunks finish; otherwise (a log file, a pipe) a plain line
     * after each tenth of the images, so a run of hours shows where it is.
     */
    private Progress progress(String what) {
        long start = System.nanoTime();
        if (!console.interactive()) {
            int[] tenthsShown = {0};
            return (done, total) -> {
                int tenths = (int) (10L * done / total);
                if (tenths > tenthsShown[0]) {
                    tenthsShown[0] = tenths;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    console.err()
                            .printf(
                                    Locale.ROOT,
                                    "%s: %d/%d images, %.0f s, %.0f s left%n",
                                    what,
                                    done,
                                    total,
                                    elapsed,
                                    elapsed / done * (total - done));
                    console.err().flush();
                }
            };
        }
        if (json) {
            return Progress.NONE;
        }
        return (done, total) -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            console.err()
                    .printf(
                            Locale.ROOT,
                            "\r%s: %d/%d images  %.0f s left ",
                            what,
                            done,
                            total,
                            elapsed / done * (total - done));
            if (done == total) {
                console.err().print("\r" + " ".repeat(60) + "\r");
            }
            console.err().flush();
        };
    }

    /** The {@code --scores} file and the mean of each of its columns. */
    private Map<String, Object> scoresJson(ScoresFile.Means rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", scores.toString());
        m.put("rows", rows.rows());
        m.put("elbo", rows.elbo());
        m.put("reconstruction", rows.reconstruction());
        m.put("kl", rows.kl());
        if (!Double.isNaN(rows.logLikelihood())) {
            m.put("log_likelihood", rows.logLikelihood());
        }
        return m;
    }

    private void report(
            Restored run,
            ElboReport elbo,
            List<LogLikelihood> sweep,
            Path plotFile,
            double seconds,
            MatrixBound bound,
            LatentReport latents,
            LabelAccuracy labels,
            ScoresFile.Means rows) {
        LogLikelihood ll = sweep.get(sweep.size() - 1);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model.model.toString());
            m.put("epoch", run.info().epoch());
            m.put("examples", elbo.examples());
            m.put("test_loss", elbo.loss());
            m.put("reconstruction", elbo.reconstruction());
            m.put("kl", elbo.kl());
            m.put("log_likelihood", ll.mean());
            m.put("log_likelihood_standard_error", ll.standardError());
            m.put("iw_samples", ll.samples());
            m.put("log_likelihood_seconds", seconds);
            if (sweep.size() > 1) {
                m.put("iw_sweep", BoundSweep.json(sweep));
                m.put("iw_plot", plotFile.toString());
            }
            if (bound != null) {
                m.put("matrix_flops", bound.flops());
                m.put("matrix_gflops", bound.gflops());
                m.put("matrix_seconds", bound.seconds());
                m.put("matrix_ratio", seconds / bound.seconds());
            }
            if (labels != null) {
                m.put("label_accuracy", labels.accuracy());
                m.put("classify_samples", labels.samples());
            }
            if (rows != null) {
                m.put("scores", scoresJson(rows));
            }
            m.put("active_units", latents.activeUnits());
            List<Object> kl = new ArrayList<>();
            for (double v : latents.klPerDimension()) {
                kl.add(Double.isNaN(v) ? null : v); // null: no closed form for this model
            }
            m.put("kl_per_dimension", kl);
            console.out().println(Json.writePretty(m));
            return;
        }
        var out = console.out();
        out.printf(
                Locale.ROOT,
                "%s (epoch %d), %d test images%n",
                model.model,
                run.info().epoch(),
                elbo.examples());
        out.printf(
                Locale.ROOT,
                "  negative ELBO      %.2f nats  (reconstruction %.2f + KL %.2f)%n",
                elbo.loss(),
                elbo.reconstruction(),
                elbo.kl());
        if (sweep.size() > 1) {
            BoundSweep.printTable(out, sweep);
            out.println("  bound plot         " + plotFile);
        } else {
            out.printf(
                    Locale.ROOT,
                    "  log-likelihood     %.2f +- %.2f nats  (K = %d importance samples)%n",
                    ll.mean(),
                    ll.standardError(),
                    ll.samples());
        }
        if (rows != null) {
            out.printf(
                    Locale.ROOT,
                    "  per-image scores   means elbo %.2f, reconstruction %.2f, kl %.2f%s  (%d"
                            + " rows in %s)%n",
                    rows.elbo(),
                    rows.reconstruction(),
                    rows.kl(),
                    Double.isNaN(rows.logLikelihood())
                            ? ""
                            : String.format(
                                    Locale.ROOT, ", log_likelihood %.2f", rows.logLikelihood()),
                    rows.rows(),
                    scores);
        }
        if (bound != null) {
            out.printf(
                    Locale.ROOT,
                    "  matrix work        %.3g FLOP: %.0f s at %.0f GFLOP/s (products of %d rows);"
                            + " the estimate took %.0f s, %.2fx that%n",
                    bound.flops(),
                    bound.seconds(),
                    bound.gflops(),
                    bound.rows(),
                    seconds,
                    seconds / bound.seconds());
        }
        if (labels != null) {
            out.printf(
                    Locale.ROOT,
                    "  label accuracy     %.2f%%  (%d of %d: the class with the highest bound, K ="
                            + " %d, is the label)%n",
                    100 * labels.accuracy(),
                    labels.correct(),
                    labels.examples(),
                    labels.samples());
        }
        double[] kl = latents.klPerDimension();
        out.printf(
                Locale.ROOT,
                "  active units       %d of %d  (Cov_x E[z|x] > %.2f)%n",
                latents.activeUnits(),
                kl.length,
                latents.threshold());
        StringBuilder dims = new StringBuilder();
        for (int d = 0; d < kl.length; d++) {
            dims.append(String.format(Locale.ROOT, "%s%.2f", d == 0 ? "" : " ", kl[d]));
        }
        boolean known = java.util.Arrays.stream(kl).anyMatch(v -> !Double.isNaN(v));
        out.println(
                "  KL per dimension   "
                        + (known
                                ? dims
                                : "(no closed form for a model with several stochastic layers)"));
        out.flush();
    }
}
