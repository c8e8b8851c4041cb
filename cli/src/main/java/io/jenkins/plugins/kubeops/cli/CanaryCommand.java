package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisPolicy;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisRound;
import io.jenkins.plugins.kubeops.engine.canary.AnalysisTargets;
import io.jenkins.plugins.kubeops.engine.canary.CanaryAnalysis;
import io.jenkins.plugins.kubeops.engine.canary.CanaryService;
import io.jenkins.plugins.kubeops.engine.canary.CanarySpec;
import io.jenkins.plugins.kubeops.engine.canary.CanarySpecParser;
import io.jenkins.plugins.kubeops.engine.canary.CanaryState;
import io.jenkins.plugins.kubeops.engine.canary.CanaryStepper;
import io.jenkins.plugins.kubeops.engine.canary.MetricResult;
import io.jenkins.plugins.kubeops.engine.canary.MetricSpec;
import io.jenkins.plugins.kubeops.engine.canary.PrometheusCanaryAnalysis;
import io.jenkins.plugins.kubeops.engine.canary.PrometheusClient;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kube-ops canary start|status|promote|abort|resume}: a Deployment's new version takes traffic in steps, judged by its
 * metrics, and is promoted or rolled back. Progress (step, weight, each metric's value and verdict) goes to stderr as it
 * happens; the outcome to stdout. Exit code 0: promoted, paused for a person, or aborted on request; 1: rolled back or failed.
 */
@Command(name = "canary", mixinStandardHelpOptions = true,
        description = "Release a new version to a share of the traffic, judge it, promote or roll back.",
        subcommands = {CanaryCommand.Start.class, CanaryCommand.Status.class, CanaryCommand.Promote.class,
                CanaryCommand.Abort.class, CanaryCommand.Resume.class})
final class CanaryCommand {

    @ParentCommand
    KubeOpsCli root;

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a canary from a spec file and drive it.")
    static final class Start extends Base {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "SPEC", description = "Canary spec (YAML), see docs/canary.md.")
        Path file;

        @Override
        CanaryService.Report run(CanaryService service, Progress progress) {
            CanarySpec spec = CanarySpecParser.fromYaml(file.toString(), read(file), connection.namespace());
            return service.start(spec, holder(), progress);
        }

        @Override
        String namespace() {
            return "";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Continue a canary whose driver stopped (killed CLI, restarted Jenkins) from its state in the cluster.")
    static final class Resume extends Named {
        @Override
        CanaryService.Report run(CanaryService service, Progress progress) {
            return service.resume(namespace(), deployment, holder(), progress);
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Continue a paused canary (past 'pause: {}' or an inconclusive analysis); --full promotes now.")
    static final class Promote extends Named {
        @Option(names = "--full", description = "Skip the remaining steps: the stable Deployment takes the new version now.")
        boolean full;

        @Override
        CanaryService.Report run(CanaryService service, Progress progress) {
            return service.promote(namespace(), deployment, full, holder(), progress);
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Roll a canary back: traffic to stable at once, the canary removed, the failure recorded.")
    static final class Abort extends Named {
        @Option(names = "--reason", defaultValue = "aborted by a person", description = "Recorded with the canary (default: ${DEFAULT-VALUE}).")
        String reason;

        @Override
        CanaryService.Report run(CanaryService service, Progress progress) {
            return service.abort(namespace(), deployment, reason, holder(), progress);
        }

        @Override
        int exitCode(CanaryService.Report report) {
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Where a canary stands: step, weight, pods, results.")
    static final class Status extends Named {
        @Override
        CanaryService.Report run(CanaryService service, Progress progress) {
            return service.status(namespace(), deployment).orElseThrow(() -> new KubeOpsException("Deployment " + namespace()
                    + "/" + deployment + " has no canary: check the name and -n, or start one with 'kube-ops canary start -f SPEC'."));
        }

        @Override
        int exitCode(CanaryService.Report report) {
            return 0;
        }
    }

    /** Commands on an existing canary, named by its Deployment. */
    abstract static class Named extends Base {
        @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The Deployment whose canary this is.")
        String deployment;

        @Override
        String namespace() {
            return connection.namespace().orElseThrow(() -> new KubeOpsException(
                    "canary commands need the Deployment's namespace: pass -n NAMESPACE."));
        }
    }

    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        CanaryCommand parent;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus the analysis queries, e.g. http://127.0.0.1:9090.")
        String prometheus;

        @Option(names = "--prometheus-token-file", paramLabel = "FILE", description = "Bearer token for Prometheus, read from this file.")
        Path prometheusTokenFile;

        @Option(names = "--prometheus-timeout", paramLabel = "DURATION", defaultValue = "10s",
                description = "Limit for each Prometheus request (default: ${DEFAULT-VALUE}).")
        String prometheusTimeout;

        CanaryAnalysis analysis() {
            if (prometheus == null || prometheus.isBlank()) {
                return CanaryCommand::unmeasured;
            }
            PrometheusClient.Auth auth = prometheusTokenFile == null ? PrometheusClient.Auth.none()
                    : PrometheusClient.Auth.bearer(Secret.of(read(prometheusTokenFile).trim()));
            Duration timeout = Durations.parse("--prometheus-timeout", prometheusTimeout);
            URI address;
            try {
                address = URI.create(prometheus.trim());
            } catch (IllegalArgumentException e) {
                throw new KubeOpsException("--prometheus '" + prometheus + "' is not a URL: use e.g. http://127.0.0.1:9090.", e);
            }
            return new PrometheusCanaryAnalysis(new PrometheusClient(address, timeout, auth), AnalysisPolicy.DEFAULT_INTERVAL);
        }

        abstract CanaryService.Report run(CanaryService service, Progress progress);

        abstract String namespace();

        int exitCode(CanaryService.Report report) {
            return report.state().phase() == CanaryState.Phase.ABORTED ? 1 : 0;
        }

        @Override
        public Integer call() {
            CliContext context = parent.root.context;
            Progress progress = line -> context.err().println(LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + " " + line);
            try (KubernetesClient client = new KubernetesClientFactory(connection.timeouts()).create(context.connect(connection))) {
                CanaryService service = new CanaryService(client, analysis(), Clock.systemUTC());
                CanaryService.Report report = run(service, progress);
                print(context, report);
                return exitCode(report);
            }
        }
    }

    static void print(CliContext context, CanaryService.Report report) {
        CanarySpec spec = report.spec();
        CanaryState state = report.state();
        context.out().println("canary of " + spec.target() + ": " + CanaryStepper.describe(spec, state));
        context.out().println("router: " + spec.router().describe() + (spec.baseline() ? ", with a baseline" : ""));
        context.out().println("pods: stable " + report.pods().stable() + ", canary " + report.pods().canary()
                + (spec.baseline() ? ", baseline " + report.pods().baseline() : ""));
        context.out().println("started: " + state.startedAt());
        state.paused().ifPresent(reason -> context.out().println("paused: " + reason.message()));
        state.outcome().ifPresent(outcome -> context.out().println(state.phase().name().toLowerCase(Locale.ROOT) + ": " + outcome));
        if (!state.results().isEmpty()) {
            context.out().println("results:");
            state.results().forEach(line -> context.out().println("  " + line));
        }
    }

    static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return "kube-ops CLI " + System.getProperty("user.name") + "@" + host + " (pid " + ManagementFactory.getRuntimeMXBean().getPid() + ")";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new KubeOpsException("cannot read canary spec '" + file + "' (" + e.getMessage() + "): check the path.", e);
        }
    }

    /** Without --prometheus every round is an error, so an analysis rolls the canary back rather than pass it blind. */
    private static AnalysisRound unmeasured(List<MetricSpec> metrics, AnalysisTargets targets, Instant now) {
        return new AnalysisRound(now, metrics.stream().map(metric -> MetricResult.error(metric.name(),
                "no Prometheus to measure it: pass --prometheus URL")).toList());
    }
}
