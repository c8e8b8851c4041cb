package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions.Permission;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainPod.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrainRulesTest {

    static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
    static final DrainOptions NONE = DrainOptions.defaults();
    static final DrainOptions ALL = NONE.withPermissions(true, true, true);

    static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withNamespace("shop").withName(name).withUid("uid-" + name).endMetadata()
                .withNewSpec().withNodeName("n1").endSpec()
                .withNewStatus().withPhase("Running").endStatus();
    }

    static PodBuilder controlled(String name, String kind, String owner) {
        return pod(name).editMetadata().addNewOwnerReference().withKind(kind).withName(owner).withController(true)
                .withApiVersion("apps/v1").withUid("owner-uid").endOwnerReference().endMetadata();
    }

    static Pod replicaSetPod(String name) {
        return controlled(name, "ReplicaSet", "web-7d9f").build();
    }

    static Pod daemonSetPod(String name, String daemonSet) {
        return controlled(name, "DaemonSet", daemonSet).build();
    }

    static Pod withEmptyDir(Pod pod) {
        return new PodBuilder(pod).editSpec().addToVolumes(new VolumeBuilder().withName("scratch").withNewEmptyDir()
                .endEmptyDir().build()).endSpec().build();
    }

    static Pod inPhase(Pod pod, String phase) {
        return new PodBuilder(pod).editStatus().withPhase(phase).endStatus().build();
    }

    static Pod deleting(Pod pod, Instant deletionTimestamp) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp(deletionTimestamp.toString()).endMetadata().build();
    }

    static DrainPlan plan(DrainOptions options, Set<String> daemonSets, Pod... pods) {
        return DrainRules.plan("n1", List.of(pods), daemonSets, options, NOW);
    }

    static List<String> names(List<DrainPod> pods) {
        return pods.stream().map(DrainPod::name).toList();
    }

    @Test
    void podsOfControllersAreEvictedWithoutAnyPermission() {
        DrainPlan plan = plan(NONE, Set.of(), replicaSetPod("web-1"), controlled("db-0", "StatefulSet", "db").build());

        assertThat(names(plan.evict())).containsExactly("web-1", "db-0");
        assertThat(plan.evict()).allSatisfy(pod -> assertThat(pod.reason()).isEqualTo(Reason.CONTROLLED));
        assertThat(plan.isBlocked()).isFalse();
        assertThat(plan.refusal()).isEmpty();
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void mirrorPodsAreSkippedWhateverTheOptions() {
        Pod mirror = controlled("kube-apiserver-n1", "Node", "n1").editMetadata()
                .addToAnnotations(DrainRules.MIRROR_ANNOTATION, "abc").endMetadata().build();
        Pod unmanagedMirror = pod("etcd-n1").editMetadata().addToAnnotations(DrainRules.MIRROR_ANNOTATION, "abc").endMetadata()
                .build();

        DrainPlan plan = plan(NONE, Set.of(), mirror, unmanagedMirror);

        assertThat(names(plan.skipped())).containsExactly("kube-apiserver-n1", "etcd-n1");
        assertThat(plan.skipped()).allSatisfy(pod -> assertThat(pod.reason()).isEqualTo(Reason.MIRROR));
        assertThat(plan.mustGo()).isEmpty();
        assertThat(plan.isBlocked()).isFalse();
    }

    @Test
    void daemonSetPodsBlockWithoutIgnoreDaemonSetsAndStayWithIt() {
        Pod agent = daemonSetPod("agent-x", "agent");

        DrainPlan refused = plan(NONE, Set.of("shop/agent"), agent);
        DrainPlan allowed = plan(NONE.withPermissions(true, false, false), Set.of("shop/agent"), agent);

        assertThat(refused.blocked()).containsOnlyKeys(Permission.IGNORE_DAEMON_SETS);
        assertThat(refused.refusal()).hasValue("node n1: DaemonSet-managed pods shop/agent-x need ignoreDaemonSets "
                + "(--ignore-daemonsets)");
        assertThat(allowed.mustGo()).isEmpty();
        assertThat(allowed.skipped()).extracting(DrainPod::reason).containsExactly(Reason.DAEMON_SET);
        assertThat(allowed.warnings()).containsExactly("leaving DaemonSet-managed pods: shop/agent-x");
    }

    @Test
    void daemonSetPodWithEmptyDirIsLeftAloneLikeKubectlDoesBecauseTheDaemonSetRuleComesFirst() {
        DrainPlan plan = plan(NONE.withPermissions(true, false, false), Set.of("shop/agent"),
                withEmptyDir(daemonSetPod("agent-x", "agent")));

        assertThat(plan.isBlocked()).isFalse();
        assertThat(plan.skipped()).extracting(DrainPod::reason).containsExactly(Reason.DAEMON_SET);
    }

    @Test
    void orphanedDaemonSetPodNeedsForceEvenWithIgnoreDaemonSetsAndIsEvictedWithIt() {
        Pod orphan = daemonSetPod("agent-old", "agent-v1");

        DrainPlan refused = plan(NONE.withPermissions(true, false, false), Set.of(), orphan);
        DrainPlan forced = plan(NONE.withPermissions(false, false, true), Set.of(), orphan);

        assertThat(refused.blocked()).containsOnlyKeys(Permission.FORCE);
        assertThat(refused.refusal().orElseThrow()).contains("shop/agent-old").contains("force (--force)");
        assertThat(forced.evict()).extracting(DrainPod::reason).containsExactly(Reason.ORPHANED_DAEMON_SET);
        assertThat(forced.warnings()).containsExactly("evicting DaemonSet pods whose DaemonSet is gone: shop/agent-old");
    }

    @Test
    void emptyDirNeedsDeleteEmptyDirData() {
        Pod cache = withEmptyDir(replicaSetPod("cache-1"));

        DrainPlan refused = plan(NONE, Set.of(), cache);
        DrainPlan allowed = plan(NONE.withPermissions(false, true, false), Set.of(), cache);

        assertThat(refused.refusal()).hasValue("node n1: pods with emptyDir data (lost on eviction) shop/cache-1 need "
                + "deleteEmptyDirData (--delete-emptydir-data)");
        assertThat(allowed.evict()).extracting(DrainPod::reason).containsExactly(Reason.EMPTY_DIR);
        assertThat(allowed.warnings()).containsExactly("evicting pods with emptyDir data (the data is lost): shop/cache-1");
    }

    @Test
    void unmanagedPodsNeedForce() {
        Pod bare = pod("debug").build();

        DrainPlan refused = plan(NONE, Set.of(), bare);
        DrainPlan forced = plan(NONE.withPermissions(false, false, true), Set.of(), bare);

        assertThat(refused.blocked()).containsOnlyKeys(Permission.FORCE);
        assertThat(forced.evict()).extracting(DrainPod::reason).containsExactly(Reason.UNMANAGED);
    }

    @Test
    void aPodNeedingTwoPermissionsIsListedUnderBothSoOneRunNamesEverythingMissing() {
        DrainPlan plan = plan(NONE, Set.of(), withEmptyDir(pod("scratchpad").build()));

        assertThat(plan.blocked()).containsOnlyKeys(Permission.DELETE_EMPTY_DIR_DATA, Permission.FORCE);
        assertThat(plan.refusal().orElseThrow()).contains("deleteEmptyDirData (--delete-emptydir-data)")
                .contains("force (--force)");
    }

    @Test
    void refusalNamesEachMissingPermissionOnceWithAllItsPods() {
        DrainPlan plan = plan(NONE, Set.of("shop/agent"), daemonSetPod("agent-x", "agent"), pod("debug-1").build(),
                pod("debug-2").build(), replicaSetPod("web-1"), withEmptyDir(replicaSetPod("cache-1")));

        String refusal = plan.refusal().orElseThrow();

        assertThat(refusal).isEqualTo("node n1: DaemonSet-managed pods shop/agent-x need ignoreDaemonSets (--ignore-daemonsets); "
                + "pods with emptyDir data (lost on eviction) shop/cache-1 need deleteEmptyDirData (--delete-emptydir-data); "
                + "pods no controller manages (or whose DaemonSet is gone) shop/debug-1, shop/debug-2 need force (--force)");
        assertThat(refusal.split("--force", -1)).hasSize(2);
        assertThat(refusal).doesNotContain("web-1");
    }

    @Test
    void finishedPodsAreDeletedWithoutAnyPermission() {
        DrainPlan plan = plan(NONE, Set.of("shop/agent"), inPhase(pod("job-run").build(), "Succeeded"),
                inPhase(withEmptyDir(pod("failed-run").build()), "Failed"), inPhase(daemonSetPod("agent-x", "agent"), "Failed"));

        assertThat(plan.isBlocked()).isFalse();
        assertThat(names(plan.delete())).containsExactly("job-run", "failed-run", "agent-x");
        assertThat(plan.delete()).allSatisfy(pod -> assertThat(pod.reason()).isEqualTo(Reason.FINISHED));
        assertThat(plan.evict()).isEmpty();
    }

    @Test
    void terminatingPodsAreWaitedForNotEvictedAgain() {
        DrainPlan plan = plan(NONE, Set.of(), deleting(replicaSetPod("web-1"), NOW.plusSeconds(20)));

        assertThat(plan.evict()).isEmpty();
        assertThat(plan.waitFor()).extracting(DrainPod::reason).containsExactly(Reason.TERMINATING);
        assertThat(plan.mustGo()).extracting(DrainPod::uid).containsExactly("uid-web-1");
    }

    @Test
    void terminatingPodsStillNeedThePermissionsKubectlAsksFor() {
        DrainPlan plan = plan(NONE, Set.of(), deleting(pod("debug").build(), NOW.minusSeconds(5)));

        assertThat(plan.blocked()).containsOnlyKeys(Permission.FORCE);
    }

    @Test
    void skipWaitForDeleteTimeoutCountsFromTheEndOfTheGracePeriodInWholeSeconds() {
        DrainOptions options = NONE.withSkipWaitForDeleteTimeout(Duration.ofSeconds(60));
        Pod graceNotOver = deleting(replicaSetPod("a"), NOW.plusSeconds(30));
        Pod exactlyAtLimit = deleting(replicaSetPod("b"), NOW.minusSeconds(60).minusMillis(900));
        Pod overdue = deleting(replicaSetPod("c"), NOW.minusSeconds(61));
        Pod overdueUnmanaged = deleting(pod("d").build(), NOW.minusSeconds(300));

        DrainPlan plan = plan(options, Set.of(), graceNotOver, exactlyAtLimit, overdue, overdueUnmanaged);

        assertThat(names(plan.waitFor())).containsExactly("a", "b");
        assertThat(names(plan.skipped())).containsExactly("c", "d");
        assertThat(plan.skipped()).allSatisfy(pod -> assertThat(pod.reason()).isEqualTo(Reason.DELETION_OVERDUE));
        assertThat(plan.isBlocked()).as("kubectl skips overdue pods before any other rule").isFalse();
    }

    @Test
    void skipWaitForDeleteTimeoutOfZeroWaitsForeverOverduePods() {
        DrainPlan plan = plan(NONE, Set.of(), deleting(replicaSetPod("a"), NOW.minus(Duration.ofHours(2))));

        assertThat(names(plan.waitFor())).containsExactly("a");
    }

    @Test
    void onlyTheOwnerMarkedControllerCounts() {
        Pod ownedNotControlled = pod("annotated").editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("x")
                .withController(false).endOwnerReference().endMetadata().build();

        DrainPlan plan = plan(NONE, Set.of(), ownedNotControlled);

        assertThat(plan.blocked()).containsOnlyKeys(Permission.FORCE);
    }

    @Test
    void daemonSetsReferencedAreTheControllersOfKindDaemonSet() {
        assertThat(DrainRules.daemonSetsReferenced(List.of(daemonSetPod("a", "agent"), daemonSetPod("b", "agent"),
                replicaSetPod("web-1"), pod("bare").build()))).containsExactly("shop/agent");
    }
}
