#include "LazyLibrary.h"

#include <dlfcn.h>
#include <stdio.h>

int barracks_load_library(const char *soname, const struct barracks_symbol *symbols, size_t count,
                          const char *needs, char *error, size_t error_size) {
    // The soname, not the bare .so name: that link exists only where the -dev package is.
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(error, error_size, "%s", dlerror());
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        *symbols[i].slot = dlsym(library, symbols[i].name);
        if (!*symbols[i].slot) {
            snprintf(error, error_size, "%s has no %s (barracks needs %s)", soname, symbols[i].name, needs);
            return 0;
        }
    }
    return 1;
}
