package org.vae4j.backend.nd4j;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Availability;
import org.vae4j.api.tensor.Device;
import org.vae4j.host.OpenBlasKernels;

/**
 * ND4J as loaded in this JVM: loading happens once, on the first {@link #availability()}, and its
 * outcome is kept. Holds what does not change afterwards (CPU or CUDA build, the devices) and reads
 * the facts that {@code Backend.info()} reports.
 */
final class Nd4jRuntime {
    private static final String VERSION_RESOURCE =
            "/META-INF/maven/org.nd4j/nd4j-api/pom.properties";

    /** The most cores on which ND4J's OpenMP loops default to one thread. */
    private static final int SMALL_MACHINE_CORES = 2;

    private final boolean cuda;
    private final List<Device> devices;
    private final Nd4jHostWork hostWork;

    private Nd4jRuntime(boolean cuda, List<Device> devices, Nd4jHostWork hostWork) {
        this.cuda = cuda;
        this.devices = List.copyOf(devices);
        this.hostWork = hostWork;
    }

    /** Loads ND4J on the first call, never throwing, and returns whether it worked. */
    static Availability availability() {
        return Loaded.AVAILABILITY;
    }

    /** Returns the loaded runtime; only after {@link #availability()} said it is available. */
    static Nd4jRuntime get() {
        if (Loaded.RUNTIME == null) {
            throw new IllegalStateException("ND4J is not available: " + availability().reason());
        }
        return Loaded.RUNTIME;
    }

    /** Returns whether the loaded ND4J backend is the CUDA build. */
    boolean cuda() {
        return cuda;
    }

    /** Returns how host work is spread over cores by default, from the thread settings found. */
    Nd4jHostWork hostWork() {
        return hostWork;
    }

    /** Returns {@code cpu}, or {@code cuda:0..N-1} on the CUDA build. */
    List<Device> devices() {
        return devices;
    }

    /** Returns the bytes of native buffers ND4J holds on the CPU, or -1 on the CUDA build. */
    long nativeBytes() {
        return cuda ? -1 : Nd4j.getEnvironment().getDeviceCouner(0);
    }

    /** Adds the version, native build, BLAS and thread facts to {@code info}. */
    void describe(Map<String, String> info) {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        info.put("nd4j.version", version());
        info.put("nd4j.backend", Nd4j.getBackend().getClass().getName());
        info.put("native.build", Nd4jNativeBuild.loaded(cuda));
        info.put("native.classifier", Nd4jNativeBuild.loadedClassifier());
        if (!cuda) {
            info.put("cpu.best.build", Nd4jNativeBuild.bestForThisCpu());
        }
        info.put("blas.vendor", String.valueOf(env.getOrDefault("blas.vendor", "unknown")));
        info.put("blas.threads", String.valueOf(env.getOrDefault("blas.threads", "unknown")));
        info.put("blas.coretype", OpenBlasKernels.choose(Loaded::setenv));
        info.put("omp.threads", String.valueOf(Nd4j.getEnvironment().maxThreads()));
        info.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        info.put("cuda", String.valueOf(cuda));
        if (cuda) {
            info.put("cuda.devices", String.valueOf(devices.size()));
        }
    }

