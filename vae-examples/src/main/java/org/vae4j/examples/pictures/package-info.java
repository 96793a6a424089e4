/**
 * Pictures for reports, drawn with the JDK alone ({@link java.awt.image.BufferedImage} and {@link
 * javax.imageio}), so they work headless: {@link org.vae4j.examples.pictures.ImageGrid} (digit
 * grids and reconstruction pairs), {@link org.vae4j.examples.pictures.LineChart} (loss curves) and
 * {@link org.vae4j.examples.pictures.Manifold} (latent points for a 2-D manifold plot).
 *
 * <p>Renderers return images and never write files; {@link
 * org.vae4j.examples.pictures.Png#writePng} encodes one to a stream, so the caller decides where
 * and how (for example atomically) the bytes land.
 */
package org.vae4j.examples.pictures;
