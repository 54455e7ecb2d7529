// libarchive for Swift: the public headers, nothing more. libarchive's API has no variadic
// functions or function-like macros the Archive module needs.
#include <archive.h>
#include <archive_entry.h>
