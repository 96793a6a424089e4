package org.vae4j.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.memory.MemoryStats;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.ops.Op;
import org.vae4j.api.random.Rng;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;
import org.vae4j.api.tensor.Tensor;

/**
 * Memory scopes: what a scope owns is freed when it closes, {@code keep} and {@code detach} move
 * tensors out, scopes nest and are confined to their thread, a sealed scope refuses allocation, a
 * long loop of scoped steps leaks nothing, a scope counts the bytes of what it owns, and a reshape
 * keeps its values after the tensor it came from is closed (a backend may share the buffer). Runs
 * with no scope open around each test, and checks that every test leaves the live-tensor count
 * where it found it.
 */
public abstract class ScopeTests extends ConformanceGroup {
    /** Steps of the leak loop. */
    private static final int STEPS = 10_000;

    /** Steps run before the baseline is read, so that caches and pools have filled. */
    private static final int WARM_UP = 100;

    /** How far native memory may drift over the loop (allocator caches, not leaks): 1 MiB. */
    private static final long NATIVE_SLACK_BYTES = 1 << 20;

    private long liveBefore;

    /** Reads the live-tensor count before the test. */
    @BeforeEach
    protected final void countLiveTensors() {
        liveBefore = live();
    }

    /** Checks that the test freed everything it made. */
    @AfterEach
    protected final void checkNothingLeaked() {
        assertThat(live()).as("live tensors after the test").isEqualTo(liveBefore);
    }

    private long live() {
        return backend().memory().liveTensors();
    }

    private Tensor make() {
        return backend().zeros(Shape.of(2, 2), DType.FLOAT32);
    }

    @Test
    void aScopeCountsTheBytesOfWhatItOwns() {
        try (Scope scope = backend().openScope()) {
            backend().zeros(Shape.of(3, 5), DType.FLOAT32);
            Tensor closed = backend().zeros(Shape.of(2), DType.FLOAT32);
            Tensor kept = backend().zeros(Shape.of(7), DType.FLOAT32);
            assertThat(scope.bytes()).isEqualTo(4 * (3 * 5 + 2 + 7));
            closed.close();
            scope.keep(kept);
            assertThat(scope.bytes()).isEqualTo(4 * 3 * 5);
            try (Scope inner = backend().openScope()) {
                backend().zeros(Shape.of(4), DType.FLOAT32);
                assertThat(inner.bytes()).isEqualTo(16);
                assertThat(scope.bytes()).isEqualTo(4 * 3 * 5);
            }
            kept.close();
        }
    }

