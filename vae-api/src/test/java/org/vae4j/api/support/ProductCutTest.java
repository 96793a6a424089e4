package org.vae4j.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.vae4j.api.support.ProductCut.Size;

/**
 * The cut of one product is the parallel-for's; several share the workers by their multiply-adds;
 * small work and a BLAS with its own threads stay on the caller; every line of every product runs
 * once, on 1 to 5 workers whatever the machine.
 */
class ProductCutTest {

    @Test
    void oneProductIsCutAsTheParallelForCutsItsLines() {
        for (int workers = 1; workers <= 4; workers++) {
            ParallelFor parallel = new ParallelFor(workers);
            for (long grain : new long[] {1, 1000, 1 << 21}) {
                for (Size s :
                        List.of(new Size(128, 400, 784), new Size(7, 3, 5), new Size(3, 9, 2))) {
                    ProductCut cut = ProductCut.of(List.of(s), workers, grain);
                    long lines = Math.max(s.m(), s.n());
                    long perLine = (long) Math.min(s.m(), s.n()) * s.k();
                    long lineGrain = (grain + perLine - 1) / perLine;
                    assertThat(cut.pieces(0))
                            .as("%s on %d workers, grain %d", s, workers, grain)
                            .isEqualTo(parallel.pieces(lines, lineGrain));
                    List<String> expected = Collections.synchronizedList(new ArrayList<>());
                    parallel.run(lines, lineGrain, (from, to) -> expected.add(from + ".." + to));
                    assertThat(lines(cut, parallel))
                            .containsExactlyInAnyOrderElementsOf(
                                    expected.stream()
                                            .map(r -> "0 " + (s.m() >= s.n()) + " " + r)
                                            .toList());
                }
            }
        }
    }

    @Test
    void twoProductsOfOneSizeRunWholeSideBySideOnTwoWorkersAndHalvedOnFour() {
        List<Size> pair = List.of(new Size(128, 400, 784), new Size(784, 400, 128));
        ProductCut two = ProductCut.of(pair, 2, 1 << 21);
        assertThat(two.together()).isTrue();
        assertThat(two.pieces(0)).isEqualTo(1);
        assertThat(two.pieces(1)).isEqualTo(1);
        ProductCut four = ProductCut.of(pair, 4, 1 << 21);
        assertThat(four.pieces(0)).isEqualTo(2);
        assertThat(four.pieces(1)).isEqualTo(2);
    }

    @Test
    void workersAreSharedByMultiplyAddsEachProductGettingOnePieceAtLeast() {
        List<Size> unequal = List.of(new Size(128, 400, 784), new Size(20, 400, 128));
        ProductCut cut = ProductCut.of(unequal, 2, 1 << 16);
        assertThat(cut.together()).isTrue();
        assertThat(cut.pieces(0)).isEqualTo(2);
        assertThat(cut.pieces(1)).isEqualTo(1);
        // a share of four workers, but two rows to cut: one piece a row
        ProductCut narrow =
                ProductCut.of(List.of(new Size(2, 1, 1000), new Size(2, 1, 1000)), 8, 1);
        assertThat(narrow.pieces(0)).isEqualTo(2);
        assertThat(narrow.pieces(1)).isEqualTo(2);
    }

    @Test
    void smallWorkOneWorkerOrBlasThreadsRunOnTheCallerInOrder() {
        List<Size> small = List.of(new Size(10, 10, 10), new Size(10, 10, 10));
        ParallelFor four = new ParallelFor(4);
        for (ProductCut cut :
                List.of(
                        ProductCut.of(small, 4, 1500), // 2,000 multiply-adds: under two grains
                        ProductCut.of(small, 1, 1),
                        ProductCut.of(small, 4, Long.MAX_VALUE))) {
            assertThat(cut.together()).isFalse();
            Thread caller = Thread.currentThread();
            List<Integer> order = new ArrayList<>();
            cut.run(
                    four,
                    (product, rows, from, to) -> {
                        assertThat(Thread.currentThread()).isSameAs(caller);
                        order.add(product);
                    });
            assertThat(order).isSorted();
            assertThat(order).contains(0, 1);
        }
        assertThat(ProductCut.of(small, 4, Long.MAX_VALUE).pieces(0)).isEqualTo(1);
    }

    @Test
    void everyLineOfEveryProductRunsOnce() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int[][] shapes = {{128, 400, 784}, {5, 9, 2}, {31, 7, 3}, {1, 1, 1}, {400, 20, 128}};
        for (int workers = 1; workers <= 5; workers++) {
            ParallelFor parallel = new ParallelFor(workers);
            for (long grain : new long[] {1, 50, 5000}) {
                for (int count = 1; count <= shapes.length; count++) {
                    List<Size> sizes = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        sizes.add(new Size(shapes[i][0], shapes[i][1], shapes[i][2]));
                    }
                    ProductCut cut = ProductCut.of(sizes, workers, grain);
                    AtomicIntegerArray[] seen = new AtomicIntegerArray[count];
                    for (int i = 0; i < count; i++) {
                        seen[i] = new AtomicIntegerArray(Math.max(shapes[i][0], shapes[i][1]));
                    }
                    cut.run(
                            parallel,
                            (product, rows, from, to) -> {
                                threads.add(Thread.currentThread().getName());
                                Size s = sizes.get(product);
                                assertThat(rows).isEqualTo(s.m() >= s.n());
                                for (int line = from; line < to; line++) {
                                    seen[product].incrementAndGet(line);
                                }
                            });
                    for (int i = 0; i < count; i++) {
                        assertThat(cut.pieces(i)).isBetween(1, workers);
                        for (int line = 0; line < seen[i].length(); line++) {
                            assertThat(seen[i].get(line))
                                    .as("line %d of product %d, %d workers", line, i, workers)
                                    .isEqualTo(1);
                        }
                    }
                }
            }
        }
        assertThat(threads).hasSizeGreaterThan(1);
    }

    @Test
    void productsWithoutWorkAndEmptyListsAreRefused() {
        assertThatThrownBy(() -> new Size(0, 3, 4)).hasMessageContaining("m=0 n=3 k=4");
        assertThatThrownBy(() -> new Size(2, 3, 0)).hasMessageContaining("positive sizes");
        assertThatThrownBy(() -> ProductCut.of(List.of(), 2, 1))
                .hasMessageContaining("no products");
    }

    private static List<String> lines(ProductCut cut, ParallelFor parallel) {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        cut.run(
                parallel,
                (product, rows, from, to) ->
                        got.add(product + " " + rows + " " + from + ".." + to));
        return got;
    }
}
