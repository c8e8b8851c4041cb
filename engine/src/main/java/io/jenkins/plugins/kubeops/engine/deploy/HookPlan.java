package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Helm chart hooks as {@code helm upgrade --install} and {@code helm rollback} run them: which objects are hooks (not
 * release objects: never in the inventory, never pruned), which hooks run for a deploy, in which order (weight, then name,
 * then kind in apply order) and when each is deleted. Refuses hooks it cannot honour (delete hooks: Kube Ops has no
 * uninstall; unknown events) with a message naming them, rather than dropping them. Test hooks are skipped, as
 * {@code helm install} skips them. Pure.
 */
public final class HookPlan {

    public static final String HOOK = "helm.sh/hook";
    public static final String WEIGHT = "helm.sh/hook-weight";
    public static final String DELETE_POLICY = "helm.sh/hook-delete-policy";

    public enum Event {
        PRE_INSTALL, POST_INSTALL, PRE_UPGRADE, POST_UPGRADE, PRE_ROLLBACK, POST_ROLLBACK, PRE_DELETE, POST_DELETE, TEST;

        /** As written in the annotation: {@code pre-install}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum DeletePolicy {
        BEFORE_HOOK_CREATION, HOOK_SUCCEEDED, HOOK_FAILED;

        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What a deploy is to Helm: an install (no history yet), an upgrade, or a rollback. */
    public enum Action {
        INSTALL(Event.PRE_INSTALL, Event.POST_INSTALL), UPGRADE(Event.PRE_UPGRADE, Event.POST_UPGRADE),
        ROLLBACK(Event.PRE_ROLLBACK, Event.POST_ROLLBACK);

        private final Event pre;
        private final Event post;

        Action(Event pre, Event post) {
            this.pre = pre;
            this.post = post;
        }

        public Event pre() {
            return pre;
        }

        public Event post() {
            return post;
        }

        /** As {@code helm upgrade --install}: an upgrade as soon as the release has any revision in its history. */
        public static Action forDeploy(boolean releaseInHistory) {
            return releaseInHistory ? UPGRADE : INSTALL;
        }
    }

    /** One hook object with its events, weight and delete policies (before-hook-creation when none is given). */
    public record Hook(Manifest manifest, Set<Event> events, int weight, Set<DeletePolicy> deletePolicies) {
        public Hook {
            events = Set.copyOf(events);
            deletePolicies = deletePolicies.isEmpty() ? Set.of(DeletePolicy.BEFORE_HOOK_CREATION) : Set.copyOf(deletePolicies);
        }

        /** Helm never deletes hook CRDs (their loss would cascade to every custom resource). */
        public boolean deletes(DeletePolicy policy) {
            return deletePolicies.contains(policy) && !"CustomResourceDefinition".equals(manifest.kind());
        }

        public String describe(Event event) {
            return event.text() + " hook " + manifest.displayName() + " (weight " + weight + ", delete policy "
                    + String.join(",", deletePolicies.stream().map(DeletePolicy::text).sorted().toList()) + ")";
        }
    }

    /** The release objects and the hooks of a rendered chart; {@code notes} says what was skipped and why. */
    public record Split(List<Manifest> release, List<Hook> hooks, List<String> notes) {
        public Split {
            release = List.copyOf(release);
            hooks = List.copyOf(hooks);
            notes = List.copyOf(notes);
        }
    }

    private HookPlan() {
    }

