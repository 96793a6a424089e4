package org.vae4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.host.TestArrays.array;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.api.support.ParallelFor;

/**
 * The finiteness check over several arrays, float32 and float64, whole and cut at every element: a
 * NaN or an infinity anywhere (either end of a chunk, of an array, of the whole) is seen, the
 * extremes of the finite range and empty arrays are not mistaken for one.
 */
final class HostFiniteTest {
    private static final ElementCut WHOLE = new ElementCut(new ParallelFor(1), Long.MAX_VALUE);
    private static final ElementCut CUT = new ElementCut(new ParallelFor(3), 1);
    private static final int LONG = 2 * HostScratch.CHUNK + 37;

    /** An empty array, a long one, a scalar and a short one, of finite values. */
    private static List<HostArray> arrays(boolean f32) {
        double[] v = new double[LONG];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i) * 1e3;
        }
        v[17] = f32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        v[18] = f32 ? -Float.MAX_VALUE : -Double.MAX_VALUE;
        v[19] = f32 ? Float.MIN_VALUE : Double.MIN_VALUE;
        v[20] = -0.0;
        List<HostArray> arrays = new ArrayList<>();
        arrays.add(array(f32, new long[] {0, 3}));
        arrays.add(array(f32, new long[] {3, LONG / 3}, v));
        arrays.add(array(f32, new long[] {}, 2.5));
        arrays.add(array(f32, new long[] {5}, 1, -2, 3, -4, 5));
        return arrays;
    }

    @Test
    void finiteValuesAndNoArraysAreFinite() {
        assertThat(HostFinite.all(List.of(), WHOLE)).isTrue();
        for (boolean f32 : new boolean[] {true, false}) {
            assertThat(HostFinite.all(arrays(f32), WHOLE)).as("whole, f32 %s", f32).isTrue();
            assertThat(HostFinite.all(arrays(f32), CUT)).as("cut, f32 %s", f32).isTrue();
        }
    }

    @Test
    void aNaNOrAnInfinityAnywhereIsSeen() {
        int[][] places = {
            {1, 0},
            {1, HostScratch.CHUNK - 1},
            {1, HostScratch.CHUNK},
            {1, LONG - 1},
            {2, 0},
            {3, 4}
        };
        for (boolean f32 : new boolean[] {true, false}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1 / 0.0}) {
                for (int[] place : places) {
                    List<HostArray> arrays = arrays(f32);
                    HostArray x = arrays.get(place[0]);
                    if (f32) {
                        x.floats().put(place[1], (float) bad);
                    } else {
                        x.doubles().put(place[1], bad);
                    }
                    String what = bad + " in array " + place[0] + " at " + place[1] + " f32 " + f32;
                    assertThat(HostFinite.all(arrays, WHOLE)).as("whole: %s", what).isFalse();
                    assertThat(HostFinite.all(arrays, CUT)).as("cut: %s", what).isFalse();
                }
            }
        }
    }
}
