/* One HTTP exchange through libcurl, which is opened with dlopen the first time it is needed, so
   that a start-up without Cal.com work loads none of it. */
#ifndef SCHED_CCURL_H
#define SCHED_CCURL_H

#include <stddef.h>

/* The libcurl result codes sched tells apart (CURLcode; their values are libcurl's ABI). */
enum {
    SCHED_HTTP_OK = 0,
    SCHED_HTTP_UNSUPPORTED_PROTOCOL = 1,
    SCHED_HTTP_URL_MALFORMAT = 3,
    SCHED_HTTP_COULDNT_RESOLVE_PROXY = 5,
    SCHED_HTTP_COULDNT_RESOLVE_HOST = 6,
    SCHED_HTTP_COULDNT_CONNECT = 7,
    SCHED_HTTP_WEIRD_SERVER_REPLY = 8,
    SCHED_HTTP_PARTIAL_FILE = 18,
    SCHED_HTTP_OUT_OF_MEMORY = 27,
    SCHED_HTTP_OPERATION_TIMEDOUT = 28,
    SCHED_HTTP_SSL_CONNECT_ERROR = 35,
    SCHED_HTTP_GOT_NOTHING = 52,
    SCHED_HTTP_SEND_ERROR = 55,
    SCHED_HTTP_RECV_ERROR = 56,
    SCHED_HTTP_SSL_CERTPROBLEM = 58,
    SCHED_HTTP_SSL_CIPHER = 59,
    SCHED_HTTP_PEER_FAILED_VERIFICATION = 60,
    SCHED_HTTP_BAD_CONTENT_ENCODING = 61,
    SCHED_HTTP_SSL_CACERT_BADFILE = 77,
    SCHED_HTTP_SSL_ISSUER_ERROR = 83,
    SCHED_HTTP_SSL_PINNEDPUBKEYNOTMATCH = 90,
    SCHED_HTTP_SSL_INVALIDCERTSTATUS = 91,
    /* Not libcurl's: the reply grew past `reply_limit`. */
    SCHED_HTTP_REPLY_TOO_LARGE = -2,
    /* Not libcurl's: libcurl could not be opened, or lacks a function sched calls. */
    SCHED_HTTP_UNAVAILABLE = -1,
};

/* A request going out and, after sched_http_perform, the reply that came back. */
typedef struct sched_http_exchange {
    /* The request. Header lines are "Name: value", without line ends. */
    const char *method;
    const char *url;
    const char *const *header_lines;
    size_t header_count;
    int has_body;
    const void *body;           /* may be NULL when body_length is 0 */
    size_t body_length;
    long timeout_ms;            /* for the whole exchange, connecting included */
    size_t reply_limit;         /* the most bytes of body accepted */

    /* The reply, owned by the exchange until sched_http_release. */
    long status;
    char *head;                 /* the final reply's header lines, CRLF-separated */
    size_t head_length;
    char *reply;
    size_t reply_length;
} sched_http_exchange;

/* NULL once libcurl is open and initialised; otherwise why it is not, in a few words. Safe to
   call from any thread, and cheap after the first call. */
const char *sched_http_open(void);

/* Performs the exchange and returns SCHED_HTTP_OK when a reply came back (whatever its status),
   or the code saying why none did. Blocks the calling thread. */
int sched_http_perform(sched_http_exchange *exchange);

/* Frees the reply's buffers. */
void sched_http_release(sched_http_exchange *exchange);

#endif
