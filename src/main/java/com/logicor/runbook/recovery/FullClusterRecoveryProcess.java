package com.logicor.runbook.recovery;

import java.util.List;

/** Names shared by bpmn/full-cluster-recovery.bpmn, its forms and its listeners. */
public final class FullClusterRecoveryProcess {

    public static final String KEY = "full-cluster-recovery";

    /** The regulation's restore order; a component is restored only if the assessment marks it affected. */
    public static final List<String> ORDER = List.of("keeper", "clickhouse", "etcd", "postgresql", "minio", "vault");

    public static final String VAR_AFFECTED_PREFIX = "affected_";
    public static final String VAR_BACKUP_RUN_PREFIX = "backupRun_";
    public static final String VAR_ASSESSED_BY = "assessedBy";
    public static final String VAR_DRY_RUN = "dryRun";

    private FullClusterRecoveryProcess() {
    }
}
