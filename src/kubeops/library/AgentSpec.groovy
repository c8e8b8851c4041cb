package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * The arguments of kubeAgent, checked, and the pod they become. The Kubernetes rules for the label and the cpu and memory
 * quantities are the engine's, applied by the kubePool step before any pod exists (one source of truth; the library reaches
 * the engine only through plugin steps). Every value is written into the pod YAML as a quoted, escaped scalar, so no argument
 * can add fields of its own whatever it contains. Pure: tested directly.
 */
class AgentSpec implements Serializable {

    private static final long serialVersionUID = 1L

    static final Map<String, String> ARGUMENTS = [
            label      : 'agent label served by a Kube Ops pool (required)',
            cpu        : "CPU the agent container requests, e.g. '2' or '500m' (default '1')",
            memory     : "memory the agent container requests, e.g. '4Gi' (default '2Gi')",
            image      : 'agent (jnlp) image; default: the pod template or cloud default',
            inheritFrom: 'pod template(s) to inherit from, space-separated (default: none)',
    ].asImmutable()

    private static final String IMAGE = /[A-Za-z0-9][A-Za-z0-9._\/:@-]*/
    private static final String LABELS = /[A-Za-z0-9][A-Za-z0-9_. -]*/

    final String label
    final String cpu
    final String memory
    final String image
    final String inheritFrom

    AgentSpec(Map args) {
        label = args.label as String
        cpu = (args.cpu ?: '1') as String
        memory = (args.memory ?: '2Gi') as String
        image = args.image as String
        inheritFrom = (args.inheritFrom ?: '') as String
    }

    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { String unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        if (!(args.label instanceof CharSequence) || !args.label.toString().trim()) {
            errors << "label '${args.label}' is invalid: pass the label of a Kube Ops pool, e.g. label: 'maven'".toString()
        }
        // Only the type here: whether the text is a Kubernetes quantity is the engine's rule, checked by kubePool.
        ['cpu', 'memory'].each { String name ->
            if (args.containsKey(name) && !(args[name] instanceof CharSequence || args[name] instanceof Number)) {
                errors << "${name} '${args[name]}' is invalid: pass a Kubernetes quantity as text, e.g. ${name}: '2'".toString()
            }
        }
        check(errors, args, 'image', IMAGE, "an image reference such as 'jenkins/inbound-agent:3327.v868139a_d00e0-6'")
        check(errors, args, 'inheritFrom', LABELS, 'pod template names separated by spaces')
        return errors
    }

    @NonCPS
    private static void check(List<String> errors, Map args, String name, String pattern, String expected) {
        if (args.containsKey(name) && !(args[name] instanceof CharSequence && args[name].toString() ==~ pattern)) {
            errors << "${name} '${args[name]}' is invalid: use ${expected}".toString()
        }
    }

    /** Pod YAML for podTemplate: the agent container's requests (and image), merged by kubernetes-plugin into the template. */
    @NonCPS
    String podYaml() {
        List<String> lines = [
                'apiVersion: v1',
                'kind: Pod',
                'spec:',
                '  containers:',
                '  - name: jnlp',
        ]
        if (image) {
            lines << "    image: ${yamlString(image)}".toString()
        }
        lines << '    resources:'
        lines << '      requests:'
        lines << "        cpu: ${yamlString(cpu)}".toString()
        lines << "        memory: ${yamlString(memory)}".toString()
        return lines.join('\n') + '\n'
    }

    /** A YAML double-quoted scalar on one line: quotes, backslashes and control characters escaped. */
    @NonCPS
    static String yamlString(String value) {
        StringBuilder quoted = new StringBuilder('"')
        for (char c : value.toCharArray()) {
            if (c == '"' as char || c == '\\' as char) {
                quoted.append('\\').append(c)
            } else if (c < (' ' as char) || c == (0x7f as char)) {
                quoted.append(String.format('\\u%04x', (int) c))
            } else {
                quoted.append(c)
            }
        }
        return quoted.append('"').toString()
    }

    /** The arguments for kubernetes-plugin's podTemplate step. */
    @NonCPS
    Map podTemplateArguments(String cloud) {
        Map arguments = [cloud: cloud, yaml: podYaml()]
        if (inheritFrom) {
            arguments.inheritFrom = inheritFrom
        }
        return arguments
    }
}
