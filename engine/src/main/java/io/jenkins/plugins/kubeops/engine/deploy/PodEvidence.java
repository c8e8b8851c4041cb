package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why a workload's pods are not ready, in words: unschedulable (with the scheduler's reason), image pull errors, crash loops,
 * failed containers, readiness. Pure: reads pods from a cache.
 */
public final class PodEvidence {

    static final int MAX_PODS = 3;

    private PodEvidence() {
    }

    /** One line per pod that is not ready (at most a few), e.g. "pod web-7d9 container web: ImagePullBackOff (...)". */
    public static List<String> explain(List<Pod> pods, Map<String, String> selector) {
        List<String> lines = new ArrayList<>();
        for (Pod pod : pods) {
            if (!matches(pod, selector) || ready(pod) || "Succeeded".equals(phase(pod))) {
                continue;
            }
            lines.add("pod " + pod.getMetadata().getName() + ": " + reason(pod));
            if (lines.size() == MAX_PODS) {
                break;
            }
        }
        return lines;
    }

    static String reason(Pod pod) {
        for (PodCondition condition : conditions(pod)) {
            if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                return "unschedulable: " + firstLine(condition.getMessage());
            }
        }
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
                if (container.getState() != null && container.getState().getWaiting() != null
                        && container.getState().getWaiting().getReason() != null
                        && !"ContainerCreating".equals(container.getState().getWaiting().getReason())) {
                    return "container " + container.getName() + " " + container.getState().getWaiting().getReason()
                            + (container.getState().getWaiting().getMessage() == null ? ""
                            : " (" + firstLine(container.getState().getWaiting().getMessage()) + ")");
                }
                if (container.getState() != null && container.getState().getTerminated() != null
                        && !"Completed".equals(container.getState().getTerminated().getReason())) {
                    return "container " + container.getName() + " terminated: " + container.getState().getTerminated().getReason()
                            + " (exit code " + container.getState().getTerminated().getExitCode() + ")";
                }
                if (container.getRestartCount() != null && container.getRestartCount() > 0 && !Boolean.TRUE.equals(container.getReady())) {
                    return "container " + container.getName() + " restarted " + container.getRestartCount() + " times";
                }
            }
        }
        if ("Failed".equals(phase(pod))) {
            return "failed" + (pod.getStatus().getReason() == null ? "" : ": " + pod.getStatus().getReason());
        }
        return "not ready (" + (phase(pod) == null ? "no status yet" : phase(pod)) + ")";
    }

    private static boolean matches(Pod pod, Map<String, String> selector) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        if (selector.isEmpty() || labels == null) {
            return !selector.isEmpty() ? false : true;
        }
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean ready(Pod pod) {
        return conditions(pod).stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
