package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to delete after an apply: exactly the objects the previous revision's inventory owned that the new render no longer
 * contains — never the result of a label query. Kinds whose loss destroys data or other teams' work (Namespaces, PVs, PVCs,
 * CRDs) are kept unless explicitly allowed, and reported as kept.
 */
public final class PrunePlan {

    public static final Set<String> PROTECTED_KINDS = Set.of("Namespace", "PersistentVolume", "PersistentVolumeClaim",
            "CustomResourceDefinition");

    /** @param delete objects to delete, in reverse apply order; @param kept protected objects left in place */
    public record Result(List<ObjectRef> delete, List<ObjectRef> kept) {
        public Result {
            delete = List.copyOf(delete);
            kept = List.copyOf(kept);
        }
    }

    private PrunePlan() {
    }

    public static Result plan(Collection<ObjectRef> previous, Collection<ObjectRef> current, Set<String> allowedProtectedKinds) {
        Set<String> keep = new HashSet<>();
        current.forEach(ref -> keep.add(ref.key()));
        List<ObjectRef> delete = new ArrayList<>();
        List<ObjectRef> kept = new ArrayList<>();
        for (ObjectRef ref : previous) {
            if (keep.contains(ref.key())) {
                continue;
            }
            if (PROTECTED_KINDS.contains(ref.kind()) && !allowedProtectedKinds.contains(ref.kind())) {
                kept.add(ref);
            } else {
                delete.add(ref);
            }
        }
        delete.sort(java.util.Comparator.comparingInt((ObjectRef ref) -> ApplyOrder.rank(ref.kind())).reversed()
                .thenComparing(ObjectRef.ORDER));
        kept.sort(ObjectRef.ORDER);
        return new Result(delete, kept);
    }

    /** An empty render would prune everything the release owns: almost always a templating mistake. */
    public static void refuseEmptyRender(Collection<ObjectRef> current, Collection<ObjectRef> previous, boolean allowEmpty) {
        if (current.isEmpty() && !allowEmpty) {
            throw new KubeOpsException("the release rendered no objects" + (previous.isEmpty() ? "" : ", which would delete all "
                    + previous.size() + " objects it owns") + ": check the templates and values (a condition that is always false?), "
                    + "or allow empty renders to remove everything on purpose (CLI --allow-empty, step allowEmpty: true).");
        }
    }
}
