package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.Availability;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/**
 * Products cut into three pieces, into two, and whole equal the definition, for every transpose
 * pair, cut by rows or by columns, with and without accumulation, in float32 and float64, alone and
 * side by side with others; and threads multiplying at once (only one of them gets the helpers) all
 * get the same bits.
 */
final class Nd4jGemmTest {
    private static final Nd4jHostWork WHOLE = new Nd4jHostWork(new ParallelFor(1), 1, 1, true);
    private static final Nd4jHostWork HALVES = new Nd4jHostWork(new ParallelFor(2), 1, 1, true);
    private static final Nd4jHostWork THIRDS = new Nd4jHostWork(new ParallelFor(3), 1, 1, true);
    private static final Nd4jHostWork ENGINE_THREADED =
            new Nd4jHostWork(new ParallelFor(3), 1, 1, false);

    @BeforeAll
    static void load() {
        Availability a = Nd4jRuntime.availability();
        assertThat(a.available()).as(a.reason()).isTrue();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} ta={3} tb={4} acc={5} {6}")
    @CsvSource({
        // m, k, n: rows split (m >= n), columns split (m < n), odd halves
        "128, 170, 100, false, false, false, FLOAT",
        "128, 170, 100, true, false, false, FLOAT",
        "128, 170, 100, false, true, true, FLOAT",
        "128, 170, 100, true, true, false, FLOAT",
        "30, 300, 301, false, false, false, FLOAT",
        "30, 300, 301, true, false, true, FLOAT",
        "30, 300, 301, false, true, false, FLOAT",
        "31, 300, 300, true, true, true, FLOAT",
        "71, 200, 160, false, true, true, DOUBLE",
        "71, 200, 160, true, false, false, DOUBLE",
        "40, 200, 263, true, true, false, DOUBLE",
        "40, 200, 263, false, false, true, DOUBLE",
    })
    void splitAndUncutProductsMatchTheDefinition(
            int m, int k, int n, boolean ta, boolean tb, boolean acc, DataType type) {
        INDArray a = random(type, ta ? k : m, ta ? m : k, 1);
        INDArray b = random(type, tb ? n : k, tb ? k : n, 2);
        INDArray start = random(type, m, n, 3);
        List<INDArray> products = new ArrayList<>();
        try {
            for (Nd4jHostWork host : new Nd4jHostWork[] {WHOLE, HALVES, THIRDS, ENGINE_THREADED}) {
                INDArray c = start.dup('c');
                products.add(c);
                Nd4jGemm.multiply(a, b, c, ta, tb, acc, host);
            }
            double[] expected = naive(a, b, start, ta, tb, acc, m, k, n);
            double tolerance = type == DataType.FLOAT ? 1e-3 : 1e-10;
            for (INDArray product : products) {
                double[] got = product.data().asDouble();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(got[i])
                            .as("element %d", i)
                            .isCloseTo(expected[i], within(tolerance));
                }
            }
        } finally { // freed now, not by the collector during another class's leak check
            products.forEach(INDArray::close);
            a.close();
            b.close();
            start.close();
        }
    }

    @Test
    void productsSideBySideEachMatchTheDefinition() {
        // m, k, n, ta, tb, accumulate: a linear layer's two gradients and a smaller third
        int[][] shapes = {{64, 90, 70}, {90, 64, 70}, {5, 3, 9}};
        boolean[][] flags = {{false, false, false}, {true, false, true}, {false, true, false}};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (Nd4jHostWork host : new Nd4jHostWork[] {WHOLE, HALVES, THIRDS, ENGINE_THREADED}) {
                List<INDArray> arrays = new ArrayList<>();
                try {
                    List<Nd4jGemm.Product> products = new ArrayList<>();
                    List<double[]> expected = new ArrayList<>();
                    for (int i = 0; i < shapes.length; i++) {
                        int m = shapes[i][0];
                        int k = shapes[i][1];
                        int n = shapes[i][2];
                        boolean ta = flags[i][0];
                        boolean tb = flags[i][1];
                        INDArray a = random(type, ta ? k : m, ta ? m : k, 10 + i);
                        INDArray b = random(type, tb ? n : k, tb ? k : n, 20 + i);
                        INDArray c = random(type, m, n, 30 + i);
                        arrays.addAll(List.of(a, b, c));
                        expected.add(naive(a, b, c, ta, tb, flags[i][2], m, k, n));
                        products.add(new Nd4jGemm.Product(a, b, c, ta, tb, flags[i][2]));
                    }
                    Nd4jGemm.multiply(products, host);
                    double tolerance = type == DataType.FLOAT ? 1e-3 : 1e-10;
                    for (int i = 0; i < shapes.length; i++) {
                        double[] got = arrays.get(3 * i + 2).data().asDouble();
                        for (int j = 0; j < got.length; j++) {
                            assertThat(got[j])
                                    .as("product %d element %d, %s", i, j, host.describe())
                                    .isCloseTo(expected.get(i)[j], within(tolerance));
                        }
                    }
                } finally {
                    arrays.forEach(INDArray::close);
                }
            }
        }
    }

    @Test
    void threadsMultiplyingAtOnceGetTheirOwnProducts() throws Exception {
        INDArray a = random(DataType.FLOAT, 128, 200, 4);
        INDArray b = random(DataType.FLOAT, 150, 200, 5);
        INDArray reference = Nd4j.createUninitialized(DataType.FLOAT, new long[] {128, 150}, 'c');
        Nd4jGemm.multiply(a, b, reference, false, true, false, THIRDS);
        float[] expected = reference.data().asFloat();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Callable<Boolean> job =
                        () -> {
                            for (int i = 0; i < 40; i++) {
                                INDArray c =
                                        Nd4j.createUninitialized(
                                                DataType.FLOAT, new long[] {128, 150}, 'c');
                                Nd4jGemm.multiply(a, b, c, false, true, false, THIRDS);
                                boolean same = Arrays.equals(c.data().asFloat(), expected);
                                c.close();
                                if (!same) {
                                    return false;
                                }
                            }
                            return true;
                        };
                results.add(pool.submit(job));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            a.close();
            b.close();
            reference.close();
        }
    }

    private static INDArray random(DataType type, int rows, int cols, long seed) {
        float[] values = Rng.seeded(seed).uniformFloats(rows * cols);
        INDArray x = Nd4j.createUninitialized(type, new long[] {rows, cols}, 'c');
        for (int i = 0; i < values.length; i++) {
            x.data().put(i, values[i] - 0.5);
        }
        return x;
    }

    private static double[] naive(
            INDArray a,
            INDArray b,
            INDArray start,
            boolean ta,
            boolean tb,
            boolean acc,
            int m,
            int k,
            int n) {
        double[] av = a.data().asDouble();
        double[] bv = b.data().asDouble();
        double[] c = acc ? start.data().asDouble() : new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? av[p * m + i] : av[i * k + p];
                    double y = tb ? bv[j * k + p] : bv[p * n + j];
                    s += x * y;
                }
                c[i * n + j] += s;
            }
        }
        return c;
    }
}
