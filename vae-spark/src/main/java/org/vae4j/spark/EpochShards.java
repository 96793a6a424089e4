package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * One epoch's rows cut into the workers' shards, as a pure function of the epoch's order: the row
 * at place {@code k} of the order goes to worker {@code w} with {@code start(w) <= k < start(w +
 * 1)}, {@code start(w) = floor(w * n / workers)}, and each shard keeps the order's sequence. One
 * worker's shard is the whole order, so it trains on the batches one machine does.
 *
 * @param shards one {@link Shard} per partition, partition {@code w} holding worker {@code w}'s
 *     rows, kept in the executors' memory (spilling to disk) until {@link #release released}
 * @param places the broadcast place of every row in the order
 */
record EpochShards(JavaRDD<Shard> shards, Broadcast<int[]> places) {
    /**
     * Cuts the rows as {@code order} says.
     *
     * @param order the epoch's permutation of the row indices
     */
    static EpochShards of(
            JavaSparkContext jsc,
            JavaRDD<IndexedRow> rows,
            int[] order,
            int workers,
            int features) {
        int n = order.length;
        int[] place = new int[n];
        for (int k = 0; k < n; k++) {
            place[order[k]] = k;
        }
        Broadcast<int[]> places = jsc.broadcast(place);
        JavaRDD<Shard> shards =
                rows.mapToPair(
                                row -> {
                                    int k = places.value()[(int) row.index()];
                                    return new Tuple2<>(
                                            worker(k, n, workers), new Tuple2<>(k, row));
                                })
                        .partitionBy(new HashPartitioner(workers))
                        .mapPartitionsWithIndex(
                                (w, it) -> List.of(pack(w, it, features)).iterator(), true)
                        .persist(StorageLevel.MEMORY_AND_DISK());
        return new EpochShards(shards, places);
    }

    /** Frees the shards and the broadcast places. */
    void release() {
        shards.unpersist(false);
        places.destroy();
    }

    /** Returns the worker of place {@code k}: the largest {@code w} with {@code start(w) <= k}. */
    static int worker(int k, int n, int workers) {
        return (int) (((long) (k + 1) * workers - 1) / n);
    }

    /** Returns the number of rows of worker {@code w}'s shard. */
    static int size(int w, int n, int workers) {
        return start(w + 1, n, workers) - start(w, n, workers);
    }

    private static int start(int w, int n, int workers) {
        return (int) ((long) w * n / workers);
    }

    private static Shard pack(
            int worker, Iterator<Tuple2<Integer, Tuple2<Integer, IndexedRow>>> rows, int features) {
        List<Tuple2<Integer, IndexedRow>> placed = new ArrayList<>();
        rows.forEachRemaining(r -> placed.add(r._2()));
        placed.sort(Comparator.comparingInt(Tuple2::_1));
        int size = placed.size();
        float[] values = new float[Math.multiplyExact(size, features)];
        int[] labels = size > 0 && placed.get(0)._2().label() >= 0 ? new int[size] : null;
        for (int i = 0; i < size; i++) {
            IndexedRow row = placed.get(i)._2();
            System.arraycopy(row.values(), 0, values, i * features, features);
            if (labels != null) {
                labels[i] = row.label();
            }
        }
        return new Shard(worker, size, features, values, labels);
    }
}
