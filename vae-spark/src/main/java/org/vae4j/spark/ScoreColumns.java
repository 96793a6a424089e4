package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.vae4j.core.eval.ExampleScore;

/**
 * The columns {@link VaeSpark#score} writes: {@code id}, {@code mu}, {@code log_var}, {@code elbo},
 * {@code reconstruction}, {@code kl} and, when importance samples were asked for, {@code
 * log_likelihood}.
 */
final class ScoreColumns {
    private ScoreColumns() {}

    /** Returns the output's schema, {@code id} of the input's id type. */
    static StructType schema(DataType idType, boolean logLikelihood) {
        DataType vector = DataTypes.createArrayType(DataTypes.DoubleType, false);
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", idType, false));
        fields.add(DataTypes.createStructField("mu", vector, false));
        fields.add(DataTypes.createStructField("log_var", vector, false));
        fields.add(DataTypes.createStructField("elbo", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("reconstruction", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("kl", DataTypes.DoubleType, false));
        if (logLikelihood) {
            fields.add(DataTypes.createStructField("log_likelihood", DataTypes.DoubleType, false));
        }
        return DataTypes.createStructType(fields);
    }

    /** Returns one output row, in the order of {@link #schema}. */
    static Row row(Object id, ExampleScore score, boolean logLikelihood) {
        Object[] values = {
            id,
            score.mu(),
            score.logVar(),
            score.elbo(),
            score.reconstruction(),
            score.kl(),
            score.logLikelihood()
        };
        return RowFactory.create(logLikelihood ? values : Arrays.copyOf(values, values.length - 1));
    }
}
