package com.logicor.runbook.backup;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The per-component lock on H2 with the real schema; two locks stand for two runbook nodes. */
class ComponentLockTest {

    JdbcTemplate jdbc;
    DataSourceTransactionManager tx;

    @BeforeEach
    void database() {
        DataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/catalog").table("runbook_schema_history").load().migrate();
        jdbc = new JdbcTemplate(ds);
        tx = new DataSourceTransactionManager(ds);
    }

    ComponentLock lock(Duration wait, Duration lease) {
        return new ComponentLock(jdbc, tx, wait, lease);
    }

    @Test
    void secondBackupOfTheSameComponentFailsClearlyAfterWaiting() {
        lock(Duration.ofSeconds(1), Duration.ofHours(1)).acquire("etcd", "run-a");
        assertThatThrownBy(() -> lock(Duration.ofSeconds(2), Duration.ofHours(1)).acquire("etcd", "run-b"))
                .isInstanceOf(ComponentLock.ComponentBusyException.class)
                .hasMessageContaining("already running").hasMessageContaining("run-a");
        lock(Duration.ofSeconds(1), Duration.ofHours(1)).acquire("vault", "run-b"); // other components are free
    }

    @Test
    void theSecondWaitsAndGetsTheLockWhenTheFirstReleasesIt() throws Exception {
        ComponentLock first = lock(Duration.ofSeconds(1), Duration.ofHours(1));
        first.acquire("minio", "run-a");
        CompletableFuture<Void> second = CompletableFuture.runAsync(
                () -> lock(Duration.ofSeconds(30), Duration.ofHours(1)).acquire("minio", "run-b"));
        // still waiting all along, not only at one instant
        await("the second keeps waiting").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> !second.isDone());
        assertThat(second).isNotDone();
        first.release("minio", "run-a");
        second.get(10, TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("select run_id from runbook_component_lock where component = 'minio'", String.class))
                .isEqualTo("run-b");
    }

    @Test
    void anExpiredLeaseOfADeadHolderIsTakenOver() throws Exception {
        lock(Duration.ofSeconds(1), Duration.ofMillis(200)).acquire("keeper", "run-dead");
        // taken over once the 200 ms lease has run out (a live lease would hold for an hour)
        await("the dead holder's lease is taken over").atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(ComponentLock.ComponentBusyException.class)
                .until(() -> {
                    lock(Duration.ofSeconds(1), Duration.ofHours(1)).acquire("keeper", "run-new");
                    return true;
                });
        assertThat(jdbc.queryForObject("select run_id from runbook_component_lock where component = 'keeper'", String.class))
                .isEqualTo("run-new");
    }
}
