package org.vae4j.examples.pictures;

import java.util.Locale;

/**
 * One chart axis: the shown range (the data range plus a small margin) and round tick values inside
 * it, steps of 1, 2, 2.5 or 5 times a power of ten (Heckbert, <i>Nice Numbers for Graph Labels</i>,
 * Graphics Gems, 1990). Labels switch to scientific notation for very large or very small
 * magnitudes.
 */
final class NiceAxis {
    private static final double MARGIN = 0.04;
    private static final int MAX_TICKS = 100;

    final double lo;
    final double hi;
    final double step;
    private final boolean scientific;
    private final int digits;

    private NiceAxis(double lo, double hi, double step) {
        this.lo = lo;
        this.hi = hi;
        this.step = step;
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        this.scientific = magnitude >= 1e6 || magnitude < 1e-3;
        int stepExponent = (int) Math.floor(Math.log10(step));
        int extra = isQuarter(step) ? 1 : 0;
        this.digits =
                scientific
                        ? clamp((int) Math.floor(Math.log10(magnitude)) - stepExponent + extra)
                        : clamp(-stepExponent + extra);
    }

    /**
     * An axis covering {@code [min, max]} with about {@code targetTicks} ticks. An empty or
     * non-finite range becomes [0, 1]; a single value gets a non-zero range around it. With {@code
     * integerTicks} the step is a whole number (epochs).
     */
    static NiceAxis of(double min, double max, int targetTicks, boolean integerTicks) {
        if (!(min <= max) || !Double.isFinite(max - min)) {
            min = 0;
            max = 1;
        }
        if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            pad = integerTicks ? Math.max(pad, 1) : pad;
            min -= pad;
            max += pad;
        }
        double margin = (max - min) * MARGIN;
        double lo = min - margin;
        double hi = max + margin;
        if (!Double.isFinite(hi - lo)) {
            lo = -MARGIN;
            hi = 1 + MARGIN;
        }
        return new NiceAxis(lo, hi, niceStep((hi - lo) / Math.max(1, targetTicks), integerTicks));
    }

    /** The round tick values within the range. */
    double[] ticks() {
        double first = Math.ceil(lo / step);
        int n = (int) Math.min(MAX_TICKS, Math.floor(hi / step) - first + 1);
        double[] ticks = new double[Math.max(0, n)];
        for (int i = 0; i < ticks.length; i++) {
            double v = (first + i) * step;
            ticks[i] = Math.abs(v) < step * 1e-9 ? 0.0 : v;
        }
        return ticks;
    }

    /** Fraction of the way from {@code lo} to {@code hi}. */
    double fraction(double value) {
        return (value - lo) / (hi - lo);
    }

    /** A tick label with just enough digits to tell neighbouring ticks apart. */
    String format(double value) {
        if (value == 0) {
            return "0";
        }
        if (!scientific) {
            return String.format(Locale.ROOT, "%." + digits + "f", value);
        }
        String s = String.format(Locale.ROOT, "%." + digits + "e", value);
        return s.replaceFirst("e\\+?(-?)0*(\\d)", "e$1$2");
    }

    /** The nice step nearest to {@code raw} (on a log scale), so tick counts stay near target. */
    private static double niceStep(double raw, boolean integer) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        boolean quarters = !(integer && power == 1);
        double nice;
        if (f < 1.41) {
            nice = 1;
        } else if (f < (quarters ? 2.24 : 3.16)) {
            nice = 2;
        } else if (quarters && f < 3.54) {
            nice = 2.5;
        } else if (f < 7.07) {
            nice = 5;
        } else {
            nice = 10;
        }
        double step = nice * power;
        return integer ? Math.max(1, step) : step;
    }

    private static boolean isQuarter(double step) {
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        return Math.abs(mantissa - 2.5) < 1e-9;
    }

    private static int clamp(int digits) {
        return Math.max(0, Math.min(15, digits));
    }
}
