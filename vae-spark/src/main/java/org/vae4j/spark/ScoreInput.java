package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input of a scoring job, checked on the driver against the options and the model, and narrowed
 * to the columns {@code (id, features)} or {@code (id, features, label)}, in that order.
 *
 * @param rows the narrowed rows
 * @param idType the id column's type, which the output's {@code id} column keeps
 * @param bytes whether the features are unsigned bytes rather than floats
 */
record ScoreInput(Dataset<Row> rows, DataType idType, boolean bytes) {

    /**
     * Checks and narrows {@code input} as {@code options} name its columns.
     *
     * @param features the number of values per row the model takes
     * @param labelled whether the model is conditional, so that rows need labels
     * @throws IllegalArgumentException if a column is missing or has a type that cannot be scored
     */
    static ScoreInput of(
            SparkSession spark,
            Dataset<Row> input,
            ScoreOptions options,
            int features,
            boolean labelled) {
        return of(
                spark,
                input,
                new Columns(
                        "ScoreOptions",
                        options.featureColumn(),
                        options.idColumn(),
                        options.labelColumn()),
                features,
                labelled);
    }

    /**
     * The columns an input is read from.
     *
     * @param settings the class whose methods name them, for messages
     * @param feature the values
     * @param id the ids, or null to key rows by position
     * @param label the labels, read for a conditional model
     */
    record Columns(String settings, String feature, String id, String label) {}

    /**
     * Checks and narrows {@code input}.
     *
     * @param features the number of values per row the model takes
     * @param labelled whether the model is conditional, so that rows need labels
     * @throws IllegalArgumentException if a column is missing or has a type that cannot be read
     */
    static ScoreInput of(
            SparkSession spark,
            Dataset<Row> input,
            Columns options,
            int features,
            boolean labelled) {
        StructType schema = input.schema();
        DataType featureType =
                column(
                        options.settings(),
                        schema,
                        options.feature(),
                        "withFeatureColumn",
                        type -> type.equals(DataTypes.BinaryType) || isFloatArray(type),
                        "the model takes array<float>, array<double> or binary of "
                                + features
                                + " values per row");
        List<Column> columns = new ArrayList<>(List.of(functions.col(options.feature())));
        if (labelled) {
            column(
                    options.settings(),
                    schema,
                    options.label(),
                    "withLabelColumn",
                    RowKeys::isInteger,
                    "a conditional model's labels are integer classes");
            columns.add(functions.col(options.label()));
        }
        boolean bytes = featureType.equals(DataTypes.BinaryType);
        if (options.id() == null) {
            return new ScoreInput(
                    byPosition(spark, input.select(columns.toArray(Column[]::new))),
                    DataTypes.LongType,
                    bytes);
        }
        DataType idType =
                column(
                        options.settings(),
                        schema,
                        options.id(),
                        "withIdColumn (null keys by position)",
                        RowKeys::accepts,
                        "row ids are integers or strings; name another id column, or key rows by"
                                + " position with withIdColumn(null)");
        columns.add(0, functions.col(options.id()));
        return new ScoreInput(input.select(columns.toArray(Column[]::new)), idType, bytes);
    }

    /**
     * Returns the type of {@code column}, checking that the input has it ({@code option} names the
     * setting that chooses it) and that {@code fits} accepts its type ({@code expected} says what
     * does).
     */
    private static DataType column(
            String settings,
            StructType schema,
            String column,
            String option,
            Predicate<DataType> fits,
            String expected) {
        if (column == null || !Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(
                    "Column '"
                            + column
                            + "' is not in the input, whose columns are "
                            + Arrays.toString(schema.fieldNames())
                            + "; name the column with "
                            + settings
                            + "."
                            + option);
        }
        DataType type = schema.apply(column).dataType();
        if (!fits.test(type)) {
            throw new IllegalArgumentException(
                    "Column '" + column + "' is " + type.simpleString() + ", but " + expected);
        }
        return type;
    }

    private static boolean isFloatArray(DataType type) {
        return type instanceof ArrayType a
                && (a.elementType().equals(DataTypes.FloatType)
                        || a.elementType().equals(DataTypes.DoubleType));
    }

    /** Prepends each row's position in the input as a {@code long} id. */
    private static Dataset<Row> byPosition(SparkSession spark, Dataset<Row> rows) {
        JavaRDD<Row> keyed =
                rows.javaRDD()
                        .zipWithIndex()
                        .map(
                                pair -> {
                                    Row row = pair._1();
                                    Object[] values = new Object[row.size() + 1];
                                    values[0] = pair._2();
                                    for (int i = 0; i < row.size(); i++) {
                                        values[i + 1] = row.get(i);
                                    }
                                    return RowFactory.create(values);
                                });
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        fields.addAll(Arrays.asList(rows.schema().fields()));
        return spark.createDataFrame(keyed, DataTypes.createStructType(fields));
    }
}
