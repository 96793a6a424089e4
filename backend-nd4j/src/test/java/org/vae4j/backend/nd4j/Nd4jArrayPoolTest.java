package org.vae4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.Availability;

/**
 * The cache of freed arrays: a freed buffer serves the next request of its dtype and size, in the
 * shape asked for, dense and row-major; it keeps no more than its byte limit; clearing it frees
 * what it held.
 */
final class Nd4jArrayPoolTest {
    private final Nd4jArrayPool pool = Nd4jArrayPool.shared();

    @BeforeAll
    static void load() {
        Availability a = Nd4jRuntime.availability();
        assertThat(a.available()).as(a.reason()).isTrue();
    }

    @AfterEach
    void clear() {
        pool.clear();
    }

    @Test
    void aFreedBufferServesTheNextRequestOfItsSizeInTheShapeAsked() {
        pool.clear();
        INDArray x = Nd4jArrays.uninitialized(DataType.FLOAT, new long[] {128, 784});
        long address = x.data().address();
        Nd4jArrays.recycle(x);
        assertThat(pool.bytes()).isEqualTo(128 * 784 * 4);

        INDArray y = Nd4jArrays.uninitialized(DataType.FLOAT, new long[] {1, 128, 784});
        assertThat(y.data().address()).as("the same buffer").isEqualTo(address);
        assertThat(y.shape()).containsExactly(1, 128, 784);
        assertThat(y.ordering()).isEqualTo('c');
        assertThat(y.isView()).isFalse();
        assertThat(y.closeable()).isTrue();
        assertThat(pool.bytes()).isZero();

        Nd4jArrays.recycle(y);
        INDArray z = Nd4jArrays.uninitialized(DataType.FLOAT, new long[] {128, 784});
        assertThat(z.data().address())
                .as("reshaped twice, still the same buffer")
                .isEqualTo(address);
        INDArray other = Nd4jArrays.uninitialized(DataType.DOUBLE, new long[] {128, 784});
        assertThat(other.data().address()).as("another dtype").isNotEqualTo(address);
        z.close();
        other.close();
    }

    @Test
    void keepsNoMoreThanItsLimitAndClearingFreesIt() {
        pool.clear();
        long before = Nd4jRuntime.get().nativeBytes();
        long each = 16L << 20; // 4M floats
        int count = (int) (Nd4jArrayPool.MAX_BYTES / each) + 4;
        INDArray[] arrays = new INDArray[count];
        for (int i = 0; i < count; i++) {
            arrays[i] = Nd4jArrays.uninitialized(DataType.FLOAT, new long[] {4 + i % 2, 1 << 20});
        }
        for (INDArray a : arrays) {
            Nd4jArrays.recycle(a);
        }
        assertThat(pool.bytes()).isLessThanOrEqualTo(Nd4jArrayPool.MAX_BYTES).isPositive();
        assertThat(Nd4jRuntime.get().nativeBytes() - before)
                .as("native bytes held")
                .isLessThanOrEqualTo(Nd4jArrayPool.MAX_BYTES + (1 << 20));
        pool.clear();
        assertThat(pool.bytes()).isZero();
        assertThat(Nd4jRuntime.get().nativeBytes()).isLessThanOrEqualTo(before + (1 << 20));
    }
}
