package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeYamlTest {

    @Test
    void readsEveryDocumentWithItsStartingLine() {
        List<SafeYaml.Document> documents = SafeYaml.documents("app.yaml", """
                # leading comment
                ---
                kind: A
                ---
                kind: B
                x: 1
                ---
                kind: C
                """);

        assertThat(documents).extracting(SafeYaml.Document::line).containsExactly(3, 5, 8);
        assertThat(documents).extracting(SafeYaml.Document::index).containsExactly(0, 1, 2);
    }

    @Test
    void refusesTagsThatWouldConstructObjects() {
        assertThatThrownBy(() -> SafeYaml.documents("evil.yaml", "kind: A\n---\nx: !!javax.script.ScriptEngineManager [1]\n"))
                .isInstanceOf(KubeOpsException.class)
                .hasMessageStartingWith("evil.yaml: document 2, line 3:");
    }

    @Test
    void namesFileDocumentAndLineOfASyntaxError() {
        assertThatThrownBy(() -> SafeYaml.documents("broken.yaml", "a: 1\n---\nb: [1, 2\nc: 3\n"))
                .hasMessageStartingWith("broken.yaml: document 2, line ");
    }

    @Test
    void refusesDuplicateKeysAndAliasBombs() {
        assertThatThrownBy(() -> SafeYaml.documents("dup.yaml", "a: 1\na: 2\n")).hasMessageContaining("dup.yaml: document 1");
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char previous = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(previous).append(",*").append(previous).append(",*")
                    .append(previous).append(",*").append(previous).append(",*").append(previous).append(",*").append(previous)
                    .append(",*").append(previous).append(",*").append(previous).append("]\n");
        }
        assertThatThrownBy(() -> SafeYaml.documents("bomb.yaml", bomb.toString())).isInstanceOf(KubeOpsException.class);
    }
}
