package org.vae4j.host;

import java.util.Arrays;

/** Heap arrays for the host loops' tests. */
final class TestArrays {
    private TestArrays() {}

    /** Returns a heap array of {@code shape} holding {@code v}, rounded to float32 if asked. */
    static HostArray array(boolean f32, long[] shape, double... v) {
        HostArray x = HostArray.allocate(f32, shape);
        for (int i = 0; i < v.length; i++) {
            if (f32) {
                x.floats().put(i, (float) v[i]);
            } else {
                x.doubles().put(i, v[i]);
            }
        }
        return x;
    }

    /** A new array of {@code shape} filled with NaN, so that an element left unwritten shows. */
    static HostArray unwritten(boolean f32, long[] shape) {
        double[] nan = new double[(int) Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        Arrays.fill(nan, Double.NaN);
        return array(f32, shape, nan);
    }

    /** Returns the values of {@code x}, widened to double. */
    static double[] values(HostArray x) {
        double[] v = new double[(int) x.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = x.isFloat() ? x.floats().get(i) : x.doubles().get(i);
        }
        return v;
    }
}
