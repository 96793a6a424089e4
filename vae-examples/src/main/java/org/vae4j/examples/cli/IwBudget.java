package org.vae4j.examples.cli;

import java.time.Duration;
import java.util.Locale;
import org.vae4j.api.random.Rng;
import org.vae4j.core.data.Dataset;
import org.vae4j.core.eval.Evaluator;
import org.vae4j.core.eval.Progress;
import org.vae4j.core.model.Vae;

/**
 * The time that {@code eval}'s log-likelihood will take, measured before it starts: a large {@code
 * --iw-samples} is timed on the test images one chunk of the estimate holds at that K ({@link
 * Evaluator#chunkRows}; one image when K fills a chunk), samples doubled until a measurement takes
 * {@value #MEASURE_SECONDS} s, so that each chunk's fixed cost counts as often as the estimate pays
 * it; the time for every image is said at once, or refused beyond {@link #LIMIT}, rather than
 * leaving the user before a silent estimate of years.
 */
final class IwBudget {
    /** Work below this many samples times images is not measured: it takes minutes at most. */
    static final long MEASURED_ABOVE = 10_000_000L;

    /** The longest estimate that is started. */
    static final Duration LIMIT = Duration.ofHours(24);

    /** Estimates longer than this are said before they start. */
    static final Duration SAID_ABOVE = Duration.ofMinutes(1);

    private static final double MEASURE_SECONDS = 0.2;

    /** The most times the last size is timed again. */
    private static final int RETIMES = 5;

    /** A time again below this share of the last counts as faster. */
    private static final double FASTER = 0.9;

    private IwBudget() {}

    /**
     * Measures a large estimate's time; returns the line that says it, or null when it is short or
     * was not measured.
     *
     * @throws UsageException if the estimate would take longer than {@link #LIMIT}
     */
    static String check(Vae vae, Dataset test, int samples, Rng rng) {
        long work = (long) samples * test.size();
        if (work <= MEASURED_ABOVE) {
            return null;
        }
        int images = imagesPerChunk(vae, test, samples);
        String timedOn = images == 1 ? "one image" : images + " images, one chunk";
        double seconds = secondsPerSample(vae, test.take(images), samples, rng) / images * work;
        if (seconds > LIMIT.toSeconds()) {
            long fits = Math.max(1, (long) (LIMIT.toSeconds() / seconds * samples));
            throw new UsageException(
                    String.format(
                            Locale.ROOT,
                            "--iw-samples %d on %d test images would take about %s here (timed"
                                    + " on %s), and vae4j starts no estimate over %d hours."
                                    + " Lower --iw-samples (about %d fit in %d hours) or evaluate"
                                    + " fewer images with --limit",
                            samples,
                            test.size(),
                            duration(seconds),
                            timedOn,
                            LIMIT.toHours(),
                            Math.min(fits, samples - 1),
                            LIMIT.toHours()));
        }
        if (seconds <= SAID_ABOVE.toSeconds()) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "log-likelihood: K = %d importance samples for each of %d test images, about %s"
                        + " (timed on %s)",
                samples,
                test.size(),
                duration(seconds),
                timedOn);
    }

    /** The test images one chunk of the estimate evaluates at {@code samples} samples. */
    static int imagesPerChunk(Vae vae, Dataset test, int samples) {
        int rowsPerChunk = Evaluator.rowsPerChunk(vae, test);
        return Evaluator.chunkRows(samples, test.size(), rowsPerChunk)
                / Math.min(samples, rowsPerChunk);
    }

    /**
     * Times {@code images} with 16, 32, ... samples, up to {@code samples}, until it takes long
     * enough, after one untimed call: a first call pays for compiling and allocating, and timed
     * alone on a busy machine it once put an evaluation of 14 minutes at 10 days. The last size is
     * timed again while that gets faster (at most {@value #RETIMES} times): its first calls ran
     * code the JIT had not compiled yet, which once put an evaluation of 163 s at 41 minutes.
     * Returns the seconds a sample of all the images takes.
     */
    private static double secondsPerSample(Vae vae, Dataset images, int samples, Rng rng) {
        Evaluator.logLikelihood(vae, images, Math.min(16, samples), rng, Progress.NONE);
        int k = Math.min(16, samples);
        double seconds = seconds(vae, images, k, rng);
        while (seconds < MEASURE_SECONDS && k < samples) {
            k = (int) Math.min(2L * k, samples);
            seconds = seconds(vae, images, k, rng);
        }
        for (int i = 0; i < RETIMES; i++) {
            double again = seconds(vae, images, k, rng);
            boolean faster = again < FASTER * seconds;
            seconds = Math.min(seconds, again);
            if (!faster) {
                break;
            }
        }
        return seconds / k;
    }

    private static double seconds(Vae vae, Dataset images, int k, Rng rng) {
        long start = System.nanoTime();
        Evaluator.logLikelihood(vae, images, k, rng, Progress.NONE);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Writes seconds as the largest whole unit: 45 s, 12 min, 5 hours, 3 days, 40 years. */
    static String duration(double seconds) {
        double[] size = {365.25 * 86_400, 86_400, 3_600, 60};
        String[] unit = {"years", "days", "hours", "min"};
        for (int i = 0; i < size.length; i++) {
            if (seconds >= 2 * size[i]) {
                return String.format(Locale.ROOT, "%.0f %s", seconds / size[i], unit[i]);
            }
        }
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }
}