    @Test
    void tensorsMadeInAScopeAreClosedWithIt() {
        Tensor x;
        Tensor y;
        try (Scope scope = backend().openScope()) {
            x = make();
            y = backend().unary(Op.EXP, x);
            assertThat(scope.size()).isEqualTo(2);
            assertThat(live()).isEqualTo(liveBefore + 2);
        }
        assertThat(x.isClosed()).isTrue();
        assertThat(y.isClosed()).isTrue();
        assertThatThrownBy(() -> backend().unary(Op.EXP, x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void nestedScopesEachOwnWhatWasMadeInThem() {
        try (Scope outer = backend().openScope()) {
            Tensor a = make();
            Tensor b;
            try (Scope inner = backend().openScope()) {
                b = backend().unary(Op.EXP, a);
                assertThat(inner.size()).isEqualTo(1);
                assertThat(outer.size()).isEqualTo(1);
            }
            assertThat(b.isClosed()).isTrue();
            assertThat(a.isClosed()).isFalse();
            Tensor c = backend().unary(Op.EXP, a);
            assertThat(outer.size()).as("a result made after the inner scope closed").isEqualTo(2);
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void keepMovesATensorToTheEnclosingScope() {
        Scope outer = backend().openScope();
        Tensor kept;
        try {
            try (Scope inner = backend().openScope()) {
                kept = inner.keep(make());
                assertThat(inner.size()).isZero();
            }
            assertThat(kept.isClosed()).isFalse();
            assertThat(outer.size()).isEqualTo(1);
        } finally {
            outer.close();
        }
        assertThat(kept.isClosed()).isTrue();
    }

    @Test
    void keepInTheOutermostScopeFreesTheTensorFromAllScopes() {
        Tensor kept;
        try (Scope scope = backend().openScope()) {
            kept = scope.keep(backend().unary(Op.NEG, make()));
        }
        assertThat(kept.isClosed()).isFalse();
        assertThat(live()).isEqualTo(liveBefore + 1);
        kept.close();
    }

    @Test
    void detachTakesATensorOutOfEveryScope() {
        Tensor detached;
        try (Scope outer = backend().openScope()) {
            try (Scope inner = backend().openScope()) {
                detached = inner.detach(make());
            }
            assertThat(outer.size()).isZero();
        }
        assertThat(detached.isClosed()).isFalse();
        detached.close();
    }

    @Test
    void keepingATensorTheScopeDoesNotOwnIsRejected() {
        Tensor outside = make();
        Tensor foreign = reference().zeros(Shape.of(1), DType.FLOAT32);
        try (Scope outer = backend().openScope()) {
            Tensor ofOuter = make();
            try (Scope inner = backend().openScope()) {
                assertThatThrownBy(() -> inner.keep(outside))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> inner.keep(ofOuter))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> inner.keep(foreign))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> inner.detach(ofOuter))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(outer.size()).isEqualTo(1);
            assertThat(ofOuter.isClosed()).isFalse();
        } finally {
            outside.close();
            foreign.close();
        }
    }

    @Test
    void closingAnOuterScopeClosesAnInnerOneStillOpen() {
        Scope outer = backend().openScope();
        Scope inner = backend().openScope();
        Tensor x = make();
        outer.close();
        assertThat(inner.isClosed()).isTrue();
        assertThat(x.isClosed()).isTrue();
        inner.close();
        Tensor after = make();
        outer.close();
        assertThat(after.isClosed()).as("made after every scope closed").isFalse();
        after.close();
    }

    @Test
    void aReshapeKeepsItsValuesWhenTheTensorItCameFromIsClosedAndItsSizeIsMadeAgain() {
        float[] values = Rng.seeded(7).uniformFloats(6 * 8);
        Tensor source = backend().fromFloats(values, Shape.of(6, 8));
        Tensor flat = backend().reshape(source, Shape.of(48));
        Tensor again = backend().reshape(flat, Shape.of(4, 12));
        source.close();
        flat.close();
        try (Scope scope = backend().openScope()) {
            Tensor ones = backend().full(Shape.of(6, 8), 1, DType.FLOAT32);
            for (int i = 0; i < 8; i++) {
                backend().binary(Op.ADD, ones, ones); // results of the freed size
            }
            assertThat(again.toFloats()).containsExactly(values);
        }
        Tensor kept = backend().reshape(again, Shape.of(48));
        again.close();
        assertThat(kept.toFloats()).containsExactly(values);
        kept.close();
    }

    @Test
    void aSealedScopeRefusesAllocation() {
        try (Scope scope = backend().openScope()) {
            Tensor x = make();
            scope.seal();
            long live = live();
            assertThatThrownBy(this::make).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> backend().unary(Op.EXP, x))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(live()).isEqualTo(live);
            assertThat(x.isClosed()).isFalse();
        }
        make().close();
    }

    @Test
    void aScopeIsConfinedToItsThread() throws InterruptedException {
        try (Scope scope = backend().openScope()) {
            Tensor x = make();
            AtomicReference<Throwable> keep = new AtomicReference<>();
            AtomicReference<Throwable> close = new AtomicReference<>();
            AtomicReference<Tensor> madeThere = new AtomicReference<>();
            Thread other =
                    new Thread(
                            () -> {
                                keep.set(catching(() -> scope.keep(x)));
                                close.set(catching(scope::close));
                                madeThere.set(make());
                            });
            other.start();
            other.join();
            assertThat(keep.get()).isInstanceOf(IllegalStateException.class);
            assertThat(close.get()).isInstanceOf(IllegalStateException.class);
            assertThat(scope.isClosed()).isFalse();
            assertThat(scope.size()).as("a tensor made on another thread").isEqualTo(1);
            madeThere.get().close();
        }
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void tenThousandScopedStepsLeakNothing() {
        float[] data = Rng.seeded(STEPS).uniformFloats(64 * 64);
        for (int i = 0; i < WARM_UP; i++) {
            step(data);
        }
        MemoryStats before = backend().memory();
        for (int i = 0; i < STEPS; i++) {
            step(data);
        }
        MemoryStats after = backend().memory();
        System.out.printf(
                "scope-loop: %d steps on %s, live tensors %d -> %d, native bytes %s -> %s%n",
                STEPS,
                backend(),
                before.liveTensors(),
                after.liveTensors(),
                before.knowsNativeBytes() ? before.nativeBytes() : "unknown",
                after.knowsNativeBytes() ? after.nativeBytes() : "unknown");
        assertThat(after.liveTensors()).as("live tensors").isEqualTo(before.liveTensors());
        if (before.knowsNativeBytes()) {
            assertThat(after.nativeBytes())
                    .as("native bytes")
                    .isCloseTo(before.nativeBytes(), within(NATIVE_SLACK_BYTES));
        }
    }

    /** One step of the leak loop: a few ops, including a product, reshapes and reductions. */
    private void step(float[] data) {
        Scope scope = backend().openScope();
        try {
            Tensor x = backend().fromFloats(data, Shape.of(64, 64));
            Tensor y = backend().matmul(x, x, false, true);
            Tensor z = backend().binary(Op.ADD, backend().unary(Op.RELU, y), x);
            Tensor flat = backend().reshape(z, Shape.of(64 * 64));
            backend()
                    .reduce(
                            Op.SUM,
                            backend().reshape(flat, Shape.of(16, 256)),
                            new int[] {1},
                            false);
            backend().reduce(Op.SUM, z, new int[] {0, 1}, false);
            backend().reduce(Op.MAX, z, new int[] {1}, true);
        } finally {
            scope.close();
        }
    }
}
