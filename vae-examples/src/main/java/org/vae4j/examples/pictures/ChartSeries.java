package org.vae4j.examples.pictures;

import java.awt.Color;

/** One named series of a {@link LineChart}, with the colour it is drawn in. */
record ChartSeries(String name, double[] x, double[] y, Color color) {
    int size() {
        return x.length;
    }

    boolean finite(int i) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]);
    }

    /** A finite point whose neighbours are missing or non-finite: no line reaches it. */
    boolean isolated(int i) {
        return finite(i) && (i == 0 || !finite(i - 1)) && (i == size() - 1 || !finite(i + 1));
    }
}
