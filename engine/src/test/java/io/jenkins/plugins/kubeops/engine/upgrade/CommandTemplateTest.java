package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    static final KubeVersion V = KubeVersion.parse("v1.36.2");

    @Test
    void splitsLikeAShellButRunsWithoutOne() {
        CommandTemplate template = CommandTemplate.parse("--node-command",
                "ssh {node} 'sudo upgrade --to {version}' \"a \\\"b\\\"\" x\\ y '{\"k\":\"{version}\"}' z\"q\"");
        assertThat(template.render("w-1.example", V)).containsExactly("ssh", "w-1.example", "sudo upgrade --to v1.36.2",
                "a \"b\"", "x y", "{\"k\":\"v1.36.2\"}", "zq");
    }

    @Test
    void nodeNamesThatAreNotDnsNamesNeverReachTheCommand() {
        CommandTemplate template = CommandTemplate.parse("--node-command", "ssh {node} true");
        for (String bad : List.of("-oProxyCommand=x", "a;rm -rf /", "A", "a b", "$(id)", "")) {
            assertThatThrownBy(() -> template.render(bad, V)).hasMessageContaining("is not a DNS name");
        }
    }

    @Test
    void badTemplatesAreRefusedNamingThemAndTheFix() {
        assertThatThrownBy(() -> CommandTemplate.parse("--node-command", "ssh '{node}")).hasMessageContaining("unclosed single quote");
        assertThatThrownBy(() -> CommandTemplate.parse("--node-command", " ")).hasMessageContaining("is empty");
        Validation noNode = CommandTemplate.check("--node-command", "sudo upgrade", true);
        assertThat(noNode.isError()).isTrue();
        assertThat(noNode.message()).contains("does not contain {node}");
        assertThat(CommandTemplate.check("--control-plane-command", "sudo kubeadm upgrade apply -y {version}", false).isError())
                .isFalse();
    }

    @Test
    void aControlPlaneOnNoNodeCannotUseTheNodePlaceholder() {
        assertThatThrownBy(() -> CommandTemplate.parse("--control-plane-command", "ssh {node} x").render(null, V))
                .hasMessageContaining("runs on no node");
        assertThat(CommandTemplate.parse("--control-plane-command", "restart {version}").render(null, V))
                .containsExactly("restart", "v1.36.2");
    }

    @Test
    void theUpgraderStreamsOutputAndFailsWithTheLastLinesOnANonZeroExit() throws Exception {
        List<String> progress = new ArrayList<>();
        CommandNodeUpgrader ok = new CommandNodeUpgrader(CommandTemplate.parse("cmd", "echo upgrading {node} to {version}"),
                Optional.empty(), Duration.ofSeconds(30));
        ok.upgradeKubelet("w1", V, progress::add);
        assertThat(progress).containsExactly("[w1] upgrading w1 to v1.36.2");

        CommandNodeUpgrader failing = new CommandNodeUpgrader(CommandTemplate.parse("cmd",
                "sh -c 'echo step one; echo boom for $0 >&2; exit 3' {node}"), Optional.empty(), Duration.ofSeconds(30));
        assertThatThrownBy(() -> failing.upgradeKubelet("w2", V, line -> { }))
                .hasMessageContaining("the node command for w2 exited with 3")
                .hasMessageContaining("step one").hasMessageContaining("boom for w2");
    }

    @Test
    void theUpgraderStopsACommandThatOutlivesItsTimeout() {
        CommandNodeUpgrader slow = new CommandNodeUpgrader(CommandTemplate.parse("cmd", "sleep 30"), Optional.empty(),
                Duration.ofMillis(300));
        assertThatThrownBy(() -> slow.upgradeKubelet("w1", V, line -> { })).hasMessageContaining("did not finish within");
    }

    @Test
    void withoutAControlPlaneCommandTheControlPlaneStepSaysWhatToPass() {
        CommandNodeUpgrader upgrader = new CommandNodeUpgrader(CommandTemplate.parse("cmd", "true {node}"), Optional.empty(),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> upgrader.upgradeControlPlane(null, V, line -> { }))
                .hasMessageContaining("--control-plane-command");
    }
}
