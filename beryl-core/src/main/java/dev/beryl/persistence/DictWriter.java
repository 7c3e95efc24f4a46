package dev.beryl.persistence;

import dev.beryl.engine.Dict;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Walks a dict with an action that may fail with an IOException (writing its entries). */
final class DictWriter {
    interface EntryWriter<V> {
        void write(Dict.Node<V> n) throws IOException;
    }

    private DictWriter() {}

    static <V> void forEach(Dict<V> dict, EntryWriter<V> action) throws IOException {
        try {
            dict.forEach(n -> {
                try {
                    action.write(n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
