package org.vae4j.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.api.tensor.Device;

/** The cache of freed arrays on its own: what it serves, its bounds, a manager's close. */
final class DjlArrayPoolTest {
    private static final long[] SHAPE = {10, 25}; // 1,000 bytes of float32

    private DjlBackend a;
    private DjlBackend b;

    @BeforeEach
    void open() {
        a = (DjlBackend) new DjlBackendProvider().open(Device.CPU);
        b = (DjlBackend) new DjlBackendProvider().open(Device.CPU);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static PtNDArray array(PtNDManager m, DataType dt, long... shape) {
        return JniUtils.createEmptyNdArray(
                m, new ai.djl.ndarray.types.Shape(shape), dt, m.getDevice(), SparseFormat.DENSE);
    }

    @Test
    void servesAnArrayOnlyToItsManagerDtypeAndShape() {
        DjlArrayPool pool = new DjlArrayPool(1 << 20);
        PtNDArray x = array(a.manager(), DataType.FLOAT32, SHAPE);
        assertThat(pool.keep(x, DataType.FLOAT32, SHAPE)).isTrue();
        assertThat(pool.bytes()).isEqualTo(1000);
        assertThat(pool.take(b.manager(), DataType.FLOAT32, SHAPE)).as("another manager").isNull();
        assertThat(pool.take(a.manager(), DataType.FLOAT64, SHAPE)).as("another dtype").isNull();
        assertThat(pool.take(a.manager(), DataType.FLOAT32, new long[] {25, 10}))
                .as("another shape of the same size")
                .isNull();
        assertThat(pool.take(a.manager(), DataType.FLOAT32, new long[] {10, 25})).isSameAs(x);
        assertThat(pool.bytes()).isZero();
        assertThat(pool.take(a.manager(), DataType.FLOAT32, SHAPE)).as("taken once").isNull();
        x.close();
    }

    @Test
    void keepsAtMostItsBytesClosingTheLeastRecentlyUsedShapesFirst() {
        DjlArrayPool pool = new DjlArrayPool(2500);
        PtNDArray old = array(a.manager(), DataType.FLOAT32, SHAPE);
        PtNDArray other = array(a.manager(), DataType.FLOAT32, 250);
        PtNDArray third = array(a.manager(), DataType.FLOAT32, 5, 50);
        pool.keep(old, DataType.FLOAT32, SHAPE);
        pool.keep(other, DataType.FLOAT32, new long[] {250});
        assertThat(pool.take(a.manager(), DataType.FLOAT32, new long[] {7})).isNull();
        pool.take(a.manager(), DataType.FLOAT32, new long[] {250}); // used most recently now
        pool.keep(other, DataType.FLOAT32, new long[] {250});
        pool.keep(third, DataType.FLOAT32, new long[] {5, 50});
        assertThat(pool.bytes()).isEqualTo(2000);
        assertThat(old.isReleased()).as("the least recently used shape, closed").isTrue();
        assertThat(other.isReleased()).isFalse();
        assertThat(pool.held(a.manager())).isEqualTo(2);
        PtNDArray big = array(a.manager(), DataType.FLOAT64, 1000);
        assertThat(pool.keep(big, DataType.FLOAT64, new long[] {1000}))
                .as("larger than the whole cache")
                .isFalse();
        assertThat(pool.keep(big, DataType.FLOAT64, new long[] {0})).as("no elements").isFalse();
        big.close();
    }

    @Test
    void keepsAtMost32ArraysOfAShape() {
        DjlArrayPool pool = new DjlArrayPool(1 << 20);
        for (int i = 0; i < 32; i++) {
            assertThat(
                            pool.keep(
                                    array(a.manager(), DataType.FLOAT32, SHAPE),
                                    DataType.FLOAT32,
                                    SHAPE))
                    .isTrue();
        }
        PtNDArray extra = array(a.manager(), DataType.FLOAT32, SHAPE);
        assertThat(pool.keep(extra, DataType.FLOAT32, SHAPE)).isFalse();
        extra.close();
        assertThat(pool.held(a.manager())).isEqualTo(32);
    }

    @Test
    void closingAManagersArraysLeavesTheOthers() {
        DjlArrayPool pool = new DjlArrayPool(1 << 20);
        PtNDArray mine = array(a.manager(), DataType.FLOAT32, SHAPE);
        PtNDArray theirs = array(b.manager(), DataType.FLOAT32, SHAPE);
        pool.keep(mine, DataType.FLOAT32, SHAPE);
        pool.keep(theirs, DataType.FLOAT32, SHAPE);
        pool.close(a.manager());
        assertThat(mine.isReleased()).isTrue();
        assertThat(theirs.isReleased()).isFalse();
        assertThat(pool.held(a.manager())).isZero();
        assertThat(pool.held(b.manager())).isEqualTo(1);
        assertThat(pool.bytes()).isEqualTo(1000);
        assertThat(pool.take(b.manager(), DataType.FLOAT32, SHAPE)).isSameAs(theirs);
        theirs.close();
    }
}
