// Opening a shared library on first use and filling a table of its functions: what CCurl and
// CArchive do instead of linking libcurl and libarchive (see their headers for why).
#ifndef BARRACKS_LAZY_LIBRARY_H
#define BARRACKS_LAZY_LIBRARY_H

#include <stddef.h>

/// A function a library is opened for: where its address goes, and its name.
struct barracks_symbol {
    void **slot;
    const char *name;
};

/// Opens `soname` with dlopen (RTLD_NOW | RTLD_LOCAL) and fills every slot with dlsym.
/// Returns 1 when every function was found. Otherwise returns 0 and writes why into `error`:
/// dlopen's message, or the first missing function and `needs` (the version barracks needs).
int barracks_load_library(const char *soname, const struct barracks_symbol *symbols, size_t count,
                          const char *needs, char *error, size_t error_size);

#endif
