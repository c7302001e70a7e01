package com.logicor.runbook.ansible;

import com.logicor.runbook.files.OwnerOnlyFiles;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.ssh.SshHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The regulation's last recovery step: redeploy the stateless services with the configured playbook
 * (default {@code AIO-docker-distributed-online.yml}) from a fresh checkout of the Ansible repository on the
 * Ansible host. The playbook's whole output is kept in a log file of the runbook (and its end in the
 * process); {@code check=true} runs {@code ansible-playbook --check --diff}, which changes nothing.
 */
@Component
public class AnsibleRedeploy {

    public static final String DEFAULT_PLAYBOOK = "AIO-docker-distributed-online.yml";
    private static final Duration CHECKOUT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PLAYBOOK_TIMEOUT = Duration.ofHours(2);

    private final Inventory inventory;
    private final SshHosts ssh;

    public AnsibleRedeploy(Inventory inventory, SshHosts ssh) {
        this.inventory = inventory;
        this.ssh = ssh;
    }

    public record Outcome(int exitStatus, Path log, String tail) {}

    public String playbook(ComponentSpec ansible) {
        return ansible.playbook() == null || ansible.playbook().isBlank() ? DEFAULT_PLAYBOOK : ansible.playbook();
    }

    public List<String> plan(ComponentSpec ansible, String workDir, boolean check) {
        Node node = node(ansible);
        return List.of("on " + node.host() + ": " + checkoutCommand(ansible, workDir),
                "on " + node.host() + ": " + playbookCommand(ansible, workDir, check) + "  (output kept in the runbook's log)",
                "on " + node.host() + ": rm -rf " + ShellQuote.quote(workDir));
    }

    /** Checks out, runs the playbook with its output into {@code log}, removes the checkout. */
    public Outcome run(ComponentSpec ansible, String workDir, boolean check, Path log) throws IOException {
        Host host = inventory.host(node(ansible).host());
        OwnerOnlyFiles.createDirectories(log.getParent());
        try {
            ssh.exec(host, checkoutCommand(ansible, workDir), CHECKOUT_TIMEOUT).requireSuccess();
            ExecResult result;
            try (OutputStream out = OwnerOnlyFiles.newOutputStream(log)) {
                result = ssh.execToStream(host, playbookCommand(ansible, workDir, check), out, PLAYBOOK_TIMEOUT);
            }
            String tail = tail(log) + (result.stderr().isBlank() ? "" : "\nstderr: " + result.stderr().strip());
            // a Camunda string variable holds 4000 characters; the whole output is in the log file
            return new Outcome(result.exitStatus(), log, tail.length() > 3500 ? "…" + tail.substring(tail.length() - 3500) : tail);
        } finally {
            ssh.exec(host, "rm -rf " + ShellQuote.quote(workDir), CHECKOUT_TIMEOUT);
        }
    }

    static String checkoutCommand(ComponentSpec ansible, String workDir) {
        return "rm -rf " + ShellQuote.quote(workDir) + " && git clone --quiet --depth 1 " + ShellQuote.quote(ansible.repository())
                + " " + ShellQuote.quote(workDir);
    }

    String playbookCommand(ComponentSpec ansible, String workDir, boolean check) {
        return "cd " + ShellQuote.quote(workDir) + " && ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ansible-playbook"
                + (check ? " --check --diff" : "") + " " + ShellQuote.quote(playbook(ansible)) + " 2>&1";
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.length() > 3000 ? "…" + text.substring(text.length() - 3000) : text;
    }

    private static Node node(ComponentSpec ansible) {
        return ansible.nodes().stream().filter(n -> n.host() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("ansible: no node on an SSH host in the inventory"));
    }
}
