/* libcurl behind dlopen: the few functions sched calls, looked up once, and one exchange at a
   time per call. The option and info numbers are libcurl's stable ABI (curl/curl.h), written
   out here so that building sched needs no curl headers. */
#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
struct curl_slist;

enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023,
    OPT_HEADERDATA = 10029,
    OPT_CUSTOMREQUEST = 10036,
    OPT_PROTOCOLS_STR = 10318,
    OPT_WRITEFUNCTION = 20011,
    OPT_HEADERFUNCTION = 20079,
    OPT_POSTFIELDSIZE_LARGE = 30120,
    OPT_FOLLOWLOCATION = 52,
    OPT_HTTPGET = 80,
    OPT_NOSIGNAL = 99,
    OPT_TIMEOUT_MS = 155,
    OPT_PROTOCOLS = 181,
    INFO_RESPONSE_CODE = 0x200000 + 2,
    GLOBAL_ALL = 3,
    PROTO_HTTP_HTTPS = 3,
};

static struct {
    int (*global_init)(long flags);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t opened = PTHREAD_ONCE_INIT;
static const char *open_failure = NULL;

static void open_curl(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        open_failure = "libcurl (libcurl.so.4) is not installed";
        return;
    }
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&curl.slist_append = dlsym(library, "curl_slist_append");
    *(void **)&curl.slist_free_all = dlsym(library, "curl_slist_free_all");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.slist_append || !curl.slist_free_all) {
        open_failure = "the installed libcurl lacks functions sched needs";
        return;
    }
    if (curl.global_init(GLOBAL_ALL) != SCHED_HTTP_OK) {
        open_failure = "libcurl could not be initialised";
    }
}

const char *sched_http_open(void) {
    pthread_once(&opened, open_curl);
    return open_failure;
}

/* A growing buffer that refuses to pass `limit` bytes. */
typedef struct {
    char *bytes;
    size_t length;
    size_t capacity;
    size_t limit;
    int overflowed;
} buffer;

static int buffer_append(buffer *to, const char *bytes, size_t count) {
    if (count > to->limit - to->length) {
        to->overflowed = 1;
        return 0;
    }
    if (to->length + count > to->capacity) {
        size_t capacity = to->capacity ? to->capacity : 4096;
        while (capacity < to->length + count) capacity *= 2;
        char *grown = realloc(to->bytes, capacity);
        if (grown == NULL) return 0;
        to->bytes = grown;
        to->capacity = capacity;
    }
    memcpy(to->bytes + to->length, bytes, count);
    to->length += count;
    return 1;
}

static size_t on_body(char *bytes, size_t size, size_t count, void *context) {
    return buffer_append(context, bytes, size * count) ? size * count : 0;
}

/* Keeps only the last reply's header lines: a proxy's CONNECT reply or an interim 1xx starts
   its own block with a status line. */
static size_t on_header(char *bytes, size_t size, size_t count, void *context) {
    buffer *head = context;
    size_t length = size * count;
    if (length >= 5 && memcmp(bytes, "HTTP/", 5) == 0) head->length = 0;
    return buffer_append(head, bytes, length) ? length : 0;
}

int sched_http_perform(sched_http_exchange *exchange) {
    exchange->status = 0;
    exchange->head = exchange->reply = NULL;
    exchange->head_length = exchange->reply_length = 0;
    if (sched_http_open() != NULL) return SCHED_HTTP_UNAVAILABLE;

    CURL *handle = curl.easy_init();
    if (handle == NULL) return SCHED_HTTP_OUT_OF_MEMORY;
    struct curl_slist *headers = NULL;
    int result = SCHED_HTTP_OK;
    for (size_t i = 0; i < exchange->header_count && result == SCHED_HTTP_OK; i++) {
        struct curl_slist *grown = curl.slist_append(headers, exchange->header_lines[i]);
        if (grown == NULL) result = SCHED_HTTP_OUT_OF_MEMORY;
        else headers = grown;
    }
    /* No "Expect: 100-continue" round trip before a body. */
    struct curl_slist *grown = result == SCHED_HTTP_OK ? curl.slist_append(headers, "Expect:") : NULL;
    if (grown == NULL) result = SCHED_HTTP_OUT_OF_MEMORY;
    else headers = grown;

    buffer head = {.limit = 1 << 20}, reply = {.limit = exchange->reply_limit};
    if (result == SCHED_HTTP_OK) {
        curl.easy_setopt(handle, OPT_URL, exchange->url);
        if (curl.easy_setopt(handle, OPT_PROTOCOLS_STR, "http,https") != SCHED_HTTP_OK) {
            curl.easy_setopt(handle, OPT_PROTOCOLS, (long)PROTO_HTTP_HTTPS);
        }
        curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
        curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 0L);
        curl.easy_setopt(handle, OPT_TIMEOUT_MS, exchange->timeout_ms);
        curl.easy_setopt(handle, OPT_HTTPHEADER, headers);
        curl.easy_setopt(handle, OPT_WRITEFUNCTION, on_body);
        curl.easy_setopt(handle, OPT_WRITEDATA, &reply);
        curl.easy_setopt(handle, OPT_HEADERFUNCTION, on_header);
        curl.easy_setopt(handle, OPT_HEADERDATA, &head);
        if (exchange->has_body) {
            curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (int64_t)exchange->body_length);
            curl.easy_setopt(handle, OPT_POSTFIELDS, exchange->body ? exchange->body : "");
        } else if (strcmp(exchange->method, "GET") == 0) {
            curl.easy_setopt(handle, OPT_HTTPGET, 1L);
        }
        if (strcmp(exchange->method, "GET") != 0 || exchange->has_body) {
            curl.easy_setopt(handle, OPT_CUSTOMREQUEST, exchange->method);
        }
        result = curl.easy_perform(handle);
        if (reply.overflowed) result = SCHED_HTTP_REPLY_TOO_LARGE;
        if (result == SCHED_HTTP_OK) curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &exchange->status);
    }
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    if (result != SCHED_HTTP_OK) {
        free(head.bytes);
        free(reply.bytes);
        return result;
    }
    exchange->head = head.bytes;
    exchange->head_length = head.length;
    exchange->reply = reply.bytes;
    exchange->reply_length = reply.length;
    return SCHED_HTTP_OK;
}

void sched_http_release(sched_http_exchange *exchange) {
    free(exchange->head);
    free(exchange->reply);
    exchange->head = exchange->reply = NULL;
    exchange->head_length = exchange->reply_length = 0;
}
