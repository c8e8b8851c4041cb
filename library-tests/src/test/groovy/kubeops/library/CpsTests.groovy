package kubeops.library

// The var tests of the vars whose work is in library classes, again with the vars and those classes compiled by groovy-cps as
// Jenkins compiles them (LibraryTestBase.runInCps). JenkinsPipelineUnit's CPS helper also writes and reads back the program's
// state (Java serialization, as Jenkins saves a running build) whenever it runs a block: each stage and parallel branch.
// kubeAgent and etcdBackupJob are left out: their tests hand the var closures that belong to the test object, which cannot
// be serialized (a Jenkinsfile's closures can), and the two vars hold no library logic that CPS could break.

class DeployReleaseCpsTest extends DeployReleaseTest {
    DeployReleaseCpsTest() { runInCps() }
}

class ClusterUpgradeCpsTest extends ClusterUpgradeTest {
    ClusterUpgradeCpsTest() { runInCps() }
}

class CanaryReleaseCpsTest extends CanaryReleaseTest {
    CanaryReleaseCpsTest() { runInCps() }
}

class KubeDeliveryCpsTest extends KubeDeliveryTest {
    KubeDeliveryCpsTest() { runInCps() }
}

class KubeClusterCheckCpsTest extends KubeClusterCheckTest {
    KubeClusterCheckCpsTest() { runInCps() }
}

class EtcdImportSnapshotCpsTest extends EtcdImportSnapshotTest {
    EtcdImportSnapshotCpsTest() { runInCps() }
}
