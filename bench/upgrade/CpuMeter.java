import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a run cost the machine, read from /proc (Linux): the share of all cores busy, the CPU seconds of the local control
 * plane's processes (kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kwok) and of this JVM (the engine and
 * the watcher). Tells a run bound by the tool's pace from one bound by the machine: when the cores are busy the whole run,
 * a faster pipeline only queues more work for the same processes.
 */
final class CpuMeter {

    /** The process names (/proc/PID/comm, at most 15 characters) of the local control plane. */
    private static final Set<String> CONTROL_PLANE = Set.of("kube-apiserver", "etcd", "kube-controller", "kube-scheduler",
            "kwok-controller");
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** CPU use between two readings. */
    record Use(double wallSeconds, double busyShare, double controlPlaneSeconds, double benchJvmSeconds, int cores) {
    }

    private final long startNanos = System.nanoTime();
    private final long[] machineStart = machine();
    private final double controlPlaneStart = controlPlane();
    private final double jvmStart = jvm();

    /** The use since this meter was made. */
    Use since() {
        long[] machine = machine();
        double busy = machine[1] - machineStart[1];
        double total = machine[0] - machineStart[0];
        return new Use((System.nanoTime() - startNanos) / 1e9, total == 0 ? 0 : busy / total,
                controlPlane() - controlPlaneStart, jvm() - jvmStart, Runtime.getRuntime().availableProcessors());
    }

    /** {total ticks, busy ticks} of all cores, from the first line of /proc/stat. */
    private static long[] machine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** CPU seconds (user + system) used so far by the running control-plane processes. */
    private static double controlPlane() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToDouble(CpuMeter::controlPlaneSeconds).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double controlPlaneSeconds(Path process) {
        try {
            if (!CONTROL_PLANE.contains(Files.readString(process.resolve("comm")).trim())) {
                return 0;
            }
            String stat = Files.readString(process.resolve("stat"));
            List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
            return (Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0; // gone meanwhile
        }
    }

    private static double jvm() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
