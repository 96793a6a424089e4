package org.vae4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vae4j.api.random.Rng;
import org.vae4j.api.support.ParallelFor;

/** Items computed ahead on a background thread: order, draws, failures, closing, serial loops. */
class PrefetchTest {

    /** Items that draw from one stream, so any change of order would change the values. */
    private static List<double[]> draws(int count, int ahead) {
        Rng rng = Rng.seeded(3);
        List<double[]> out = new ArrayList<>();
        try (Prefetch<double[]> feed = Prefetch.of(count, i -> rng.uniforms(i + 1), ahead)) {
            for (int i = 0; i < count; i++) {
                out.add(feed.next());
            }
            assertThatThrownBy(feed::next)
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage("All " + count + " items were taken");
        }
        return out;
    }

    @Test
    void itemsComeInOrderWithTheDrawsOfComputingThemInTurn() {
        List<double[]> inTurn = draws(9, 0);
        for (int ahead : new int[] {1, 2, 5, 20}) {
            List<double[]> ahead_ = draws(9, ahead);
            for (int i = 0; i < 9; i++) {
                assertThat(ahead_.get(i)).as("item %d, %d ahead", i, ahead).hasSize(i + 1);
                assertThat(ahead_.get(i)).containsExactly(inTurn.get(i));
            }
        }
        assertThat(draws(0, 2)).isEmpty();
    }

    @Test
    void withAheadTheWorkRunsOnOneOtherThreadAndWithoutItOnTheCaller() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (Prefetch<Integer> feed =
                Prefetch.of(
                        5,
                        i -> {
                            threads.add(Thread.currentThread());
                            return i;
                        },
                        2)) {
            for (int i = 0; i < 5; i++) {
                assertThat(feed.next()).isEqualTo(i);
            }
        }
        assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread());
        assertThat(threads.iterator().next().getName()).isEqualTo("vae4j-prefetch");
        threads.clear();
        try (Prefetch<Integer> feed =
                Prefetch.of(
                        2,
                        i -> {
                            threads.add(Thread.currentThread());
                            return i;
                        },
                        0)) {
            feed.next();
            feed.next();
        }
        assertThat(threads).containsExactly(Thread.currentThread());
    }

    @Test
    void loopsInsideTheWorkStayOnItsThread() {
        ParallelFor parallel = new ParallelFor(4);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        try (Prefetch<Integer> feed =
                Prefetch.of(
                        1,
                        i -> {
                            parallel.runPieces(
                                    4,
                                    p -> {
                                        ran.add(Thread.currentThread());
                                        sleep(30);
                                    });
                            return i;
                        },
                        1)) {
            feed.next();
        }
        assertThat(ran).hasSize(1);
        assertThat(ran.iterator().next().getName()).isEqualTo("vae4j-prefetch");
    }

    @Test
    void aFailureIsThrownToTheTakerAtItsItemAfterTheItemsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("row 3 unreadable");
        for (int ahead : new int[] {0, 1, 4}) {
            try (Prefetch<Integer> feed =
                    Prefetch.of(
                            6,
                            i -> {
                                if (i == 3) {
                                    throw boom;
                                }
                                return i;
                            },
                            ahead)) {
                assertThat(feed.next()).isEqualTo(0);
                assertThat(feed.next()).isEqualTo(1);
                assertThat(feed.next()).isEqualTo(2);
                assertThatThrownBy(feed::next).as("%d ahead", ahead).isSameAs(boom);
            }
        }
    }

    @Test
    void closingStopsTheWorkBeforeTheItemsNotTaken() throws InterruptedException {
        AtomicInteger computed = new AtomicInteger();
        try (Prefetch<Integer> feed = Prefetch.of(1000, i -> computed.incrementAndGet(), 2)) {
            feed.next();
        }
        int atClose = computed.get();
        assertThat(atClose).isBetween(1, 4); // the one taken, two waiting, one blocked on put
        Thread.sleep(50);
        assertThat(computed.get()).as("nothing runs after close").isEqualTo(atClose);
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> Prefetch.of(-1, i -> i, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count and ahead must be at least 0, got -1 and 2");
        assertThatThrownBy(() -> Prefetch.of(3, i -> i, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count and ahead must be at least 0, got 3 and -2");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
