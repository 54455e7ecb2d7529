// Loads libcurl.so.4 on first use and calls it through a table of function pointers.
// See CCurl.h for why.
#include "CCurl.h"

#include "LazyLibrary.h"
#include <pthread.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

static void load(void) {
    const struct barracks_symbol symbols[] = {
        { (void **)&curl.global_init, "curl_global_init" },
        { (void **)&curl.easy_init, "curl_easy_init" },
        { (void **)&curl.easy_cleanup, "curl_easy_cleanup" },
        { (void **)&curl.easy_strerror, "curl_easy_strerror" },
        { (void **)&curl.easy_setopt, "curl_easy_setopt" },
        { (void **)&curl.easy_getinfo, "curl_easy_getinfo" },
        { (void **)&curl.slist_append, "curl_slist_append" },
        { (void **)&curl.slist_free_all, "curl_slist_free_all" },
        { (void **)&curl.multi_init, "curl_multi_init" },
        { (void **)&curl.multi_cleanup, "curl_multi_cleanup" },
        { (void **)&curl.multi_add_handle, "curl_multi_add_handle" },
        { (void **)&curl.multi_remove_handle, "curl_multi_remove_handle" },
        { (void **)&curl.multi_perform, "curl_multi_perform" },
        { (void **)&curl.multi_poll, "curl_multi_poll" },
        { (void **)&curl.multi_info_read, "curl_multi_info_read" },
        { (void **)&curl.multi_setopt, "curl_multi_setopt" },
    };
    loaded = barracks_load_library("libcurl.so.4", symbols, sizeof symbols / sizeof symbols[0], "libcurl 7.84 or newer",
                                   load_error, sizeof load_error);
}

static int ready(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *barracks_curl_load_error(void) { return ready() ? NULL : load_error; }

CURLcode barracks_curl_global_init(long flags) { return ready() ? curl.global_init(flags) : CURLE_FAILED_INIT; }
CURL *barracks_curl_easy_init(void) { return ready() ? curl.easy_init() : NULL; }
void barracks_curl_easy_cleanup(CURL *h) { if (ready()) curl.easy_cleanup(h); }
const char *barracks_curl_easy_strerror(CURLcode code) { return ready() ? curl.easy_strerror(code) : load_error; }
struct curl_slist *barracks_curl_slist_append(struct curl_slist *list, const char *s) { return ready() ? curl.slist_append(list, s) : NULL; }
void barracks_curl_slist_free_all(struct curl_slist *list) { if (ready()) curl.slist_free_all(list); }

CURLM *barracks_curl_multi_init(void) { return ready() ? curl.multi_init() : NULL; }
CURLMcode barracks_curl_multi_cleanup(CURLM *m) { return ready() ? curl.multi_cleanup(m) : CURLM_INTERNAL_ERROR; }
CURLMcode barracks_curl_multi_add_handle(CURLM *m, CURL *h) { return ready() ? curl.multi_add_handle(m, h) : CURLM_INTERNAL_ERROR; }
CURLMcode barracks_curl_multi_remove_handle(CURLM *m, CURL *h) { return ready() ? curl.multi_remove_handle(m, h) : CURLM_INTERNAL_ERROR; }
CURLMcode barracks_curl_multi_perform(CURLM *m, int *running) { return ready() ? curl.multi_perform(m, running) : CURLM_INTERNAL_ERROR; }
CURLMcode barracks_curl_multi_poll(CURLM *m, struct curl_waitfd *extra, unsigned int count, int timeout_ms, int *n) {
    return ready() ? curl.multi_poll(m, extra, count, timeout_ms, n) : CURLM_INTERNAL_ERROR;
}
CURLMsg *barracks_curl_multi_info_read(CURLM *m, int *queued) { return ready() ? curl.multi_info_read(m, queued) : NULL; }
CURLMcode barracks_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return ready() ? curl.multi_setopt(m, o, v) : CURLM_INTERNAL_ERROR; }

CURLcode barracks_curl_setopt_long(CURL *h, CURLoption o, long v) { return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_setopt_write(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return ready() ? curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, f) : CURLE_FAILED_INIT;
}
CURLcode barracks_curl_setopt_header(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return ready() ? curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, f) : CURLE_FAILED_INIT;
}
CURLcode barracks_curl_setopt_xferinfo(CURL *h, int (*f)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return ready() ? curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f) : CURLE_FAILED_INIT;
}
CURLcode barracks_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
CURLcode barracks_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
