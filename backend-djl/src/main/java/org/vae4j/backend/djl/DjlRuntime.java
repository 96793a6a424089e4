package org.vae4j.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.api.Availability;
import org.vae4j.api.tensor.Device;
import org.vae4j.host.OpenBlasKernels;

/**
 * DJL's PyTorch engine as loaded in this JVM: loading happens once, on the first {@link
 * #availability()}, and its outcome is kept. Before DJL is touched, DJL is put in offline mode
 * unless the user chose otherwise ({@code -Dai.djl.offline} or {@code DJL_OFFLINE}), so that it
 * never downloads libtorch nor calls home: libtorch comes from the {@code pytorch-native-cpu} jar
 * on the class path, extracted once to DJL's cache ({@code ~/.djl.ai}, or {@code DJL_CACHE_DIR}).
 *
 * <p>PyTorch's intra-op threads (OpenMP, which its MKL shares) default to 1 on machines with two
 * cores or fewer: there two spinning OpenMP threads stall whenever anything else (the JVM's own
 * threads, another build) takes a core, and a matrix product ran 10 to 20 times slower than on one
 * thread. {@code -Dai.djl.pytorch.num_threads=N}, {@code OMP_NUM_THREADS} or {@code
 * MKL_NUM_THREADS} override this default. Large convolutions (and PyTorch's products, when chosen
 * over {@link DjlBlas}) run on every core ({@link DjlThreads}). Loading also keeps libtorch's freed
 * memory in the process ({@link NativeHeap}) and lets its OpenMP threads sleep between parallel
 * regions ({@link OpenMpWait}).
 */
final class DjlRuntime {
    /** DJL's name of the PyTorch engine. */
    static final String ENGINE = "PyTorch";

    private static final String OFFLINE_PROPERTY = "ai.djl.offline";
    private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    /** The most cores on which the default of one intra-op thread applies. */
    private static final int FEW_CORES = 2;

    /** {@code <version>[-<build date>]-<flavor>-<os>-<arch>}, the name of libtorch's cache dir. */
    private static final Pattern LIBTORCH_DIR =
            Pattern.compile("[0-9.]+(?:-[0-9]{8})?-(.+)-([a-z]+-[a-z0-9_]+)");

    private final Engine engine;
    private final List<Device> devices;
    private final int intraOpThreads;
    private final String threadsSource;
    private final DjlThreads threads;
    private final String heap;
    private final String openMpWait;

    private DjlRuntime(
            Engine engine,
            List<Device> devices,
            int intraOpThreads,
            String threadsSource,
            DjlThreads threads,
            String heap,
            String openMpWait) {
        this.engine = engine;
        this.devices = List.copyOf(devices);
        this.intraOpThreads = intraOpThreads;
        this.threadsSource = threadsSource;
        this.threads = threads;
        this.heap = heap;
        this.openMpWait = openMpWait;
    }

    /** Loads PyTorch on the first call, never throwing, and returns whether it worked. */
    static Availability availability() {
        return Loaded.AVAILABILITY;
    }

    /** Returns the loaded runtime; only after {@link #availability()} said it is available. */
    static DjlRuntime get() {
        if (Loaded.RUNTIME == null) {
            throw new IllegalStateException("PyTorch is not available: " + availability().reason());
        }
        return Loaded.RUNTIME;
    }

    /** Returns DJL's PyTorch engine. */
    Engine engine() {
        return engine;
    }

    /** Returns {@code cpu}, then {@code cuda:0..N-1} for each GPU a CUDA build of libtorch sees. */
    List<Device> devices() {
        return devices;
    }

    /** Returns whether the loaded libtorch is a CUDA build. */
    boolean cuda() {
        return devices.size() > 1;
    }

    /** Returns the thread count of each op by its work: the backends' default policy. */
    DjlThreads threads() {
        return threads;
    }

    /**
     * Applies the intra-op thread count {@code n} to the calling thread where it differs. PyTorch
     * keeps the OpenMP and MKL thread counts per thread: a thread that never ran a parallel op
     * would give MKL its own default, and with ND4J loaded into the same process the count of the
     * thread that loaded the backends reads the number of cores again after it was set here. One
     * native read per op keeps the setting.
     */
    static void prepareThread(int n) {
        if (JniUtils.getNumThreads() != n) {
            JniUtils.setNumThreads(n);
        }
    }

