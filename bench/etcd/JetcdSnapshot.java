import io.etcd.jetcd.Client;
import java.io.FileOutputStream;

/**
 * jetcd's default snapshot path, for comparison only (benchmark): {@code client.getMaintenanceClient().snapshot(out)}.
 * Usage: JetcdSnapshot ENDPOINT FILE [ROUNDS]. Prints "jetcd round N SECONDS BYTES" per round, all in one JVM.
 */
public final class JetcdSnapshot {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            long bytes;
            try (Client client = Client.builder().endpoints(args[0]).build();
                 FileOutputStream out = new FileOutputStream(args[1])) {
                bytes = client.getMaintenanceClient().snapshot(out).get();
                out.getFD().sync();
            }
            System.out.printf("jetcd round %d %.3f %d%n", i, (System.nanoTime() - started) / 1e9, bytes);
        }
        System.exit(0);
    }
}
