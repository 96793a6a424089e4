/**
 * vae4j on Apache Spark: {@link org.vae4j.spark.VaeSpark} scores a trained model over a Spark
 * {@code Dataset<Row>}, each row with random draws from its own key, so that the numbers are the
 * same for any partitioning and equal those of one machine.
 */
package org.vae4j.spark;
