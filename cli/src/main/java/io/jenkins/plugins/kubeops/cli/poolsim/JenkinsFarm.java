package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Jenkins side of the farm: the build queue per label, one-shot agents and their launch as kubernetes-plugin does it
 * (create the pod, wait up to the connect timeout for it to run and connect, remove the node on failure), and the queue
 * handing each new agent the oldest build for its label.
 */
final class JenkinsFarm {

    /** What NodeProvisioner's {@code LoadStatistics.computeSnapshot()} counts for one label. */
    record LabelSnapshot(int available, int connecting, int online, int queueLength) {
    }

    final EventLoop loop;
    final Scenario scenario;
    final List<SimCluster> clusters = new ArrayList<>();
    final RunMetrics metrics;
    private final Map<String, WorkloadSpec.AgentTemplate> templates = new LinkedHashMap<>();
    private final Map<String, Deque<SimJob>> queues = new LinkedHashMap<>();
    private final List<Agent> agents = new ArrayList<>();
    private final SplittableRandom startupRandom;
    private Provisioning provisioning;
    private long nextAgentId;

    JenkinsFarm(EventLoop loop, Scenario scenario, long seed, RunMetrics metrics, long utilizationEndMillis) {
        this.loop = loop;
        this.scenario = scenario;
        this.metrics = metrics;
        this.startupRandom = SimRandom.stream(seed, "startup");
        for (WorkloadSpec.AgentTemplate template : scenario.workload().templates()) {
            templates.put(template.label(), template);
            queues.put(template.label(), new ArrayDeque<>());
        }
        for (ClusterSpec spec : scenario.clusters()) {
            clusters.add(new SimCluster(spec, clusters.size(), new SimCluster.Listener() {
                @Override
                public void podBound(SimPod pod) {
                    JenkinsFarm.this.podBound(pod);
                }

                @Override
                public void roomFreed() {
                    provisioning.capacityChanged();
                }
            }, utilizationEndMillis));
        }
    }

    void use(Provisioning chosen) {
        this.provisioning = chosen;
    }

    List<String> labels() {
        return List.copyOf(queues.keySet());
    }

    ResourceAmounts requests(String label) {
        return templates.get(label).requests();
    }

    void arrive(SimJob job) {
        String label = job.template().label();
        Agent idle = firstIn(label, Agent.State.IDLE);
        if (idle != null) {
            start(job, idle);
            return;
        }
        queues.get(label).add(job);
        provisioning.jobEnteredBuildable(label);
    }

    /**
     * The cloud plans one agent, if its container cap allows (kubernetes-plugin's {@code KubernetesProvisioningLimits}).
     * Records whether the cluster really had room for it at this moment.
     */
    Agent plan(SimCluster cloud, String label, String affinityKey) {
        if (registered(cloud) >= cloud.spec.containerCap()) {
            return null;
        }
        ResourceAmounts request = requests(label);
        metrics.planned(cloud.index, !cloud.wouldFit(request, inFlightTo(cloud)));
        Agent agent = new Agent(nextAgentId++, label, request, cloud, affinityKey);
        agents.add(agent);
        return agent;
    }

    /** NodeProvisioner adds the planned node; Jenkins starts its launcher, which creates the pod. */
    void addNode(Agent agent) {
        if (agent.state != Agent.State.PLANNED) {
            return;
        }
        agent.state = Agent.State.LAUNCHING;
        SimCluster cluster = agent.cluster;
        Timings timings = scenario.timings();
        long now = loop.now();
        if (cluster.spec.apiUnreachableAt(now)) {
            loop.after(timings.apiConnectTimeout().toMillis(), () -> fail(agent, "API server unreachable"));
            return;
        }
        if (cluster.spec.rejectsPodsAt(now)) {
            loop.after(timings.webhookTimeout().toMillis(), () -> fail(agent, "pod rejected: admission webhook failed"));
            return;
        }
        loop.after(timings.podCreateLatency().toMillis(), () -> {
            if (agent.state == Agent.State.LAUNCHING) {
                agent.pod = new SimPod(agent.requests, agent);
                cluster.add(agent.pod, loop.now());
            }
        });
        loop.after(timings.agentConnectTimeout().toMillis(), () -> fail(agent, "agent did not connect within "
                + timings.agentConnectTimeout().toSeconds() + " s (pod Pending: Unschedulable)"));
    }

    private void podBound(SimPod pod) {
        Agent agent = pod.agent;
        if (agent != null) {
            loop.after(startupMillis(), () -> online(agent));
        }
    }