    /**
     * Adds versions, the native build, threads and devices to {@code info}; the thread count is the
     * calling thread's after {@link #prepareThread}, the one its ops run with.
     */
    void describe(Map<String, String> info) {
        prepareThread(intraOpThreads);
        info.put("djl.version", String.valueOf(Engine.getDjlVersion()));
        info.put("pytorch.version", engine.getVersion());
        String library = LibUtils.getLibtorchPath();
        Matcher m = LIBTORCH_DIR.matcher(Path.of(library).getFileName().toString());
        info.put("native.build", m.matches() ? m.group(1) : "unknown");
        info.put("native.classifier", m.matches() ? m.group(2) : "unknown");
        info.put("native.library", library);
        info.put("pytorch.features", String.join(",", new TreeSet<>(JniUtils.getFeatures())));
        info.put("intraop.threads", String.valueOf(JniUtils.getNumThreads()));
        info.put("intraop.threads.source", threadsSource);
        info.put(
                "intraop.threads.products",
                threads.productThreads()
                        + " from "
                        + threads.productWorkAbove()
                        + " multiply-adds (-D"
                        + DjlThreads.PRODUCT_THREADS_PROPERTY
                        + ", -D"
                        + DjlThreads.PRODUCT_WORK_PROPERTY
                        + ")");
        info.put("interop.threads", String.valueOf(JniUtils.getNumInteropThreads()));
        info.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        info.put("malloc", heap);
        info.put("openmp.wait", openMpWait);
        info.put("blas.coretype", openBlasKernels());
        info.put("djl.offline", String.valueOf(Utils.isOfflineMode()));
        info.put("djl.cache", Utils.getEngineCacheDir("pytorch").toString());
        info.put("cuda", String.valueOf(cuda()));
        if (cuda()) {
            info.put("cuda.devices", String.valueOf(devices.size() - 1));
        }
    }

    /** OpenBLAS's kernels for this process ({@link OpenBlasKernels}), chosen on the first call. */
    private static String openBlasKernels() {
        return OpenBlasKernels.choose((name, value) -> OpenMpWait.setenv().test(name, value));
    }

    /** The outcome of loading PyTorch, computed once by class initialisation. */
    private static final class Loaded {
        private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);

        static final DjlRuntime RUNTIME;
        static final Availability AVAILABILITY;

        static {
            DjlRuntime runtime = null;
            Availability availability;
            try {
                runtime = load();
                availability = Availability.ok();
            } catch (Throwable t) { // LinkageError, ExceptionInInitializerError, EngineException
                availability =
                        Availability.unavailable(
                                "PyTorch did not load through DJL ("
                                        + oneLine(t)
                                        + "); put ai.djl.pytorch:pytorch-native-cpu with this"
                                        + " platform's classifier (for example linux-x86_64) on"
                                        + " the class path, or let DJL download libtorch with"
                                        + " -Dai.djl.offline=false");
            }
            RUNTIME = runtime;
            AVAILABILITY = availability;
            if (runtime == null) {
                LOG.info("PyTorch is not available through DJL: {}", availability.reason());
            } else {
                LOG.info(
                        "Loaded PyTorch {} through DJL {}: {} intra-op threads ({}), devices {}",
                        runtime.engine.getVersion(),
                        Engine.getDjlVersion(),
                        runtime.intraOpThreads,
                        runtime.threadsSource,
                        runtime.devices);
            }
        }

        private static DjlRuntime load() {
            if (System.getProperty(OFFLINE_PROPERTY) == null
                    && System.getenv("DJL_OFFLINE") == null) {
                System.setProperty(OFFLINE_PROPERTY, "true");
            }
            String openMpWait = OpenMpWait.makePassive(); // before libtorch loads
            openBlasKernels(); // before OpenBLAS loads (DjlBlas)
            Engine engine = Engine.getEngine(ENGINE);
            int threads;
            String source;
            if (System.getProperty(THREADS_PROPERTY) != null) {
                threads = JniUtils.getNumThreads();
                source = "-D" + THREADS_PROPERTY;
            } else if (System.getenv("OMP_NUM_THREADS") != null
                    || System.getenv("MKL_NUM_THREADS") != null) {
                threads = JniUtils.getNumThreads();
                source = "OMP_NUM_THREADS/MKL_NUM_THREADS";
            } else if (Runtime.getRuntime().availableProcessors() <= FEW_CORES) {
                threads = 1;
                source = "vae4j default: 1 on " + FEW_CORES + " cores or fewer";
            } else {
                threads = JniUtils.getNumThreads();
                source = "PyTorch default";
            }
            JniUtils.setNumThreads(threads);
            boolean chosen =
                    !source.startsWith("vae4j default") && !source.equals("PyTorch default");
            List<Device> devices = new ArrayList<>();
            devices.add(Device.CPU);
            for (int i = 0; i < engine.getGpuCount(); i++) {
                devices.add(Device.cuda(i));
            }
            return new DjlRuntime(
                    engine,
                    devices,
                    threads,
                    source,
                    DjlThreads.of(threads, chosen),
                    NativeHeap.retain(),
                    openMpWait);
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
