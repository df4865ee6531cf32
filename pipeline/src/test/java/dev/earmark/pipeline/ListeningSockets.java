package dev.earmark.pipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this JVM listens on, IPv4 and IPv6, from Linux's /proc: the kernel's socket
 * tables (/proc/self/net/tcp, tcp6) list every socket of the network namespace, and the inodes
 * behind /proc/self/fd say which of them are this process's. No tools, no other processes.
 */
final class ListeningSockets {
  /** One listening socket: the address it is bound to (0.0.0.0 or :: for every interface). */
  record Listener(InetAddress address, int port, long inode) {
    @Override
    public String toString() {
      String host = address.getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  static Set<Listener> ofThisProcess() throws IOException {
    Set<Long> mine = socketInodes();
    Set<Listener> listeners = new LinkedHashSet<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        String[] f = line.trim().split("\\s+");
        long inode = Long.parseLong(f[9]);
        if (f[3].equals(LISTEN) && mine.contains(inode)) {
          String[] local = f[1].split(":");
          listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16), inode));
        }
      }
    }
    return listeners;
  }

  /** The inodes of this process's open sockets ({@code socket:[inode]} links under /proc/self/fd). */
  private static Set<Long> socketInodes() throws IOException {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed since the listing: not a listener any more
        }
        if (target.startsWith("socket:[")) {
          inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
        }
      }
    }
    return inodes;
  }

  /**
   * The kernel prints an address as 32-bit words in hex, each in the host's byte order (8 digits
   * for IPv4, 32 for IPv6). An IPv4-mapped IPv6 address (::ffff:127.0.0.1) comes back as IPv4.
   */
  static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int digit = word * 8 + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (3 - i) : i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(digit, digit + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
