package org.vae4j.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The cut, the hand-over to helpers and failures, on 1 to 4 workers whatever the machine. */
class ParallelForTest {

    @Test
    void everyIndexRunsOnceInPiecesThatDependOnlyOnTheArguments() {
        for (int workers = 1; workers <= 4; workers++) {
            ParallelFor parallel = new ParallelFor(workers);
            for (long grain : new long[] {1, 3, 10}) {
                for (int n : new int[] {0, 1, 2, 3, 7, 100, 1001}) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    parallel.run(
                            n,
                            grain,
                            (from, to) -> {
                                for (long i = from; i < to; i++) {
                                    seen.incrementAndGet((int) i);
                                }
                            });
                    for (int i = 0; i < n; i++) {
                        assertThat(seen.get(i)).as("index %d of %d", i, n).isEqualTo(1);
                    }
                    int pieces = parallel.pieces(n, grain);
                    assertThat(pieces).isBetween(1, workers);
                    assertThat(pieces).isEqualTo((int) Math.max(1, Math.min(workers, n / grain)));
                }
            }
        }
    }

    @Test
    void piecesAreContiguousAndAsEvenAsTheLengthAllows() {
        long n = 10;
        assertThat(ParallelFor.start(0, 3, n)).isZero();
        assertThat(ParallelFor.start(1, 3, n)).isEqualTo(3);
        assertThat(ParallelFor.start(2, 3, n)).isEqualTo(6);
        assertThat(ParallelFor.start(3, 3, n)).isEqualTo(n);
        long big = 3_000_000_007L;
        assertThat(ParallelFor.start(7, 7, big)).isEqualTo(big);
        assertThat(ParallelFor.start(1, 7, big)).isEqualTo(big / 7);
    }

    @Test
    void helpersRunPiecesWhenTheCallerIsBusy() {
        ParallelFor parallel = new ParallelFor(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        parallel.runPieces(
                4,
                piece -> {
                    threads.add(Thread.currentThread().getName());
                    sleep(100);
                });
        assertThat(threads).hasSizeGreaterThan(1).anyMatch(name -> name.startsWith("vae4j-host-"));
    }

    @Test
    void anInterruptedHelperEndsAndTheNextLoopStartsAnother() throws InterruptedException {
        ParallelFor parallel = new ParallelFor(2);
        Set<Thread> helpers = ConcurrentHashMap.newKeySet();
        parallel.runPieces(2, piece -> remember(helpers));
        parallel.runPieces(4, piece -> remember(helpers));
        assertThat(helpers).isNotEmpty();
        for (Thread t : helpers) {
            t.interrupt();
            t.join(5_000);
            assertThat(t.isAlive()).as("an interrupted helper ends").isFalse();
        }
        Set<Thread> after = ConcurrentHashMap.newKeySet();
        parallel.runPieces(4, piece -> remember(after));
        assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(helpers);
    }

    /** Sleeps long enough for a helper to claim a piece, and notes the thread if it is one. */
    private static void remember(Set<Thread> helpers) {
        sleep(100);
        if (Thread.currentThread().getName().startsWith("vae4j-host-")) {
            helpers.add(Thread.currentThread());
        }
    }

    @Test
    void aFailureInAnyPieceIsThrownToTheCaller() {
        ParallelFor parallel = new ParallelFor(3);
        for (int bad = 0; bad < 3; bad++) {
            int failing = bad;
            assertThatThrownBy(
                            () ->
                                    parallel.runPieces(
                                            3,
                                            piece -> {
                                                sleep(20);
                                                if (piece == failing) {
                                                    throw new IllegalStateException(
                                                            "piece " + piece);
                                                }
                                            }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("piece " + failing);
        }
        AtomicIntegerArray after = new AtomicIntegerArray(3);
        parallel.runPieces(3, after::incrementAndGet);
        assertThat(after.toString()).isEqualTo("[1, 1, 1]");
    }

    @Test
    void concurrentCallersEachGetAllTheirPieces() throws InterruptedException {
        ParallelFor parallel = new ParallelFor(2);
        int n = 20_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        Runnable caller =
                () -> {
                    for (int round = 0; round < 200; round++) {
                        parallel.run(
                                n,
                                1,
                                (from, to) -> {
                                    for (long i = from; i < to; i++) {
                                        seen.incrementAndGet((int) i);
                                    }
                                });
                    }
                };
        Thread other = new Thread(caller);
        other.start();
        caller.run();
        other.join();
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo(400);
        }
    }

    @Test
    void serialWorkRunsEveryPieceOnItsOwnThreadAndRestoresTheMode() {
        ParallelFor parallel = new ParallelFor(4);
        Thread self = Thread.currentThread();
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        int pieces =
                ParallelFor.serially(
                        () -> {
                            ParallelFor.serially(() -> 0); // nested: leaves the outer mode on
                            AtomicIntegerArray seen = new AtomicIntegerArray(4);
                            parallel.runPieces(
                                    4,
                                    p -> {
                                        ran.add(Thread.currentThread());
                                        seen.incrementAndGet(p);
                                        sleep(50); // a helper would claim a piece by now
                                    });
                            int n = 0;
                            for (int i = 0; i < 4; i++) {
                                n += seen.get(i);
                            }
                            return n;
                        });
        assertThat(pieces).isEqualTo(4);
        assertThat(ran).containsExactly(self);
        Set<Thread> after = ConcurrentHashMap.newKeySet();
        parallel.runPieces(
                4,
                p -> {
                    after.add(Thread.currentThread());
                    sleep(100);
                });
        assertThat(after).as("outside serially() helpers run pieces again").hasSizeGreaterThan(1);
    }

    @Test
    void workerCountsBelowOneAreRefused() {
        assertThatThrownBy(() -> new ParallelFor(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers must be at least 1, got 0");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
