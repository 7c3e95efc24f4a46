import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Subscribers for bench/pubsub.sh: N connections SUBSCRIBE to one channel, print "ready" once every confirmation
 * is in, then read (and drop) what arrives until they are killed, when they print the bytes received. One
 * thread and one selector, so the subscribers cost the machine little next to the servers measured.
 *
 *   java bench/PubSubDrain.java PORT SUBSCRIBERS CHANNEL
 */
public class PubSubDrain {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]);
        String channel = args[2];
        byte[] subscribe = ("*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        // the confirmation each connection gets first: *3 $9 subscribe $len channel :1
        int confirmation = ("*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n").length();
        Selector selector = Selector.open();
        List<SocketChannel> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(subscribe));
            ByteBuffer first = ByteBuffer.allocate(confirmation);
            while (first.hasRemaining()) {
                if (ch.read(first) < 0) throw new IllegalStateException("connection closed while subscribing");
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            all.add(ch);
        }
        long[] total = {0};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("bytes " + total[0])));
        System.out.println("ready");
        System.out.flush();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        while (true) {
            selector.select();
            for (SelectionKey k : selector.selectedKeys()) {
                buf.clear();
                int r = ((SocketChannel) k.channel()).read(buf);
                if (r < 0) k.cancel();
                else total[0] += r;
            }
            selector.selectedKeys().clear();
        }
    }
}
