// libcurl for Swift, loaded on first use.
//
// barracks links no libcurl: libcurl.so.4 and the thirty libraries it pulls in (TLS, Kerberos,
// LDAP, SSH, IDN, …) cost every start of the program about 4.5 ms of loading and relocation,
// and only the commands that download need them. The first call here opens libcurl with
// dlopen; a command that never fetches never loads it.
//
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; the typed
// wrappers pass each argument kind through one fixed signature.
#ifndef BARRACKS_CCURL_H
#define BARRACKS_CCURL_H

#include <curl/curl.h>

/// Why libcurl could not be loaded (dlopen's or dlsym's message), or NULL once it is loaded.
/// Loads it if that has not been tried yet. Thread-safe.
const char *barracks_curl_load_error(void);

// Each of these loads libcurl if needed. When it cannot be loaded, the constructors return
// NULL, the calls returning a code return CURLE_FAILED_INIT / CURLM_INTERNAL_ERROR, and the
// rest do nothing.
CURLcode barracks_curl_global_init(long flags);
CURL *barracks_curl_easy_init(void);
void barracks_curl_easy_cleanup(CURL *handle);
const char *barracks_curl_easy_strerror(CURLcode code);
struct curl_slist *barracks_curl_slist_append(struct curl_slist *list, const char *string);
void barracks_curl_slist_free_all(struct curl_slist *list);

CURLM *barracks_curl_multi_init(void);
CURLMcode barracks_curl_multi_cleanup(CURLM *multi);
CURLMcode barracks_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode barracks_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode barracks_curl_multi_perform(CURLM *multi, int *running);
CURLMcode barracks_curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned int count, int timeout_ms, int *ready);
CURLMsg *barracks_curl_multi_info_read(CURLM *multi, int *queued);
CURLMcode barracks_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

CURLcode barracks_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode barracks_curl_setopt_ptr(CURL *handle, CURLoption option, void *value);
CURLcode barracks_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode barracks_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode barracks_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode barracks_curl_setopt_write(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode barracks_curl_setopt_header(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode barracks_curl_setopt_xferinfo(CURL *handle, int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode barracks_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode barracks_curl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode barracks_curl_getinfo_string(CURL *handle, CURLINFO info, char **value);

#endif
