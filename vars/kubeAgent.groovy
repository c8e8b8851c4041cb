import kubeops.library.AgentSpec

/**
 * Runs the body on a fresh Kubernetes agent in the least-loaded cluster of the pool serving the label.
 * Help: vars/kubeAgent.txt.
 */
def call(Map args = [:], Closure body) {
    List<String> argumentErrors = AgentSpec.argumentErrors(args)
    if (argumentErrors) {
        error("kubeAgent: ${argumentErrors.join('; ')}")
    }
    AgentSpec spec = new AgentSpec(args)
    String cloud = kubePool(label: spec.label, cpu: spec.cpu, memory: spec.memory)
    return podTemplate(spec.podTemplateArguments(cloud)) {
        node(POD_LABEL) {
            body()
        }
    }
}
