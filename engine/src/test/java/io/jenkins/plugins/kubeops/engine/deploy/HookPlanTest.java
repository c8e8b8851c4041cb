package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HookPlanTest {

    private static Manifest object(String kind, String name, String annotations) {
        String yaml = "apiVersion: " + ("Job".equals(kind) ? "batch/v1" : "v1") + "\nkind: " + kind + "\nmetadata:\n  name: " + name
                + (annotations.isEmpty() ? "" : "\n  annotations: {" + annotations + "}") + "\n";
        return ManifestReader.read("templates/" + name + ".yaml", yaml).get(0);
    }

    @Test
    void separatesHooksFromReleaseObjectsWithTheirEventsWeightsAndDefaultDeletePolicy() {
        HookPlan.Split split = HookPlan.split(List.of(object("ConfigMap", "settings", ""),
                object("Job", "migrate", "helm.sh/hook: 'pre-install, pre-upgrade', helm.sh/hook-weight: '-5'"),
                object("Job", "notify", "helm.sh/hook: post-upgrade, helm.sh/hook-delete-policy: 'hook-succeeded,hook-failed'")));

        assertThat(split.release()).extracting(Manifest::name).containsExactly("settings");
        assertThat(split.hooks()).extracting(hook -> hook.manifest().name()).containsExactly("migrate", "notify");
        HookPlan.Hook migrate = split.hooks().get(0);
        assertThat(migrate.events()).containsExactlyInAnyOrder(HookPlan.Event.PRE_INSTALL, HookPlan.Event.PRE_UPGRADE);
        assertThat(migrate.weight()).isEqualTo(-5);
        assertThat(migrate.deletePolicies()).containsExactly(HookPlan.DeletePolicy.BEFORE_HOOK_CREATION);
        assertThat(split.hooks().get(1).deletePolicies()).containsExactlyInAnyOrder(HookPlan.DeletePolicy.HOOK_SUCCEEDED,
                HookPlan.DeletePolicy.HOOK_FAILED);
    }

    @Test
    void ordersAnEventsHooksByWeightThenNameThenKind() {
        List<HookPlan.Hook> hooks = HookPlan.split(List.of(
                object("Job", "b", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: '1'"),
                object("Job", "a", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: '1'"),
                object("ConfigMap", "a", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: '1'"),
                object("Job", "z", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: '-10'"),
                object("Job", "only-install", "helm.sh/hook: pre-install"),
                object("Job", "bad-weight", "helm.sh/hook: pre-upgrade, helm.sh/hook-weight: heavy"))).hooks();

        assertThat(HookPlan.forEvent(hooks, HookPlan.Event.PRE_UPGRADE)).extracting(hook -> hook.manifest().kind() + "/" + hook.manifest().name())
                .containsExactly("Job/z", "Job/bad-weight", "ConfigMap/a", "Job/a", "Job/b");
        assertThat(HookPlan.forEvent(hooks, HookPlan.Event.PRE_INSTALL)).extracting(hook -> hook.manifest().name()).containsExactly("only-install");
    }

    @Test
    void choosesInstallHooksOnlyWhenTheReleaseHasNoHistory() {
        assertThat(HookPlan.Action.forDeploy(false).pre()).isEqualTo(HookPlan.Event.PRE_INSTALL);
        assertThat(HookPlan.Action.forDeploy(true).pre()).isEqualTo(HookPlan.Event.PRE_UPGRADE);
        assertThat(HookPlan.Action.forDeploy(true).post()).isEqualTo(HookPlan.Event.POST_UPGRADE);
        assertThat(HookPlan.Action.ROLLBACK.pre()).isEqualTo(HookPlan.Event.PRE_ROLLBACK);
    }

    @Test
    void deletesByPolicyAfterSuccessLastFirstAndAfterFailureTheFailedHookAndEarlierSucceededOnes() {
        List<HookPlan.Hook> hooks = HookPlan.forEvent(HookPlan.split(List.of(
                object("Job", "one", "helm.sh/hook: pre-install, helm.sh/hook-weight: '1', helm.sh/hook-delete-policy: hook-succeeded"),
                object("Job", "two", "helm.sh/hook: pre-install, helm.sh/hook-weight: '2'"),
                object("Job", "three", "helm.sh/hook: pre-install, helm.sh/hook-weight: '3', helm.sh/hook-delete-policy: 'hook-succeeded'"),
                object("Job", "four", "helm.sh/hook: pre-install, helm.sh/hook-weight: '4', helm.sh/hook-delete-policy: hook-failed")))
                .hooks(), HookPlan.Event.PRE_INSTALL);

        assertThat(HookPlan.deleteAfterSuccess(hooks)).extracting(hook -> hook.manifest().name()).containsExactly("three", "one");
        assertThat(HookPlan.deleteAfterFailure(hooks.subList(0, 3), hooks.get(3))).extracting(hook -> hook.manifest().name())
                .containsExactly("four", "one", "three");
        assertThat(HookPlan.deleteAfterFailure(hooks.subList(0, 1), hooks.get(1))).extracting(hook -> hook.manifest().name())
                .containsExactly("one");
    }

    @Test
    void neverDeletesAHookCustomResourceDefinition() {
        Manifest crd = ManifestReader.read("crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                + "metadata: {name: widgets.example.com, annotations: {helm.sh/hook: pre-install, helm.sh/hook-delete-policy: hook-succeeded}}\n").get(0);

        assertThat(HookPlan.deleteAfterSuccess(HookPlan.split(List.of(crd)).hooks())).isEmpty();
    }

    @Test
    void refusesDeleteHooksUnknownEventsAndPoliciesNamingEveryOne() {
        assertThatThrownBy(() -> HookPlan.split(List.of(
                object("Job", "cleanup", "helm.sh/hook: pre-delete"),
                object("Job", "legacy", "helm.sh/hook: crd-install"),
                object("Job", "odd", "helm.sh/hook: post-install, helm.sh/hook-delete-policy: never"))))
                .hasMessageContaining("the chart has hooks Kube Ops cannot run as Helm would (3):")
                .hasMessageContaining("Job/cleanup from templates/cleanup.yaml (document 1, line 1): pre-delete hook (Kube Ops has no uninstall")
                .hasMessageContaining("Job/legacy from templates/legacy.yaml (document 1, line 1): unknown hook event 'crd-install'")
                .hasMessageContaining("Job/odd from templates/odd.yaml (document 1, line 1): unknown hook delete policy 'never'");
    }

    @Test
    void skipsTestHooksWithANoteAsHelmInstallDoes() {
        HookPlan.Split split = HookPlan.split(List.of(object("Pod", "test-connection", "helm.sh/hook: test")));

        assertThat(split.hooks()).isEmpty();
        assertThat(split.release()).isEmpty();
        assertThat(split.notes()).containsExactly("skip test hook Pod/test-connection (helm install skips test hooks too; 'helm test' runs them)");
    }

    @Test
    void plansWhatRunsBeforeAndAfterTheReleaseObjects() {
        List<HookPlan.Hook> hooks = HookPlan.split(List.of(object("Job", "migrate", "helm.sh/hook: pre-upgrade"),
                object("Job", "smoke", "helm.sh/hook: post-upgrade, helm.sh/hook-delete-policy: hook-succeeded"))).hooks();

        assertThat(HookPlan.planLines(hooks, HookPlan.Action.UPGRADE)).containsExactly(
                "run pre-upgrade hook Job/migrate (weight 0, delete policy before-hook-creation) before the release objects",
                "run post-upgrade hook Job/smoke (weight 0, delete policy hook-succeeded) after the rollout");
        assertThat(HookPlan.planLines(hooks, HookPlan.Action.INSTALL)).isEmpty();
    }
}
