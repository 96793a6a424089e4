/**
 * Datasets for training: {@link org.vae4j.core.data.IdxReader} decodes IDX files (plain or
 * gzipped), {@link org.vae4j.core.data.Mnist} loads and verifies the MNIST copy, {@link
 * org.vae4j.core.data.ImageData} loads images of any {@link org.vae4j.core.data.ImageShape} from a
 * folder of IDX files, {@code .npy} arrays or PNG and JPEG files, {@link
 * org.vae4j.core.data.Dataset} holds rows and turns index sets into batches, {@link
 * org.vae4j.core.data.Batching} splits an epoch into seeded index batches, and {@link
 * org.vae4j.core.data.Binarization} turns grey pixels into 0/1 values. Every problem with a file is
 * a {@link org.vae4j.core.data.DataFormatException} whose message is one line naming the file, what
 * is wrong and how to fix it.
 */
package org.vae4j.core.data;
