package org.vae4j.backend.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.GreaterThan;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.custom.NotEqualTo;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Pow;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/**
 * The elementwise ops on non-empty arrays of the CUDA build, by libnd4j's kernels, each returning a
 * new array (the CPU build computes them on the host: {@link org.vae4j.host.HostElementwise}).
 * Binary ops and WHERE use ND4J's custom (libnd4j "broadcastable") ops, which broadcast as NumPy
 * does; the legacy {@code INDArray.add} and friends do not for every pair of shapes. LOG1P and
 * SOFTPLUS are composed here, since ND4J computes them as {@code log(1 + x)} and {@code log(1 +
 * e^x)}, which lose small values and overflow.
 */
final class Nd4jElementwise {
    private Nd4jElementwise() {}

    /** Applies a unary op. */
    static INDArray unary(Op op, INDArray x) {
        return switch (op) {
            case NEG -> Nd4j.exec(new Negative(x, Nd4jArrays.like(x)));
            case EXP -> Nd4j.exec(new Exp(x, Nd4jArrays.like(x)));
            case LOG -> Nd4j.exec(new Log(x, Nd4jArrays.like(x)));
            case LOG1P -> log1p(x);
            case SQRT -> Nd4j.exec(new Sqrt(x, Nd4jArrays.like(x)));
            case SQUARE -> Nd4j.exec(new Square(x, Nd4jArrays.like(x)));
            case ABS -> Nd4j.exec(new Abs(x, Nd4jArrays.like(x)));
            case TANH -> tanh(x);
            case SIGMOID -> Nd4j.exec(new Sigmoid(x, Nd4jArrays.like(x)));
            case RELU -> Nd4j.exec(new RectifiedLinear(x, Nd4jArrays.like(x), 0.0));
            case SOFTPLUS -> softplus(x);
            default -> throw new IllegalArgumentException(op + " is not a unary op");
        };
    }

    /**
     * ND4J's tanh, except where |tanh(x)| is below 0.1 (float32) or 0.01 (float64): there ND4J
     * loses relative accuracy (float32 inputs below 1e-8 even give 0), and the Taylor series to
     * {@code x^7} is used, whose truncation error is below 3e-10 and 3e-18 relative.
     */
    private static INDArray tanh(INDArray x) {
        INDArray t = Nd4j.exec(new Tanh(x, Nd4jArrays.like(x)));
        double limit = x.dataType() == DataType.FLOAT ? 0.1 : 0.01;
        INDArray x2 = x.mul(x, Nd4jArrays.like(x));
        INDArray series = x2.mul(-17.0 / 315, Nd4jArrays.like(x));
        series.addi(2.0 / 15).muli(x2).subi(1.0 / 3).muli(x2).addi(1.0).muli(x);
        BooleanIndexing.replaceWhere(t, series, Conditions.absLessThan(limit));
        Nd4jArrays.recycle(x2);
        Nd4jArrays.recycle(series);
        return t;
    }

    /**
     * {@code log1p(x) = log(u) - ((u - 1) - x) / u} with {@code u = 1 + x} rounded: the correction
     * restores what rounding {@code u} lost, so tiny x come out exactly. At x = -1 and x = +inf the
     * correction is 0/0 or inf - inf; it is 0 there, and NaN inputs stay NaN through {@code log}.
     */
    private static INDArray log1p(INDArray x) {
        INDArray u = x.add(1.0, Nd4jArrays.like(x));
        INDArray correction = correction(u, x);
        BooleanIndexing.replaceWhere(correction, 0.0, Conditions.isNan());
        Nd4j.exec(new Log(u, u)).subi(correction);
        Nd4jArrays.recycle(correction);
        return u;
    }

    /** {@code ((u - 1) - x) / u}, what rounding {@code u = 1 + x} lost, relative to u. */
    private static INDArray correction(INDArray u, INDArray x) {
        return u.sub(1.0, Nd4jArrays.like(x)).subi(x).divi(u);
    }

    /**
     * {@code softplus(x) = max(x, 0) + log1p(e^-|x|)}, which neither overflows nor underflows. The
     * argument of log1p lies in [0, 1] (or is NaN), so its correction needs no 0/0 case, and every
     * step but the first writes into an array made here.
     */
    private static INDArray softplus(INDArray x) {
        INDArray e = Nd4j.exec(new Abs(x, Nd4jArrays.like(x)));
        Nd4j.exec(new Exp(e.negi(), e));
        INDArray tail = e.add(1.0, Nd4jArrays.like(x));
        INDArray correction = correction(tail, e);
        Nd4j.exec(new Log(tail, tail)).subi(correction);
        Nd4jArrays.recycle(correction);
        INDArray relu = Nd4j.exec(new RectifiedLinear(x, e, 0.0));
        tail.addi(relu);
        Nd4jArrays.recycle(e);
        return tail;
    }

    /** Applies a binary op, broadcasting {@code a} and {@code b} to {@code out}. */
    static INDArray binary(Op op, INDArray a, INDArray b, Shape out, DType dtype) {
        INDArray[] in = {a, b};
        if (op == Op.GREATER) {
            try (INDArray mask = Nd4j.createUninitialized(DataType.BOOL, out.toLongArray(), 'c')) {
                Nd4j.exec(new GreaterThan(in, new INDArray[] {mask}));
                return mask.castTo(Nd4jArrays.of(dtype));
            }
        }
        INDArray z = Nd4jArrays.uninitialized(out, dtype);
        INDArray[] outs = {z};
        CustomOp kernel =
                switch (op) {
                    case ADD -> new AddOp(in, outs);
                    case SUB -> new SubOp(in, outs);
                    case MUL -> new MulOp(in, outs);
                    case DIV -> new DivOp(in, outs);
                    case MAXIMUM -> new Max(in, outs);
                    case POW -> pow(a, b, z);
                    default -> throw new IllegalArgumentException(op + " is not a binary op");
                };
        Nd4j.exec(kernel);
        return z;
    }

    private static CustomOp pow(INDArray a, INDArray b, INDArray z) {
        Pow pow = new Pow(a, b);
        pow.addOutputArgument(z);
        return pow;
    }

    /**
     * Picks {@code a} where {@code condition != 0}, else {@code b}; ND4J's {@code select} needs a
     * boolean condition and three operands of one shape, so they are broadcast first.
     */
    static INDArray where(INDArray condition, INDArray a, INDArray b, Shape out, DType dtype) {
        List<INDArray> temps = new ArrayList<>();
        try {
            INDArray zero = track(temps, Nd4j.scalar(condition.dataType(), 0.0));
            INDArray mask =
                    track(temps, Nd4j.createUninitialized(DataType.BOOL, condition.shape(), 'c'));
            Nd4j.exec(new NotEqualTo(new INDArray[] {condition, zero}, new INDArray[] {mask}));
            INDArray z = Nd4jArrays.uninitialized(out, dtype);
            INDArray[] in = {
                expanded(mask, out, temps), expanded(a, out, temps), expanded(b, out, temps)
            };
            Nd4j.exec(new Select(in, new INDArray[] {z}));
            return z;
        } finally {
            temps.forEach(INDArray::close);
        }
    }

    private static INDArray expanded(INDArray x, Shape out, List<INDArray> temps) {
        return Arrays.equals(x.shape(), out.toLongArray())
                ? x
                : track(temps, Nd4jArrays.broadcastTo(x, out));
    }

    private static INDArray track(List<INDArray> temps, INDArray x) {
        temps.add(x);
        return x;
    }
}
