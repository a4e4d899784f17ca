package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code cgroup-walk serve} walks once before it listens: a start cgroup or root that cannot be walked is exit 1 with
 * one line, instead of a server that answers 500 to every scrape.
 */
class ServeStartTest
{
    @Test
    void refusesToServeAStartCgroupThatDoesNotExist()
    {
        final Golden.Run serve = run("serve", "--root", tree("systemd-host/tree"), "--listen", "127.0.0.1:0",
            "/nonexistent");
        assertThat(serve.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(serve.err().lines().toList()).singleElement().asString()
            .startsWith("cgroup-walk: ").contains("/nonexistent").doesNotContain("Exception", "serving");
        assertThat(serve.out()).isEmpty();
    }

    @Test
    void refusesToServeARootThatDoesNotExist()
    {
        final Golden.Run serve = run("--root", "/nonexistent", "serve", "--listen", "127.0.0.1:0");
        assertThat(serve.code()).isEqualTo(CgroupWalk.UNUSABLE);
        assertThat(serve.err().lines().toList()).singleElement().asString()
            .startsWith("cgroup-walk: ").contains("/nonexistent").doesNotContain("Exception", "serving");
    }
}
