package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The skew table: every rule of kubernetes.io/releases/version-skew-policy, on both sides of each boundary. */
class SkewPolicyTest {

    static ComponentVersion api(String name, String version) {
        return new ComponentVersion(Component.KUBE_APISERVER, name, Optional.empty(), KubeVersion.parse(version));
    }

    static ComponentVersion apiOn(String node, String version) {
        return new ComponentVersion(Component.KUBE_APISERVER, "kube-apiserver-" + node, Optional.of(node), KubeVersion.parse(version));
    }

    static ComponentVersion controller(Component component, String node, String version) {
        return new ComponentVersion(component, component.label() + (node == null ? "" : "-" + node), Optional.ofNullable(node),
                KubeVersion.parse(version));
    }

    static ComponentVersion kubelet(String node, String version) {
        return new ComponentVersion(Component.KUBELET, node, Optional.of(node), KubeVersion.parse(version));
    }

    static ComponentVersion proxy(String node, String version) {
        return new ComponentVersion(Component.KUBE_PROXY, node, Optional.of(node), KubeVersion.parse(version));
    }

    static List<SkewRule> rules(ComponentVersion... components) {
        return SkewPolicy.check(new ClusterVersions(List.of(components))).stream().map(SkewViolation::rule).toList();
    }

    static List<SkewViolation> violations(ComponentVersion... components) {
        return SkewPolicy.check(new ClusterVersions(new ArrayList<>(List.of(components))));
    }

    @Test
    void apiserversOneMinorApartAreSupportedTwoAreNot() {
        assertThat(rules(api("a", "v1.35.0"), api("b", "v1.34.9"))).isEmpty();
        List<SkewViolation> broken = violations(api("a", "v1.35.0"), api("b", "v1.33.9"));
        assertThat(broken).extracting(SkewViolation::rule).containsExactly(SkewRule.APISERVERS_WITHIN_ONE_MINOR);
        assertThat(broken.get(0).offenders()).extracting(ComponentVersion::instance).containsExactly("b");
        assertThat(broken.get(0).describe()).contains("kube-apiserver b (v1.33.9)", "kube-apiserver a (v1.35.0)",
                "Fix: upgrade them to v1.34 or newer");
    }

    @Test
    void kubeletAtTheApiserversMinorIsSupportedOneMinorNewerIsNot() {
        assertThat(rules(api("a", "v1.35.1"), kubelet("n1", "v1.35.9"))).as("patch skew is always fine").isEmpty();
        List<SkewViolation> broken = violations(api("a", "v1.35.1"), kubelet("n1", "v1.36.0"));
        assertThat(broken).extracting(SkewViolation::rule).containsExactly(SkewRule.KUBELET_NOT_NEWER_THAN_APISERVER);
        assertThat(broken.get(0).describe()).contains("kubelet on node n1 (v1.36.0)", "upgrade every kube-apiserver first");
    }

    @Test
    void kubeletMustNotBeNewerThanTheOldestApiserverOfAnHaControlPlane() {
        assertThat(rules(api("a", "v1.35.0"), api("b", "v1.34.0"), kubelet("n1", "v1.34.5"))).isEmpty();
        assertThat(rules(api("a", "v1.35.0"), api("b", "v1.34.0"), kubelet("n1", "v1.35.0")))
                .containsExactly(SkewRule.KUBELET_NOT_NEWER_THAN_APISERVER);
    }

    @Test
    void kubeletThreeMinorsOlderIsSupportedFourIsNot() {
        assertThat(rules(api("a", "v1.35.0"), kubelet("n1", "v1.32.0"))).isEmpty();
        List<SkewViolation> broken = violations(api("a", "v1.35.0"), kubelet("n1", "v1.31.9"), kubelet("n2", "v1.32.0"));
        assertThat(broken).extracting(SkewViolation::rule).containsExactly(SkewRule.KUBELET_AT_MOST_THREE_MINORS_OLDER);
        assertThat(broken.get(0).offenders()).extracting(ComponentVersion::instance).containsExactly("n1");
        assertThat(broken.get(0).fix()).contains("at least v1.32");
    }

    @Test
    void kubeletThreeMinorsOlderIsMeasuredAgainstTheNewestApiserver() {
        assertThat(rules(api("a", "v1.36.0"), api("b", "v1.35.0"), kubelet("n1", "v1.33.0"))).isEmpty();
        assertThat(rules(api("a", "v1.36.0"), api("b", "v1.35.0"), kubelet("n1", "v1.32.0")))
                .containsExactly(SkewRule.KUBELET_AT_MOST_THREE_MINORS_OLDER);
    }

    @Test
    void kubeletsOlderThan125MayLagOnlyTwoMinors() {
        assertThat(rules(api("a", "v1.26.0"), kubelet("n1", "v1.24.0"))).isEmpty();
        assertThat(rules(api("a", "v1.27.0"), kubelet("n1", "v1.24.0"))).containsExactly(SkewRule.KUBELET_AT_MOST_THREE_MINORS_OLDER);
        assertThat(rules(api("a", "v1.28.0"), kubelet("n1", "v1.25.0"))).as("1.25 itself may lag three").isEmpty();
    }

    @Test
    void kubeProxyFollowsTheKubeletRulesAgainstTheApiserver() {
        assertThat(rules(api("a", "v1.35.0"), proxy("n1", "v1.35.3"))).isEmpty();
        assertThat(rules(api("a", "v1.35.0"), proxy("n1", "v1.36.0"))).containsExactly(SkewRule.KUBE_PROXY_NOT_NEWER_THAN_APISERVER);
        assertThat(rules(api("a", "v1.35.0"), proxy("n1", "v1.32.0"))).isEmpty();
        assertThat(rules(api("a", "v1.35.0"), proxy("n1", "v1.31.0"))).containsExactly(SkewRule.KUBE_PROXY_AT_MOST_THREE_MINORS_OLDER);
        assertThat(rules(api("a", "v1.26.0"), proxy("n1", "v1.24.0"))).isEmpty();
        assertThat(rules(api("a", "v1.27.0"), proxy("n1", "v1.24.0"))).containsExactly(SkewRule.KUBE_PROXY_AT_MOST_THREE_MINORS_OLDER);
    }

