package org.vae4j.spark;

/** Which images of a folder {@link VaeSpark#readImages} reads. */
public enum ImageSplit {
    /** The training images ({@code train-images-*}, five files in six of an image folder). */
    TRAIN,
    /** The test images ({@code t10k-images-*}, {@code test-images.npy}, one file in six). */
    TEST
}