    private static String version() {
        try (InputStream in = Nd4j.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The outcome of loading ND4J, computed once by class initialisation. */
    private static final class Loaded {
        private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

        private static final Logger LOG = LoggerFactory.getLogger(Nd4jRuntime.class);

        static final Nd4jRuntime RUNTIME;
        static final Availability AVAILABILITY;

        static {
            Nd4jRuntime runtime = null;
            Availability availability;
            try {
                OpenBlasKernels.choose(Loaded::setenv); // before OpenBLAS loads
                skipResidentSizeChecks();
                String mismatch = Nd4jNativeBuild.cpuMismatch();
                if (mismatch == null) {
                    runtime = load();
                    availability = Availability.ok();
                } else {
                    availability = Availability.unavailable(mismatch);
                }
            } catch (Throwable t) { // LinkageError, ExceptionInInitializerError, RuntimeException
                availability =
                        Availability.unavailable(
                                "ND4J did not load ("
                                        + oneLine(t)
                                        + "); put nd4j-native, or nd4j-cuda, with this platform's"
                                        + " classifier (for example linux-x86_64) on the class"
                                        + " path");
            }
            RUNTIME = runtime;
            AVAILABILITY = availability;
            if (runtime == null) {
                LOG.info("ND4J is not available: {}", availability.reason());
            } else if (LOG.isInfoEnabled()) {
                LOG.info(
                        "Loaded ND4J {} ({} build, {}): {} OpenMP and {} BLAS threads on {} cores;"
                                + " host work: {}",
                        version(),
                        Nd4jNativeBuild.loaded(runtime.cuda),
                        Nd4jNativeBuild.loadedClassifier(),
                        Nd4j.getEnvironment().maxThreads(),
                        Nd4j.factory().blas().getMaxThreads(),
                        Runtime.getRuntime().availableProcessors(),
                        runtime.hostWork.describe());
            }
        }

        /**
         * Turns off JavaCPP's resident-size check unless the user set it: by default every native
         * allocation reads the process's resident size from {@code /proc} (to call {@code
         * System.gc()} past twice the heap limit), which made allocating and freeing a small array
         * cost tens of microseconds, and a training step allocates hundreds. vae4j frees native
         * memory through scopes; JavaCPP's other limit, on the bytes it tracks, stays in force.
         * Must run before JavaCPP's {@code Pointer} class initialises.
         */
        private static void skipResidentSizeChecks() {
            if (System.getProperty(MAX_PHYSICAL_BYTES) == null
                    && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase(Locale.ROOT)) == null) {
                System.setProperty(MAX_PHYSICAL_BYTES, "0");
            }
        }

        /** The C library's {@code setenv(name, value, 0)}; returns whether it succeeded. */
        private static boolean setenv(String name, String value) {
            Function f = NativeLibrary.getInstance("c").getFunction("setenv");
            return f.invokeInt(new Object[] {name, value, 0}) == 0;
        }

        private static Nd4jRuntime load() {
            Nd4j.create(1).close();
            boolean cuda = !Nd4j.getEnvironment().isCPU();
            if (!cuda) {
                limitOpenMpThreads();
                Nd4jArrayPool.shared().enable();
            }
            List<Device> devices = new ArrayList<>();
            if (cuda) {
                for (int i = 0; i < Nd4j.getAffinityManager().getNumberOfDevices(); i++) {
                    devices.add(Device.cuda(i));
                }
            } else {
                devices.add(Device.CPU);
            }
            Nd4jHostWork hostWork = Nd4jHostWork.defaults(Nd4j.factory().blas().getMaxThreads());
            return new Nd4jRuntime(cuda, devices, hostWork);
        }

        /**
         * On two cores or fewer, runs ND4J's OpenMP loops and OpenBLAS on one thread each, unless
         * {@code OMP_NUM_THREADS} says otherwise. Two spinning OpenMP threads plus two BLAS threads
         * oversubscribe such a machine: an MNIST epoch of the canonical VAE took 42.8 s with the
         * library's defaults, 27.7 s with one OpenMP thread and 17.7 s with one of each. {@code
         * OPENBLAS_NUM_THREADS}, when set, still chooses the BLAS threads.
         */
        private static void limitOpenMpThreads() {
            if (System.getenv("OMP_NUM_THREADS") == null
                    && Runtime.getRuntime().availableProcessors() <= SMALL_MACHINE_CORES) {
                Nd4j.getEnvironment().setMaxThreads(1);
                Nd4j.getEnvironment().setMaxMasterThreads(1);
                Nd4j.factory().blas().setMaxThreads(blasThreads());
            }
        }

        private static int blasThreads() {
            String given = System.getenv("OPENBLAS_NUM_THREADS");
            try {
                return given == null ? 1 : Math.max(1, Integer.parseInt(given.strip()));
            } catch (NumberFormatException e) {
                return 1;
            }
        }

        private static String oneLine(Throwable t) {
            StringBuilder b = new StringBuilder();
            for (Throwable c = t; c != null && b.length() < 500; c = c.getCause()) {
                if (b.length() > 0) {
                    b.append(" <- ");
                }
                b.append(c.getClass().getSimpleName());
                if (c.getMessage() != null) {
                    b.append(": ").append(c.getMessage());
                }
                if (c.getCause() == c) {
                    break;
                }
            }
            return b.toString().replaceAll("\\s+", " ");
        }
    }
}