    @Test
    void kubeProxyWithinThreeMinorsOfTheKubeletOnItsNode() {
        assertThat(rules(api("a", "v1.35.0"), kubelet("n1", "v1.35.0"), proxy("n1", "v1.32.0"))).isEmpty();
        assertThat(rules(api("a", "v1.35.0"), kubelet("n1", "v1.35.0"), proxy("n1", "v1.31.0")))
                .contains(SkewRule.KUBE_PROXY_WITHIN_THREE_MINORS_OF_KUBELET);
        assertThat(rules(api("a", "v1.35.0"), kubelet("n1", "v1.32.0"), proxy("n1", "v1.35.0"))).isEmpty();
        assertThat(rules(api("a", "v1.35.0"), kubelet("n1", "v1.31.0"), proxy("n1", "v1.35.0")))
                .contains(SkewRule.KUBE_PROXY_WITHIN_THREE_MINORS_OF_KUBELET);
        assertThat(rules(api("a", "v1.35.0"), kubelet("n2", "v1.35.0"), proxy("n1", "v1.32.0")))
                .as("only the kubelet on the same node counts").isEmpty();
    }

    @Test
    void controllersMayBeOneMinorOlderNeverNewer() {
        for (Component component : List.of(Component.KUBE_CONTROLLER_MANAGER, Component.KUBE_SCHEDULER)) {
            assertThat(rules(api("a", "v1.35.0"), controller(component, null, "v1.35.0"))).isEmpty();
            assertThat(rules(api("a", "v1.35.0"), controller(component, null, "v1.34.0"))).isEmpty();
            assertThat(rules(api("a", "v1.35.0"), controller(component, null, "v1.33.0")))
                    .containsExactly(SkewRule.CONTROLLERS_AT_MOST_ONE_MINOR_OLDER);
            assertThat(rules(api("a", "v1.35.0"), controller(component, null, "v1.36.0")))
                    .containsExactly(SkewRule.CONTROLLERS_NOT_NEWER_THAN_APISERVER);
        }
    }

    @Test
    void controllersOnAControlPlaneNodeAreJudgedAgainstTheApiserverOnTheSameNode() {
        ComponentVersion newApi = apiOn("cp-1", "v1.36.0");
        ComponentVersion oldApi = apiOn("cp-2", "v1.35.0");
        assertThat(rules(newApi, oldApi, controller(Component.KUBE_CONTROLLER_MANAGER, "cp-1", "v1.36.0"),
                controller(Component.KUBE_CONTROLLER_MANAGER, "cp-2", "v1.35.0"))).isEmpty();
        assertThat(rules(newApi, oldApi, controller(Component.KUBE_SCHEDULER, "cp-2", "v1.36.0")))
                .containsExactly(SkewRule.CONTROLLERS_NOT_NEWER_THAN_APISERVER);
        assertThat(rules(newApi, oldApi, controller(Component.KUBE_SCHEDULER, null, "v1.36.0")))
                .as("a controller behind a load balancer may reach the older apiserver")
                .containsExactly(SkewRule.CONTROLLERS_NOT_NEWER_THAN_APISERVER);
    }

    @Test
    void anotherMajorVersionIsReportedAlone() {
        List<SkewViolation> broken = violations(api("a", "v1.35.0"), kubelet("n1", "v2.0.0"));
        assertThat(broken).extracting(SkewViolation::rule).containsExactly(SkewRule.SAME_MAJOR);
    }

    @Test
    void theControlPlaneMovesOneMinorAtATimeAndNeverDown() {
        ComponentVersion apiserver = api("a", "v1.34.3");
        assertThat(SkewPolicy.checkMove(apiserver, KubeVersion.parse("v1.34.9"))).isEmpty();
        assertThat(SkewPolicy.checkMove(apiserver, KubeVersion.parse("v1.35.0"))).isEmpty();
        assertThat(SkewPolicy.checkMove(apiserver, KubeVersion.parse("v1.36.0"))).get().extracting(SkewViolation::rule)
                .isEqualTo(SkewRule.CONTROL_PLANE_ONE_MINOR_AT_A_TIME);
        assertThat(SkewPolicy.checkMove(apiserver, KubeVersion.parse("v1.34.2"))).get().extracting(SkewViolation::rule)
                .isEqualTo(SkewRule.NO_DOWNGRADE);
        assertThat(SkewPolicy.checkMove(apiserver, KubeVersion.parse("v2.0.0"))).get().extracting(SkewViolation::rule)
                .isEqualTo(SkewRule.SAME_MAJOR);
        assertThat(SkewPolicy.checkMove(kubelet("n1", "v1.33.0"), KubeVersion.parse("v1.36.0")))
                .as("a drained kubelet may jump minors").isEmpty();
    }

    @Test
    void longListsOfOffendersAreShortened() {
        List<ComponentVersion> components = new ArrayList<>(List.of(api("a", "v1.35.0")));
        for (int i = 1; i <= 8; i++) {
            components.add(kubelet("n" + i, "v1.30.0"));
        }
        SkewViolation violation = SkewPolicy.check(new ClusterVersions(components)).get(0);
        assertThat(violation.offenders()).hasSize(8);
        assertThat(violation.describe()).contains("node n5 (v1.30.0) and 3 more").doesNotContain("n6");
    }
}
