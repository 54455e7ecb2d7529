// zlib for Swift. `inflateInit2` is a macro (it passes the library version and the stream
// size for an ABI check), so Swift gets a `static inline` function that expands it.
#include <zlib.h>

static inline int barracks_inflate_init2(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
