package io.jenkins.plugins.kubeops.cli.poolsim;

/**
 * One build: when it enters the queue (buildable), which job it belongs to (the policy's affinity key), the label of its
 * agent template, and how long it runs once it has an agent.
 */
record SimJob(int id, String jobName, WorkloadSpec.AgentTemplate template, long arrivalMillis, long durationMillis) {
}
