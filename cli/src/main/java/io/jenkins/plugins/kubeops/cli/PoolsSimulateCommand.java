package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.cli.poolsim.ReportChart;
import io.jenkins.plugins.kubeops.cli.poolsim.ReportTable;
import io.jenkins.plugins.kubeops.cli.poolsim.Scenario;
import io.jenkins.plugins.kubeops.cli.poolsim.Scenarios;
import io.jenkins.plugins.kubeops.cli.poolsim.SimulationReport;
import io.jenkins.plugins.kubeops.cli.poolsim.SimulationSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops pools simulate}: the build-farm simulator, every provisioning strategy on one scenario and seed. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a build farm on several clusters and compare kube-ops least-load placement with Jenkins' "
                + "and kubernetes-plugin's provisioning strategies and a greedy oracle.",
                "Same scenario and seed, same numbers. See docs/pools-simulation.md."})
final class PoolsSimulateCommand implements Callable<Integer> {

    enum ScenarioName { balanced, heterogeneous, failing, sizes }

    @ParentCommand
    PoolsCommand parent;

    @Option(names = "--scenario", defaultValue = "balanced", paramLabel = "NAME",
            description = "Scenario: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ScenarioName scenario;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the builds, other tenants' pods and start-up times (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jobs", defaultValue = "2000", paramLabel = "N",
            description = "Builds to simulate (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--chart", paramLabel = "FILE", description = "Also write the queue waits as a PNG chart to FILE.")
    Path chart;

    @Override
    public Integer call() {
        SimulationSettings.jobs(jobs).throwIfError();
        Scenario chosen = Scenarios.named(scenario.name()).withJobs(jobs);
        SimulationReport report = SimulationReport.run(chosen, seed);
        CliContext context = parent.root.context;
        context.out().print(ReportTable.format(report));
        if (chart != null) {
            try {
                ReportChart.write(List.of(report), chart);
            } catch (UncheckedIOException e) {
                throw new KubeOpsException(e.getMessage() + ": check that the directory exists and is writable.", e);
            }
            context.out().println("Chart: " + chart);
        }
        return 0;
    }
}
