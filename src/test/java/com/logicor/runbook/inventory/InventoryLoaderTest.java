package com.logicor.runbook.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InventoryLoaderTest {

    @TempDir
    static Path dir;
    static String valid;

    @BeforeAll
    static void validInventory() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not really a key");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        try (InputStream in = InventoryLoaderTest.class.getResourceAsStream("/inventory/valid.yml")) {
            valid = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@KEY@", key.toString()).replace("@KNOWN_HOSTS@", knownHosts.toString());
        }
    }

    static Inventory parse(String yaml) {
        return new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).parse("test.yml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<InventoryProblem> problemsOf(String yaml) {
        try {
            parse(yaml);
            return List.of();
        } catch (InvalidInventoryException e) {
            return e.problems();
        }
    }

    @Test
    void validInventoryBindsWithDefaults() {
        Inventory inv = parse(valid);
        assertThat(inv.site()).isEqualTo("test-site");
        Host vm1 = inv.host("vm-1");
        assertThat(vm1.port()).isEqualTo(2221);
        assertThat(vm1.strictHostKeyChecking()).isTrue();
        assertThat(vm1.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(inv.host("vm-2").commandTimeout()).isEqualTo(Duration.ofHours(1));
        ComponentSpec etcd = inv.component(com.logicor.runbook.inventory.ComponentId.of("etcd"));
        assertThat(etcd.retention().keepLocal()).isEqualTo(10);
        assertThat(etcd.retention().keepRemoteAge()).isEqualTo(Duration.ofDays(30));
        assertThat(etcd.nodes().get(0).volume()).isEqualTo("logiq_etcd-data");
        assertThat(inv.component(com.logicor.runbook.inventory.ComponentId.of("vault")).credentials().token()).isEqualTo(SecretRef.ofEnv("VAULT_TOKEN"));
        assertThat(inv.storage().s3().region()).isEqualTo("us-east-1");
    }

    @Test
    void builtInLogicorLayoutIsValid() throws IOException {
        // the built-in layout references the SSH key that the first start creates under the data dir
        Path dataDir = dir.resolve("data");
        new RunbookSshKey(dataDir.resolve("ssh")).ensureExists();
        Inventory inv = new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).loadBuiltIn(dataDir);
        assertThat(inv.host("clickhouse-1").privateKeyFile()).isEqualTo(dataDir.resolve("ssh/id_ed25519").toString());
        assertThat(inv.storage().local().root()).isEqualTo(dataDir.resolve("backups").toString());
        assertThat(inv.components()).hasSize(7);
        assertThat(inv.component(com.logicor.runbook.inventory.ComponentId.of("etcd")).nodes().get(0).container()).isEqualTo("etcd");
        assertThat(inv.component(com.logicor.runbook.inventory.ComponentId.of("clickhouse")).retention().keepRemote()).isEqualTo(14);
        assertThat(inv.component(com.logicor.runbook.inventory.ComponentId.of("ansible")).playbook()).isEqualTo("AIO-docker-distributed-online.yml");
    }

    static Stream<Arguments> badInventories() {
        return Stream.of(
                Arguments.of("unknown component id", (Edit) y -> y.replace("- id: ansible", "- id: kafka"),
                        "components[6].id", "unknown component 'kafka'"),
                Arguments.of("duplicate id", (Edit) y -> y.replace("id: vm-2", "id: vm-1"),
                        "hosts[1].id", "duplicate id 'vm-1'"),
                Arguments.of("host that does not exist", (Edit) y -> y.replace("host: vm-1,", "host: vm-9,"),
                        "components[0].nodes[0].host", "host 'vm-9' does not exist"),
                Arguments.of("port out of range", (Edit) y -> y.replace("port: 2221", "port: 70000"),
                        "hosts[0].port", "less than or equal to 65535"),
                Arguments.of("missing key file", (Edit) y -> y.replaceFirst("private_key_file: \"[^\"]+\"",
                                "private_key_file: /nonexistent/id_rsa"),
                        "hosts[0].private_key_file", "file not found"),
                Arguments.of("secret given inline", (Edit) y -> y.replace("password: { env: CH_PASSWORD }", "password: hunter2"),
                        "components[0].credentials.password", "secret given inline"),
                Arguments.of("unknown field", (Edit) y -> y.replace("    connect_timeout: 5s", "    conect_timeout: 5s"),
                        "hosts[0].conect_timeout", "unknown field 'conect_timeout'"),
                Arguments.of("wrong type", (Edit) y -> y.replace("keep_local: 3,", "keep_local: three,"),
                        "components[0].retention.keep_local", "expected a whole number, got 'three'"),
                Arguments.of("empty required list", (Edit) y -> y.replace(
                                "nodes:\n      - { name: minio, engine: docker-1, container: minio, volume: logiq_minio-data }",
                                "nodes: []"),
                        "components[4].nodes", "must not be empty"),
                Arguments.of("malformed YAML", (Edit) y -> y.replace("site: test-site", "site: [unclosed"),
                        "site", "malformed YAML"),
                Arguments.of("missing component", (Edit) y -> y.replace("- id: vault", "- id: minio"),
                        "components[5].id", "duplicate id 'minio'"),
                Arguments.of("node with both host and engine", (Edit) y -> y.replace("{ name: deploy, host: vm-2 }",
                                "{ name: deploy, host: vm-2, engine: docker-1, container: x }"),
                        "components[6].nodes[0]", "not both"),
                Arguments.of("bad cron", (Edit) y -> y.replace("cron: \"0 0 1 * * *\"", "cron: \"every day\""),
                        "components[0].schedules[0].cron", "six-field cron"),
                Arguments.of("bad endpoint", (Edit) y -> y.replace("\"http://127.0.0.1:8123\"", "\"127.0.0.1:8123\""),
                        "components[0].nodes[0].endpoints.http", "expected scheme://host"),
                Arguments.of("bad duration", (Edit) y -> y.replace("connect_timeout: 5s", "connect_timeout: soon"),
                        "hosts[0].connect_timeout", "a duration"),
                Arguments.of("wrong type: mapping for a list", (Edit) y -> y.replace("databases: [earth, grafana]",
                                "databases: { earth: 1 }"),
                        "components[3].databases", "expected a list"),
                Arguments.of("missing required field", (Edit) y -> y.replace("    address: 127.0.0.1\n    port: 2231\n",
                                "    port: 2231\n"),
                        "hosts[1].address", "must not be blank"));
    }

    interface Edit {
        String apply(String yaml);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInventories")
    void badInputIsReportedWithItsPath(String kind, Edit edit, String path, String reason) {
        String broken = edit.apply(valid);
        assertThat(broken).as("the edit must change the document").isNotEqualTo(valid);
        List<InventoryProblem> problems = problemsOf(broken);
        assertThat(problems).as(kind + " → " + problems)
                .anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.reason()).contains(reason);
                });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String broken = valid.replace("port: 2221", "port: 0")
                .replace("password: { env: CH_PASSWORD }", "password: hunter2")
                .replace("    connect_timeout: 5s", "    colour: blue")
                .replace("host: vm-1,", "host: nowhere,")
                .replace("- id: ansible", "- id: kafka");
        List<String> paths = problemsOf(broken).stream().map(InventoryProblem::path).toList();
        assertThat(paths).contains("hosts[0].port", "components[0].credentials.password", "hosts[0].colour",
                "components[0].nodes[0].host", "components[6].id", "components");
    }

    @Test
    void inlineSecretValueIsNeverKept() {
        InvalidInventoryException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInventoryException.class,
                () -> parse(valid.replace("password: { env: CH_PASSWORD }", "password: hunter2")));
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> new InventoryLoader(com.logicor.runbook.component.ComponentBlueprints.production()).load(dir.resolve("nope.yml")))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("file not found");
    }
}
