package io.jenkins.plugins.kubeops.engine.deploy;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.ResourceLocator;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders Jinja templates (the syntax teams know from Ansible) with Jinjava, sandboxed: an undefined variable is an error, not
 * an empty string; {@code include}/{@code import} read only files inside the template directory; reflective and mutating
 * methods are refused; output size and nesting are bounded. The context holds plain maps, lists and scalars only.
 */
public final class TemplateRenderer {

    private static final long MAX_OUTPUT = 16L * 1024 * 1024;
    private static final Set<String> RESTRICTED_METHODS = Set.of("getClass", "class", "forName", "newInstance", "invoke",
            "getDeclaredMethods", "getMethods", "getClassLoader", "wait", "notify", "notifyAll", "clear", "put", "putAll",
            "remove", "add", "addAll", "set");

    private final Jinjava jinjava;

    public TemplateRenderer(Path templateDirectory) {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withMaxRenderDepth(10)
                .withMaxOutputSize(MAX_OUTPUT)
                .withNestedInterpretationEnabled(false)
                .withRestrictedMethods(RESTRICTED_METHODS)
                .withRestrictedProperties(Set.of("class", "classLoader"))
                .build();
        jinjava = new Jinjava(config);
        jinjava.setResourceLocator(new DirectoryLocator(templateDirectory.toAbsolutePath().normalize()));
    }

    /** Renders one template; errors name the file and line, and the undefined variable or the problem. */
    public String render(String source, String template, Map<String, Object> context) {
        RenderResult result = jinjava.renderForResult(template, context);
        List<String> problems = new ArrayList<>();
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                problems.add(source + ":" + error.getLineno() + ": " + error.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new KubeOpsException("template " + String.join("; ", problems)
                    + (problems.stream().anyMatch(p -> p.contains("nknown token")) ? " (define it in values.yaml or pass it with --set)" : ""));
        }
        return result.getOutput();
    }

    /** Resolves includes inside the template directory only. */
    private record DirectoryLocator(Path root) implements ResourceLocator {
        @Override
        public String getString(String name, Charset encoding, JinjavaInterpreter interpreter) throws IOException {
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                throw new IOException("include '" + name + "' is not a file inside the template directory");
            }
            return Files.readString(file, encoding);
        }
    }
}
