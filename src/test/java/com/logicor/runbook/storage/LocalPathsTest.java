package com.logicor.runbook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalPathsTest {

    private static final Path ROOT = Path.of("/srv/backups");

    @ParameterizedTest(name = "{0}/{1}/{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "etcd   | 20261130-120000 | snapshot.db.zst | /srv/backups/etcd/20261130-120000/snapshot.db.zst",
            "runs   | 20261130-120000 | manifest.json   | /srv/backups/runs/20261130-120000/manifest.json",
            "etcd   | 20261130-120000 | ''              | /srv/backups/etcd/20261130-120000",
            "runs   | ../../x         | manifest.json   | ",
            "runs   | ..              | manifest.json   | ",
            "runs   | .               | manifest.json   | ",
            "runs   | a/b             | manifest.json   | ",
            "..     | 20261130-120000 | x               | ",
            "etcd   | 20261130-120000 | ../../../etc/x  | ",
            "etcd   | 20261130-120000 | ..              | ",
    })
    void namesStayPlainAndUnderTheRoot(String component, String stamp, String file, String expected) {
        if (expected == null) {
            assertThatThrownBy(() -> LocalPaths.under(ROOT, component, stamp, file)).isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(LocalPaths.under(ROOT, component, stamp, file)).isEqualTo(Path.of(expected));
        }
    }

    @ParameterizedTest(name = "{0} inside: {1}")
    @CsvSource(delimiter = '|', value = {
            "/srv/backups/etcd/20261130-120000/snapshot.db.zst | true",
            "/srv/backups/./etcd/x                             | true",
            "/srv/backups/etcd/../../backups/etcd/x            | true",
            "/srv/backups                                      | false",
            "/srv/backups/../backups-old/etcd/x                | false",
            "/srv/backups-old/etcd/x                           | false",
            "/etc/passwd                                       | false",
            "/srv/backups/etcd/../../../etc/passwd             | false",
            "''                                                | false",
    })
    void catalogLocationsAreOnlyUsedInsideTheRoot(String location, boolean inside) {
        assertThat(LocalPaths.isInside(ROOT, location)).isEqualTo(inside);
        if (!inside) {
            assertThatThrownBy(() -> LocalPaths.requireInside(ROOT, location)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
