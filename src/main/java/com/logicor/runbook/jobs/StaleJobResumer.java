package com.logicor.runbook.jobs;

import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Resumes, right after a start, the steps a killed runbook was executing. A job the job executor had taken
 * stays locked for {@code camunda.bpm.job-execution.lock-time-in-millis} (4 h: long enough that a long
 * backup is never taken twice), so without this a recovery interrupted by a crash would wait hours.
 * <p>
 * This runs before the job executor starts (application runners come before the ready event the starter
 * starts it on), so every job locked at this moment was locked by a previous life of this node: it is
 * executed again in the background — steps are idempotent. With several runbook nodes on one database a
 * locked job may belong to a live node: set {@code runbook.jobs.resume-on-start=false} there.
 */
@Component
public class StaleJobResumer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StaleJobResumer.class);

    private final ManagementService management;
    private final boolean enabled;

    public StaleJobResumer(ManagementService management, @Value("${runbook.jobs.resume-on-start:true}") boolean enabled) {
        this.management = management;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) return;
        List<Job> stale = management.createJobQuery().acquired().list();
        if (stale.isEmpty()) return;
        log.warn("resuming {} step(s) that were running when the runbook stopped: {}", stale.size(),
                stale.stream().map(j -> j.getProcessDefinitionKey() + "/" + j.getProcessInstanceId()).toList());
        Thread resumer = new Thread(() -> {
            for (Job job : stale) {
                try {
                    management.executeJob(job.getId());
                    log.info("resumed job {} of {}", job.getId(), job.getProcessInstanceId());
                } catch (RuntimeException e) {
                    // the engine has recorded the failure (retries, incident); the job executor takes it from here
                    log.warn("resumed job {} of {} failed: {}", job.getId(), job.getProcessInstanceId(), e.getMessage());
                }
            }
        }, "stale-job-resumer");
        resumer.setDaemon(true);
        resumer.start();
    }
}