    /** Separates hooks from release objects; refuses hooks that cannot be honoured, naming every one of them. */
    public static Split split(List<Manifest> manifests) {
        List<Manifest> release = new ArrayList<>();
        List<Hook> hooks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Manifest manifest : manifests) {
            String events = annotation(manifest, HOOK);
            if (events == null) {
                release.add(manifest);
                continue;
            }
            Set<Event> parsed = EnumSet.noneOf(Event.class);
            for (String value : values(events)) {
                Event event = event(value);
                if (event == null) {
                    refused.add(manifest.displayName() + " from " + manifest.origin() + ": unknown hook event '" + value
                            + "' (Helm 3 knows " + String.join(", ", List.of(Event.values()).stream().map(Event::text).toList()) + ")");
                } else {
                    parsed.add(event);
                }
            }
            if (parsed.contains(Event.PRE_DELETE) || parsed.contains(Event.POST_DELETE)) {
                refused.add(manifest.displayName() + " from " + manifest.origin() + ": " + events + " hook (Kube Ops has no "
                        + "uninstall, so a delete hook would never run)");
            }
            Set<DeletePolicy> policies = EnumSet.noneOf(DeletePolicy.class);
            String policyText = annotation(manifest, DELETE_POLICY);
            for (String value : policyText == null ? List.<String>of() : values(policyText)) {
                DeletePolicy policy = policy(value);
                if (policy == null) {
                    refused.add(manifest.displayName() + " from " + manifest.origin() + ": unknown hook delete policy '" + value
                            + "' (use before-hook-creation, hook-succeeded or hook-failed)");
                } else {
                    policies.add(policy);
                }
            }
            if (parsed.equals(Set.of(Event.TEST))) {
                notes.add("skip test hook " + manifest.displayName() + " (helm install skips test hooks too; 'helm test' runs them)");
                continue;
            }
            parsed.remove(Event.TEST);
            hooks.add(new Hook(manifest, parsed, weight(annotation(manifest, WEIGHT)), policies));
        }
        if (!refused.isEmpty()) {
            throw new KubeOpsException("the chart has hooks Kube Ops cannot run as Helm would (" + refused.size() + "):\n  "
                    + String.join("\n  ", refused) + "\nremove these hooks from the chart (or disable them through its values).");
        }
        return new Split(release, hooks, notes);
    }

    /** The hooks of one event in the order Helm runs them: weight, then name, then kind in apply order. */
    public static List<Hook> forEvent(List<Hook> hooks, Event event) {
        return hooks.stream().filter(hook -> hook.events().contains(event))
                .sorted(Comparator.comparingInt(Hook::weight).thenComparing(hook -> hook.manifest().name())
                        .thenComparingInt(hook -> ApplyOrder.rank(hook.manifest())))
                .toList();
    }

    /** After every hook of an event succeeded: those with hook-succeeded are deleted, last first (as Helm does). */
    public static List<Hook> deleteAfterSuccess(List<Hook> ran) {
        List<Hook> delete = new ArrayList<>();
        for (int i = ran.size() - 1; i >= 0; i--) {
            if (ran.get(i).deletes(DeletePolicy.HOOK_SUCCEEDED)) {
                delete.add(ran.get(i));
            }
        }
        return delete;
    }

    /**
     * After hook {@code failed} failed: itself when it has hook-failed, then the hooks that succeeded before it with
     * hook-succeeded.
     */
    public static List<Hook> deleteAfterFailure(List<Hook> succeeded, Hook failed) {
        List<Hook> delete = new ArrayList<>();
        if (failed.deletes(DeletePolicy.HOOK_FAILED)) {
            delete.add(failed);
        }
        succeeded.stream().filter(hook -> hook.deletes(DeletePolicy.HOOK_SUCCEEDED)).forEach(delete::add);
        return delete;
    }

    /** Plan lines for a dry run: what would run before and after the release objects. */
    public static List<String> planLines(List<Hook> hooks, Action action) {
        List<String> lines = new ArrayList<>();
        forEvent(hooks, action.pre()).forEach(hook -> lines.add("run " + hook.describe(action.pre()) + " before the release objects"));
        forEvent(hooks, action.post()).forEach(hook -> lines.add("run " + hook.describe(action.post()) + " after the rollout"));
        return lines;
    }

    private static String annotation(Manifest manifest, String key) {
        Map<String, String> annotations = manifest.resource().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static List<String> values(String text) {
        return List.of(text.split(",")).stream().map(value -> value.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList();
    }

    private static Event event(String text) {
        if ("test-success".equals(text)) {
            return Event.TEST;
        }
        for (Event event : Event.values()) {
            if (event.text().equals(text)) {
                return event;
            }
        }
        return null;
    }

    private static DeletePolicy policy(String text) {
        for (DeletePolicy policy : DeletePolicy.values()) {
            if (policy.text().equals(text)) {
                return policy;
            }
        }
        return null;
    }

    /** Helm reads the weight as an integer and takes 0 for anything else. */
    static int weight(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
