package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the chart hooks of one event on the cluster, as Helm does: one after another in {@link HookPlan} order, each
 * deleted first (before-hook-creation), created, and waited for (Jobs until complete, Pods until succeeded, through
 * {@link RolloutWaiter}); a failing hook stops the deploy with its evidence; delete policies are honoured afterwards.
 */
final class HookRunner {

    private final KubernetesClient client;
    private final ResourceApplier applier;
    private final Clock clock;

    HookRunner(KubernetesClient client, ResourceApplier applier, Clock clock) {
        this.client = client;
        this.applier = applier;
        this.clock = clock;
    }

    /**
     * @param hooks  the event's hooks, in order, with kinds resolved ({@link #resolve})
     * @return one line per hook that ran
     */
    List<String> run(HookPlan.Event event, List<Resolved> hooks, Instant deadline, Consumer<String> progress) {
        List<String> lines = new ArrayList<>();
        List<Resolved> succeeded = new ArrayList<>();
        for (Resolved hook : hooks) {
            String what = hook.hook().describe(event);
            if (hook.hook().deletes(HookPlan.DeletePolicy.BEFORE_HOOK_CREATION)) {
                delete(hook, deadline);
            }
            progress.accept("  running " + what);
            applier.create(hook.resolved().manifest(), hook.resolved().kind());
            RolloutWaiter.Outcome outcome = new RolloutWaiter(client, clock).await(List.of(new RolloutWaiter.Workload(
                    hook.resolved().kind(), hook.resolved().manifest().resource().getMetadata().getNamespace(),
                    hook.resolved().manifest().name())), deadline, progress, RolloutRules::hookCompletion);
            if (!outcome.succeeded()) {
                List<HookPlan.Hook> ran = succeeded.stream().map(Resolved::hook).toList();
                for (HookPlan.Hook failed : HookPlan.deleteAfterFailure(ran, hook.hook())) {
                    delete(find(hooks, failed), deadline);
                }
                throw new KubeOpsException(event.text() + " hook " + hook.resolved().manifest().displayName() + " failed: "
                        + String.join("; ", outcome.evidence()) + (event.name().startsWith("PRE_")
                        ? " (no release object was applied after it)" : ""));
            }
            lines.add("ran " + what);
            progress.accept("  ran " + what);
            succeeded.add(hook);
        }
        for (HookPlan.Hook done : HookPlan.deleteAfterSuccess(succeeded.stream().map(Resolved::hook).toList())) {
            delete(find(hooks, done), deadline);
            progress.accept("  deleted " + done.manifest().displayName() + " (hook-succeeded)");
        }
        return lines;
    }

    /** A hook with its kind resolved and its namespace placed (as release objects are). */
    record Resolved(HookPlan.Hook hook, ReleasePreparer.Resolved resolved) {
    }

    /** Resolves the hooks' kinds before anything changes; a hook whose kind the cluster does not serve is an error. */
    static List<Resolved> resolve(List<HookPlan.Hook> hooks, String namespace, String release, ApiKinds kinds) {
        List<Resolved> resolved = new ArrayList<>();
        for (HookPlan.Hook hook : hooks) {
            ReleasePreparer.Prepared prepared = ReleasePreparer.prepare(List.of(hook.manifest()), namespace, release, kinds, java.util.Set.of());
            if (prepared.resolved().isEmpty()) {
                throw new KubeOpsException(hook.manifest().origin() + ": hook " + hook.manifest().displayName() + " is of kind "
                        + hook.manifest().kind() + ", which the cluster does not serve yet: install its CRD before the release.");
            }
            ReleasePreparer.Resolved placed = prepared.resolved().get(0);
            // The hook as it goes to the cluster (namespace filled in), so messages name it fully.
            resolved.add(new Resolved(new HookPlan.Hook(placed.manifest(), hook.events(), hook.weight(), hook.deletePolicies()), placed));
        }
        return resolved;
    }

    private static Resolved find(List<Resolved> hooks, HookPlan.Hook hook) {
        return hooks.stream().filter(r -> r.hook() == hook).findFirst().orElseThrow();
    }

    private void delete(Resolved hook, Instant deadline) {
        ObjectRef ref = ObjectRef.of(hook.resolved().manifest());
        if (applier.delete(hook.resolved().kind(), ref)) {
            applier.awaitDeleted(hook.resolved().kind(), ref, Duration.between(clock.instant(), deadline));
        }
    }

    /** The hooks of the action's pre and post events, each in the order they run. */
    static Map<HookPlan.Event, List<Resolved>> byEvent(List<Resolved> resolved, HookPlan.Action action) {
        List<HookPlan.Hook> hooks = resolved.stream().map(Resolved::hook).toList();
        return Map.of(action.pre(), HookPlan.forEvent(hooks, action.pre()).stream().map(h -> find(resolved, h)).toList(),
                action.post(), HookPlan.forEvent(hooks, action.post()).stream().map(h -> find(resolved, h)).toList());
    }
}
