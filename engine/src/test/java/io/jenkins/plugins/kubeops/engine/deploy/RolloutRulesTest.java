package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

class RolloutRulesTest {

    static GenericKubernetesResource workload(String yaml) {
        return Flow.parse(yaml, GenericKubernetesResource.class);
    }

    private static RolloutRules.State state(String yaml) {
        return RolloutRules.evaluate(workload(yaml));
    }

    @Test
    void waitsForTheControllerToObserveTheNewGeneration() {
        assertThat(state("{kind: Deployment, metadata: {name: w, generation: 3}, spec: {replicas: 1}, status: {observedGeneration: 2, "
                + "updatedReplicas: 1, replicas: 1, availableReplicas: 1}}").message())
                .isEqualTo("waiting for the controller to see the new spec");
    }

    @Test
    void followsADeploymentThroughUpdatedOldAndAvailableReplicas() {
        String base = "{kind: Deployment, metadata: {name: w, generation: 2}, spec: {replicas: 3}, status: {observedGeneration: 2, %s}}";
        assertThat(state(base.formatted("updatedReplicas: 1, replicas: 3")).message()).isEqualTo("1 of 3 replicas updated");
        assertThat(state(base.formatted("updatedReplicas: 3, replicas: 4")).message()).isEqualTo("1 old replicas pending termination");
        assertThat(state(base.formatted("updatedReplicas: 3, replicas: 3, availableReplicas: 2")).message())
                .isEqualTo("2 of 3 updated replicas available");
        assertThat(state(base.formatted("updatedReplicas: 3, replicas: 3, availableReplicas: 3")).phase()).isEqualTo(RolloutRules.Phase.DONE);
    }

    @Test
    void failsFastWhenTheProgressDeadlineIsExceeded() {
        RolloutRules.State state = state("{kind: Deployment, metadata: {name: w, generation: 2}, spec: {replicas: 3}, status: "
                + "{observedGeneration: 2, updatedReplicas: 1, conditions: [{type: Progressing, status: 'False', "
                + "reason: ProgressDeadlineExceeded, message: 'ReplicaSet \"w-1\" has timed out progressing.'}]}}");
        assertThat(state.phase()).isEqualTo(RolloutRules.Phase.FAILED);
        assertThat(state.message()).isEqualTo("progress deadline exceeded: ReplicaSet \"w-1\" has timed out progressing.");
    }

    @Test
    void honoursStatefulSetPartitionsAndOnDelete() {
        String partitioned = "{kind: StatefulSet, metadata: {name: db, generation: 1}, spec: {replicas: 3, updateStrategy: "
                + "{type: RollingUpdate, rollingUpdate: {partition: 2}}}, status: {observedGeneration: 1, readyReplicas: 3, updatedReplicas: %d}}";
        assertThat(state(partitioned.formatted(0)).message()).isEqualTo("0 of 1 pods updated (partition 2)");
        assertThat(state(partitioned.formatted(1)).phase()).isEqualTo(RolloutRules.Phase.DONE);
        assertThat(state("{kind: StatefulSet, metadata: {name: db, generation: 1}, spec: {replicas: 3, updateStrategy: {type: OnDelete}}, "
                + "status: {observedGeneration: 1, readyReplicas: 0}}").phase()).isEqualTo(RolloutRules.Phase.DONE);
        assertThat(state("{kind: StatefulSet, metadata: {name: db, generation: 1}, spec: {replicas: 2}, status: {observedGeneration: 1, "
                + "readyReplicas: 2, updatedReplicas: 1, currentRevision: a, updateRevision: b}}").message()).isEqualTo("1 of 2 pods updated");
    }

    @Test
    void waitsForEveryDaemonSetPodToBeUpdatedAndAvailable() {
        assertThat(state("{kind: DaemonSet, metadata: {name: d, generation: 1}, spec: {}, status: {observedGeneration: 1, "
                + "desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 3}}").message())
                .isEqualTo("3 of 4 updated pods available");
    }

    @Test
    void reportsJobsCompleteOrFailed() {
        assertThat(state("{kind: Job, metadata: {name: j}, status: {succeeded: 1, conditions: [{type: Complete, status: 'True'}]}}").phase())
                .isEqualTo(RolloutRules.Phase.DONE);
        assertThat(state("{kind: Job, metadata: {name: j}, status: {failed: 3, conditions: [{type: Failed, status: 'True', "
                + "reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}]}}").message())
                .isEqualTo("job failed (BackoffLimitExceeded): Job has reached the specified backoff limit");
        assertThat(state("{kind: Job, metadata: {name: j}, status: {active: 1}}").message()).isEqualTo("0 succeeded, 1 running");
        assertThat(state("{kind: Job, metadata: {name: j}, status: {active: 1, conditions: [{type: FailureTarget, status: 'True', "
                + "reason: DeadlineExceeded, message: Job was active longer than specified deadline}]}}").message())
                .as("the controller's decision, before the pods have terminated").isEqualTo("job failed (DeadlineExceeded): "
                        + "Job was active longer than specified deadline");
    }

    @Test
    void waitsForHookPodsToSucceedAndJobsToCompleteButNotForOtherHookKinds() {
        assertThat(RolloutRules.hookCompletion(workload("{kind: Pod, metadata: {name: p}, status: {phase: Running}}")).message())
                .isEqualTo("pod running");
        assertThat(RolloutRules.hookCompletion(workload("{kind: Pod, metadata: {name: p}, status: {phase: Succeeded}}")).phase())
                .isEqualTo(RolloutRules.Phase.DONE);
        assertThat(RolloutRules.hookCompletion(workload("{kind: Pod, metadata: {name: p}, status: {phase: Failed, reason: Evicted}}")).message())
                .isEqualTo("pod failed (Evicted)");
        assertThat(RolloutRules.hookCompletion(workload("{kind: Job, metadata: {name: j}, status: {active: 1}}")).phase())
                .isEqualTo(RolloutRules.Phase.WAITING);
        assertThat(RolloutRules.hookCompletion(workload("{kind: ConfigMap, metadata: {name: c}}")).phase()).isEqualTo(RolloutRules.Phase.DONE);
    }

    @Test
    void aWatchedObjectFromBeforeTheApplyIsNotJudged() {
        // A watch started before the apply may still hold the old object, e.g. one whose progress deadline was exceeded.
        RolloutWaiter.Workload applied = new RolloutWaiter.Workload(new KindInfo("apps/v1", "Deployment", "deployments", true),
                "ns", "w").appliedAs("uid-1", 3);
        assertThat(applied.seenIn(workload("{kind: Deployment, metadata: {name: w, uid: uid-1, generation: 2}}"))).isFalse();
        assertThat(applied.seenIn(workload("{kind: Deployment, metadata: {name: w, uid: uid-0, generation: 7}}"))).isFalse();
        assertThat(applied.seenIn(workload("{kind: Deployment, metadata: {name: w, uid: uid-1, generation: 3}}"))).isTrue();
        assertThat(applied.seenIn(workload("{kind: Deployment, metadata: {name: w, uid: uid-1, generation: 4}}"))).isTrue();
    }
}
