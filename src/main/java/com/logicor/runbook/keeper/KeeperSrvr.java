package com.logicor.runbook.keeper;

import com.logicor.runbook.inventory.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four-letter word {@code srvr} on a node's client port, answered alike by ClickHouse Keeper and ZooKeeper
 * (the lab's stand-in): {@code Mode} (leader / follower / standalone), {@code Zxid}, {@code Node count}.
 */
public record KeeperSrvr(String node, String mode, String zxid, long nodeCount, String error) {

    public boolean serving() {
        return mode.equals("leader") || mode.equals("follower") || mode.equals("standalone");
    }

    public static KeeperSrvr of(Node n) {
        URI client = URI.create(n.endpoints().getOrDefault("client", ""));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(client.getHost(), client.getPort()), 2000);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(n.name(), new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return new KeeperSrvr(n.name(), "unreachable (" + e.getMessage() + ")", "", -1, e.getMessage());
        }
    }

    static KeeperSrvr parse(String node, String answer) {
        Map<String, String> fields = new LinkedHashMap<>();
        answer.lines().filter(l -> l.contains(": ")).forEach(l -> fields.put(l.substring(0, l.indexOf(": ")).strip(),
                l.substring(l.indexOf(": ") + 2).strip()));
        String mode = fields.getOrDefault("Mode", "no mode in the answer" + (answer.isBlank() ? "" : ": " + answer.strip()));
        long count;
        try {
            count = Long.parseLong(fields.getOrDefault("Node count", "-1"));
        } catch (NumberFormatException e) {
            count = -1;
        }
        return new KeeperSrvr(node, mode, fields.getOrDefault("Zxid", ""), count, null);
    }

    @Override
    public String toString() {
        return node + "=" + mode + (zxid.isEmpty() ? "" : " zxid " + zxid + ", " + nodeCount + " nodes");
    }
}
