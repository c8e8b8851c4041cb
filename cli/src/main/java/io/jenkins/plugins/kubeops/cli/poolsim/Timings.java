package io.jenkins.plugins.kubeops.cli.poolsim;

import java.time.Duration;

/**
 * How long things take. The Jenkins values are the defaults in the sources: {@code LoadStatistics.CLOCK} (10 s) is both the
 * NodeProvisioner recurrence period and the load-statistics period; kubernetes-plugin's {@code PodTemplate} waits 1000 s
 * for an agent to connect, {@code KubernetesCloud} keeps an idle one-shot agent 5 minutes and connects to the API server
 * with a 5 s timeout. The pod values are assumptions about a typical cluster, stated in docs/pools-simulation.md.
 *
 * @param podCreateLatency   one pod create call
 * @param containerStart     bound pod to running agent container when the image is cached (median; log-normal, sigma 0.3)
 * @param imagePullShare     share of pods whose node must pull the agent image first
 * @param imagePull          median image pull (log-normal, sigma 0.4)
 * @param agentConnect       agent process start and connection to Jenkins
 * @param agentConnectTimeout kubernetes-plugin gives up on an agent that has not connected after this long
 * @param idleRetention      an idle one-shot agent is removed after this long
 * @param apiConnectTimeout  a pod create against an unreachable API server fails after this long
 * @param webhookTimeout     a pod create refused by a failing admission webhook fails after this long
 * @param probeLag           how long the informer-based load probe takes to see an API server go away or come back
 * @param provisionerPeriod  NodeProvisioner's periodic review
 * @param statisticsPeriod   LoadStatistics' periodic update of its moving averages
 */
public record Timings(Duration podCreateLatency, Duration containerStart, double imagePullShare, Duration imagePull,
                      Duration agentConnect, Duration agentConnectTimeout, Duration idleRetention, Duration apiConnectTimeout,
                      Duration webhookTimeout, Duration probeLag, Duration provisionerPeriod, Duration statisticsPeriod) {

    public static final Timings DEFAULTS = new Timings(Duration.ofMillis(100), Duration.ofSeconds(4), 0.25,
            Duration.ofSeconds(25), Duration.ofSeconds(4), Duration.ofSeconds(1000), Duration.ofMinutes(5),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
}