    private long startupMillis() {
        Timings timings = scenario.timings();
        double millis = SimRandom.logNormal(startupRandom, timings.containerStart().toMillis(), 0.3);
        if (startupRandom.nextDouble() < timings.imagePullShare()) {
            millis += SimRandom.logNormal(startupRandom, timings.imagePull().toMillis(), 0.4);
        }
        return Math.round(millis) + timings.agentConnect().toMillis();
    }

    private void online(Agent agent) {
        if (agent.state != Agent.State.LAUNCHING) {
            return;
        }
        agent.state = Agent.State.IDLE;
        provisioning.agentOnline(agent);
        SimJob next = queues.get(agent.label).poll();
        if (next != null) {
            start(next, agent);
            return;
        }
        agent.idleSince = loop.now();
        long retention = scenario.timings().idleRetention().toMillis();
        loop.after(retention, () -> {
            if (agent.state == Agent.State.IDLE && loop.now() - agent.idleSince >= retention) {
                terminate(agent);
            }
        });
    }

    private void start(SimJob job, Agent agent) {
        agent.state = Agent.State.BUSY;
        metrics.started(job, loop.now());
        loop.after(job.durationMillis(), () -> {
            metrics.finished(loop.now());
            terminate(agent);
        });
    }

    /** Jenkins removes an agent whose pod is still Pending (kube-ops moves it): the pod is deleted, no launch failure. */
    void removeUnschedulable(Agent agent) {
        if (agent.state == Agent.State.LAUNCHING) {
            terminate(agent);
        }
    }

    private void fail(Agent agent, String reason) {
        if (agent.state != Agent.State.LAUNCHING) {
            return;
        }
        metrics.failed(agent.cluster.index);
        terminate(agent);
        provisioning.launchFailed(agent, reason);
    }

    private void terminate(Agent agent) {
        agent.state = Agent.State.GONE;
        agents.remove(agent);
        if (agent.pod != null) {
            agent.cluster.remove(agent.pod, loop.now());
        }
        provisioning.capacityChanged();
    }

    LabelSnapshot snapshot(String label) {
        int available = 0;
        int connecting = 0;
        int online = 0;
        for (Agent agent : agents) {
            if (agent.label.equals(label)) {
                switch (agent.state) {
                    case IDLE -> {
                        available++;
                        online++;
                    }
                    case BUSY -> online++;
                    case LAUNCHING -> connecting++;
                    default -> {
                    }
                }
            }
        }
        return new LabelSnapshot(available, connecting, online, queues.get(label).size());
    }

    /** Builds of the label that no idle, launching or planned agent is for. */
    int uncovered(String label) {
        int coming = 0;
        for (Agent agent : agents) {
            if (agent.label.equals(label)
                    && (agent.state == Agent.State.IDLE || agent.state == Agent.State.LAUNCHING || agent.state == Agent.State.PLANNED)) {
                coming++;
            }
        }
        return queues.get(label).size() - coming;
    }

        /** kubernetes-plugin's {@code InProvisioning}: agents of the label, in any cloud, added but not yet online. */
    int inProvisioning(String label) {
        return snapshot(label).connecting();
    }

    /** The agents a cloud counts against its container cap: planned, launching and online. */
    int registered(SimCluster cloud) {
        int count = 0;
        for (Agent agent : agents) {
            if (agent.cluster == cloud) {
                count++;
            }
        }
        return count;
    }

    /** Requests of the cloud's agents whose pods are not bound yet, oldest first. */
    List<ResourceAmounts> inFlightTo(SimCluster cloud) {
        List<ResourceAmounts> ahead = new ArrayList<>();
        for (Agent agent : agents) {
            if (agent.cluster == cloud && agent.inFlight() && (agent.pod == null || !agent.pod.unschedulable)) {
                ahead.add(agent.requests);
            }
        }
        return ahead;
    }

    /** Every agent: planned, launching, idle and busy. */
    List<Agent> agents() {
        return List.copyOf(agents);
    }

    List<Agent> agentsIn(SimCluster cloud) {
        List<Agent> in = new ArrayList<>();
        for (Agent agent : agents) {
            if (agent.cluster == cloud) {
                in.add(agent);
            }
        }
        return in;
    }

    /** The builds waiting for the label, oldest first. */
    List<SimJob> waiting(String label) {
        return List.copyOf(queues.get(label));
    }

    private Agent firstIn(String label, Agent.State state) {
        for (Agent agent : agents) {
            if (agent.state == state && agent.label.equals(label)) {
                return agent;
            }
        }
        return null;
    }
}
