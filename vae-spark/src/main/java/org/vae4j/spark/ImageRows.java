package org.vae4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.vae4j.core.data.ImageData;

/**
 * Reads one split of an image folder on the driver, with vae-core's readers, into rows {@code (id,
 * features)} or {@code (id, features, label)}: the id is the image's index in the split, the
 * features its values as {@code vae eval} reads them.
 */
final class ImageRows {
    private ImageRows() {}

    static Dataset<Row> read(SparkSession spark, Path dir, ImageSplit split) {
        ImageData images = ImageData.load(dir);
        org.vae4j.core.data.Dataset data =
                split == ImageSplit.TEST ? images.test() : images.train();
        int[] labels = data.labels().orElse(null);
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        fields.add(
                DataTypes.createStructField(
                        "features", DataTypes.createArrayType(DataTypes.FloatType, false), false));
        if (labels != null) {
            fields.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        }
        List<Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            float[] x = data.gather(new int[] {i});
            rows.add(
                    labels == null
                            ? RowFactory.create((long) i, x)
                            : RowFactory.create((long) i, x, labels[i]));
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }
}
