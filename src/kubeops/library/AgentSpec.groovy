package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * The arguments of kubeAgent, checked, and the pod they become. Values are validated before they are placed into the pod
 * YAML, so an argument cannot add fields of its own. Pure: tested directly.
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

    private static final String QUANTITY = /[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?/
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
        if (!(args.label instanceof CharSequence) || !(args.label.toString() ==~ /[A-Za-z0-9][A-Za-z0-9_.-]*/)) {
            errors << "label '${args.label}' is invalid: pass the label of a Kube Ops pool, e.g. label: 'maven'".toString()
        }
        check(errors, args, 'cpu', QUANTITY, "a CPU quantity such as '2' or '500m'")
        check(errors, args, 'memory', QUANTITY, "a memory quantity such as '4Gi'")
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
            lines << "    image: '${image}'".toString()
        }
        lines << '    resources:'
        lines << '      requests:'
        lines << "        cpu: '${cpu}'".toString()
        lines << "        memory: '${memory}'".toString()
        return lines.join('\n') + '\n'
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
