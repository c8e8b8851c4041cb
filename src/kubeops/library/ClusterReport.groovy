package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * Judges the map returned by the kubeClusterInfo step against a pipeline's expectations (kubeClusterCheck). Pure: no steps,
 * so it is tested directly and runs outside the CPS interpreter.
 */
class ClusterReport implements Serializable {

    private static final long serialVersionUID = 1L

    /** The arguments kubeClusterCheck accepts, with what each means (shown when an unknown one is passed). */
    static final Map<String, String> ARGUMENTS = [
            cluster                  : 'name of a cluster configured in Manage Jenkins (required)',
            minReadyNodes            : 'fail when fewer nodes are Ready (default 1)',
            maxCpuRequestedPercent   : 'fail when more of the allocatable CPU is requested (default 100)',
            maxMemoryRequestedPercent: 'fail when more of the allocatable memory is requested (default 100)',
    ].asImmutable()

    final Map info
    final int minReadyNodes
    final double maxCpuPercent
    final double maxMemoryPercent

    ClusterReport(Map info, Map args) {
        this.info = info
        this.minReadyNodes = (args.minReadyNodes ?: 1) as int
        this.maxCpuPercent = (args.maxCpuRequestedPercent ?: 100) as double
        this.maxMemoryPercent = (args.maxMemoryRequestedPercent ?: 100) as double
    }

    /** Every problem with the arguments, each naming the value and the fix; empty when they are fine. */
    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { String unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        if (!(args.cluster instanceof CharSequence) || !args.cluster.toString().trim()) {
            errors << "cluster is required: pass cluster: 'NAME' with a cluster configured in Manage Jenkins > Kube Ops"
        }
        checkNumber(errors, args, 'minReadyNodes', 0, Integer.MAX_VALUE)
        checkNumber(errors, args, 'maxCpuRequestedPercent', 0, 100)
        checkNumber(errors, args, 'maxMemoryRequestedPercent', 0, 100)
        return errors
    }

    @NonCPS
    private static void checkNumber(List<String> errors, Map args, String name, Number min, Number max) {
        if (!args.containsKey(name)) {
            return
        }
        def value = args[name]
        if (!(value instanceof Number) || value < min || value > max) {
            errors << "${name}: '${value}' is not a number from ${min} to ${max}".toString()
        }
    }

    @NonCPS
    double cpuPercent() {
        percent(info.requestedCpuMillis as long, info.allocatableCpuMillis as long)
    }

    @NonCPS
    double memoryPercent() {
        percent(info.requestedMemoryBytes as long, info.allocatableMemoryBytes as long)
    }

    /** One line for the build log. */
    @NonCPS
    String summary() {
        String.format(Locale.ROOT, "cluster %s: %s, %d/%d nodes Ready, %d pods scheduled, %d pending, CPU %.1f%% requested, memory %.1f%% requested",
                info.cluster, info.serverVersion, info.readyNodes as int, info.nodes as int, info.scheduledPods as int,
                info.pendingPods as int, cpuPercent(), memoryPercent())
    }

    /** What is wrong with the cluster against the expectations; empty when it passes. */
    @NonCPS
    List<String> problems() {
        List<String> problems = []
        if ((info.readyNodes as int) < minReadyNodes) {
            problems << "has ${info.readyNodes} Ready nodes, fewer than minReadyNodes ${minReadyNodes}".toString()
        }
        if (cpuPercent() > maxCpuPercent) {
            problems << String.format(Locale.ROOT, "has %.1f%% of its CPU requested, more than maxCpuRequestedPercent %s",
                    cpuPercent(), maxCpuPercent as String)
        }
        if (memoryPercent() > maxMemoryPercent) {
            problems << String.format(Locale.ROOT, "has %.1f%% of its memory requested, more than maxMemoryRequestedPercent %s",
                    memoryPercent(), maxMemoryPercent as String)
        }
        return problems
    }

    @NonCPS
    private static double percent(long part, long whole) {
        whole == 0 ? 0d : 100d * part / whole
    }
}
