package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes' version-skew policy (kubernetes.io/releases/version-skew-policy) as pure checks: {@link #check} judges one
 * state of the cluster, {@link #checkMove} one component's move to a new version. The planner calls both at the start,
 * after every step and at the end of a plan. Versions are compared by minor: patch skew is always supported.
 */
public final class SkewPolicy {

    private SkewPolicy() {
    }

    /** Every rule the given state breaks; empty when the state is supported. */
    public static List<SkewViolation> check(ClusterVersions versions) {
        List<SkewViolation> violations = new ArrayList<>();
        Optional<ComponentVersion> newestApi = versions.newest(Component.KUBE_APISERVER);
        Optional<ComponentVersion> oldestApi = versions.oldest(Component.KUBE_APISERVER);
        if (newestApi.isEmpty()) {
            return violations; // nothing to compare with; the inventory always has at least the answering apiserver
        }
        int major = newestApi.get().version().major();
        List<ComponentVersion> otherMajor = versions.components().stream().filter(c -> c.version().major() != major).toList();
        if (!otherMajor.isEmpty()) {
            violations.add(new SkewViolation(SkewRule.SAME_MAJOR, otherMajor, List.of(newestApi.get()),
                    "move them to major version " + major + " by hand; Kube Ops only upgrades within one major version."));
            return violations;
        }
        checkApiservers(versions, newestApi.get(), violations);
        checkNodeComponent(versions, Component.KUBELET, oldestApi.get(), newestApi.get(), violations);
        checkNodeComponent(versions, Component.KUBE_PROXY, oldestApi.get(), newestApi.get(), violations);
        checkProxyAgainstKubelet(versions, violations);
        checkControllers(versions, violations);
        return violations;
    }

    /** A control-plane component moving from its version to {@code to}: never down, never across a minor version. */
    public static Optional<SkewViolation> checkMove(ComponentVersion from, KubeVersion to) {
        ComponentVersion after = from.withVersion(to);
        if (from.version().major() != to.major()) {
            return Optional.of(new SkewViolation(SkewRule.SAME_MAJOR, List.of(after), List.of(from),
                    "stay within major version " + from.version().major() + "."));
        }
        if (to.compareTo(from.version()) < 0) {
            return Optional.of(new SkewViolation(SkewRule.NO_DOWNGRADE, List.of(after), List.of(from),
                    "choose a target of at least " + from.version() + "; to go back, restore the etcd snapshot taken before "
                            + "the upgrade instead."));
        }
        int minors = from.version().minorsBehind(to);
        if (minors > 1 && from.component() != Component.KUBELET && from.component() != Component.KUBE_PROXY) {
            return Optional.of(new SkewViolation(SkewRule.CONTROL_PLANE_ONE_MINOR_AT_A_TIME, List.of(after), List.of(from),
                    "upgrade through v" + to.major() + "." + (from.version().minor() + 1) + " first (the planner does this "
                            + "when it knows a patch version for every minor in between: pass --via)."));
        }
        return Optional.empty();
    }

    /** How many minors a kubelet or kube-proxy of this version may lag behind: three, or two before 1.25. */
    static int maxLag(KubeVersion nodeComponent) {
        return nodeComponent.major() == 1 && nodeComponent.minor() < 25 ? 2 : 3;
    }

    private static void checkApiservers(ClusterVersions versions, ComponentVersion newest, List<SkewViolation> violations) {
        List<ComponentVersion> tooOld = versions.of(Component.KUBE_APISERVER).stream()
                .filter(c -> c.version().minorsBehind(newest.version()) > 1).toList();
        if (!tooOld.isEmpty()) {
            violations.add(new SkewViolation(SkewRule.APISERVERS_WITHIN_ONE_MINOR, tooOld, List.of(newest),
                    "upgrade them to " + minor(newest.version(), -1) + " or newer, one minor at a time, before anything else."));
        }
    }

    private static void checkNodeComponent(ClusterVersions versions, Component component, ComponentVersion oldestApi,
                                           ComponentVersion newestApi, List<SkewViolation> violations) {
        boolean kubelet = component == Component.KUBELET;
        List<ComponentVersion> newer = versions.of(component).stream()
                .filter(c -> c.version().minorsBehind(oldestApi.version()) < 0).toList();
        if (!newer.isEmpty()) {
            violations.add(new SkewViolation(kubelet ? SkewRule.KUBELET_NOT_NEWER_THAN_APISERVER
                    : SkewRule.KUBE_PROXY_NOT_NEWER_THAN_APISERVER, newer, List.of(oldestApi),
                    "upgrade every kube-apiserver first (control plane before nodes); until then keep " + component.label()
                            + " at " + minor(oldestApi.version(), 0) + " or older."));
        }
        List<ComponentVersion> tooOld = versions.of(component).stream()
                .filter(c -> c.version().minorsBehind(newestApi.version()) > maxLag(c.version())).toList();
        if (!tooOld.isEmpty()) {
            violations.add(new SkewViolation(kubelet ? SkewRule.KUBELET_AT_MOST_THREE_MINORS_OLDER
                    : SkewRule.KUBE_PROXY_AT_MOST_THREE_MINORS_OLDER, tooOld, List.of(newestApi),
                    "upgrade these nodes to at least " + minor(newestApi.version(), -3) + " before the control plane reaches "
                            + minor(newestApi.version(), 0) + " (an upgrade to the control plane's current version moves "
                            + "only the nodes), then upgrade the control plane."));
        }
    }

    private static void checkProxyAgainstKubelet(ClusterVersions versions, List<SkewViolation> violations) {
        List<ComponentVersion> offenders = new ArrayList<>();
        List<ComponentVersion> kubelets = new ArrayList<>();
        for (ComponentVersion proxy : versions.of(Component.KUBE_PROXY)) {
            for (ComponentVersion kubelet : versions.of(Component.KUBELET)) {
                if (kubelet.instance().equals(proxy.instance())
                        && Math.abs(proxy.version().minorsBehind(kubelet.version())) > maxLag(proxy.version())) {
                    offenders.add(proxy);
                    kubelets.add(kubelet);
                }
            }
        }
        if (!offenders.isEmpty()) {
            violations.add(new SkewViolation(SkewRule.KUBE_PROXY_WITHIN_THREE_MINORS_OF_KUBELET, offenders, kubelets,
                    "upgrade kube-proxy together with the kubelet of each node."));
        }
    }

    private static void checkControllers(ClusterVersions versions, List<SkewViolation> violations) {
        List<ComponentVersion> apiservers = versions.of(Component.KUBE_APISERVER);
        List<ComponentVersion> newer = new ArrayList<>();
        Set<ComponentVersion> newerAgainst = new LinkedHashSet<>();
        List<ComponentVersion> tooOld = new ArrayList<>();
        Set<ComponentVersion> tooOldAgainst = new LinkedHashSet<>();
        for (ComponentVersion controller : versions.components()) {
            if (!controller.component().isController()) {
                continue;
            }
            List<ComponentVersion> talkedTo = talkedTo(controller, apiservers);
            for (ComponentVersion api : talkedTo) {
                int behind = controller.version().minorsBehind(api.version());
                if (behind < 0 && !newer.contains(controller)) {
                    newer.add(controller);
                    newerAgainst.add(api);
                }
                if (behind > 1 && !tooOld.contains(controller)) {
                    tooOld.add(controller);
                    tooOldAgainst.add(api);
                }
            }
        }
        if (!newer.isEmpty()) {
            violations.add(new SkewViolation(SkewRule.CONTROLLERS_NOT_NEWER_THAN_APISERVER, newer, List.copyOf(newerAgainst),
                    "upgrade the kube-apiserver they talk to first; controllers follow it."));
        }
        if (!tooOld.isEmpty()) {
            violations.add(new SkewViolation(SkewRule.CONTROLLERS_AT_MOST_ONE_MINOR_OLDER, tooOld, List.copyOf(tooOldAgainst),
                    "upgrade kube-controller-manager and kube-scheduler right after the kube-apiserver, in the same pass."));
        }
    }

    /** kubeadm's layout: controllers on a node with a kube-apiserver talk to that one; others (behind a load balancer) to all. */
    static List<ComponentVersion> talkedTo(ComponentVersion controller, List<ComponentVersion> apiservers) {
        if (controller.node().isPresent()) {
            List<ComponentVersion> local = apiservers.stream().filter(api -> api.node().equals(controller.node())).toList();
            if (!local.isEmpty()) {
                return local;
            }
        }
        return apiservers;
    }

    /** "v1.34" for minor(v1.35.2, -1). */
    static String minor(KubeVersion version, int offset) {
        return "v" + version.major() + "." + Math.max(0, version.minor() + offset);
    }
}
