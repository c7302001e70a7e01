package com.logicor.runbook.backup;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two backups of the same component never overlap: a row per component in the shared database, taken in
 * its own committed transaction so every runbook node sees it. A holder that died leaves a lease that
 * expires; the next backup takes it over. The second backup waits up to {@code runbook.backup.lock-wait},
 * then fails with who holds the lock.
 */
@Component
public class ComponentLock {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final Duration wait;
    private final Duration lease;
    private final String holder = ManagementFactory.getRuntimeMXBean().getName();

    public ComponentLock(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                         @Value("${runbook.backup.lock-wait:PT10M}") Duration wait,
                         @Value("${runbook.backup.lock-lease:PT6H}") Duration lease) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.wait = wait;
        this.lease = lease;
    }

    /** Takes the lock for {@code runId}, waiting while another run holds it. Re-entrant for the same run. */
    public void acquire(String component, String runId) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (tryAcquire(component, runId)) return;
            if (System.nanoTime() > deadline) {
                Map<String, Object> owner = jdbc.queryForMap(
                        "select run_id, holder, acquired_at from runbook_component_lock where component = ?", component);
                throw new ComponentBusyException("a backup of " + component + " is already running (run "
                        + owner.get("run_id") + " on " + owner.get("holder") + " since " + owner.get("acquired_at")
                        + "); waited " + wait.toSeconds() + " s");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentBusyException("interrupted while waiting for the " + component + " backup lock");
            }
        }
    }

    public void release(String component, String runId) {
        own.executeWithoutResult(s -> jdbc.update("delete from runbook_component_lock where component = ? and run_id = ?",
                component, runId));
    }

    private boolean tryAcquire(String component, String runId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Boolean taken = own.execute(s -> {
            int mine = jdbc.update("update runbook_component_lock set holder = ?, expires_at = ? "
                    + "where component = ? and (run_id = ? or expires_at < ?)", holder, now.plus(lease), component, runId, now);
            if (mine > 0) {
                jdbc.update("update runbook_component_lock set run_id = ?, acquired_at = ? where component = ?",
                        runId, now, component);
                return true;
            }
            return false;
        });
        if (Boolean.TRUE.equals(taken)) return true;
        try {
            own.executeWithoutResult(s -> jdbc.update("insert into runbook_component_lock "
                    + "(component, run_id, holder, acquired_at, expires_at) values (?, ?, ?, ?, ?)",
                    component, runId, holder, now, now.plus(lease)));
            return true;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }

    public static class ComponentBusyException extends RuntimeException {
        public ComponentBusyException(String message) {
            super(message);
        }
    }
}
