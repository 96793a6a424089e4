package org.vae4j.testkit.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.vae4j.api.ops.Op;
import org.vae4j.api.tensor.DType;
import org.vae4j.api.tensor.Shape;

/** The shapes and op lists the groups' parameter sources combine. */
final class Cases {
    /** Elementwise shapes: a scalar, size-1 axes, empty axes, and ranks 1 to 4. */
    static final List<Shape> SHAPES =
            List.of(
                    Shape.scalar(),
                    Shape.of(1),
                    Shape.of(0),
                    Shape.of(7),
                    Shape.of(3, 1),
                    Shape.of(4, 5),
                    Shape.of(2, 0, 3),
                    Shape.of(2, 3, 4),
                    Shape.of(2, 1, 3, 2));

    private Cases() {}

    /** Returns the ops of one kind, in declaration order. */
    static List<Op> ops(Op.Kind kind) {
        return Arrays.stream(Op.values()).filter(op -> op.kind() == kind).toList();
    }

    /** Returns every combination of an op of {@code kind}, a shape and a dtype. */
    static Stream<Arguments> opsShapesDTypes(Op.Kind kind, List<Shape> shapes) {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : ops(kind)) {
            for (Shape s : shapes) {
                for (DType d : DType.values()) {
                    cases.add(Arguments.of(op, s, d));
                }
            }
        }
        return cases.stream();
    }

    /** Returns each case once per dtype, the dtype appended as the last argument. */
    static Stream<Arguments> withDTypes(List<Arguments> cases) {
        List<Arguments> out = new ArrayList<>();
        for (Arguments c : cases) {
            for (DType d : DType.values()) {
                Object[] args = Arrays.copyOf(c.get(), c.get().length + 1, Object[].class);
                args[args.length - 1] = d;
                out.add(Arguments.of(args));
            }
        }
        return out.stream();
    }
}
