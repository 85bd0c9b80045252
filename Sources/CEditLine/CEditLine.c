#include "CEditLine.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* ---------------------------------------------------------------- interrupts */

/* Set by the SIGINT handler, cleared by whoever takes it. */
static volatile sig_atomic_t interrupted = 0;

static void on_interrupt(int signo) {
    (void)signo;
    interrupted = 1;
}

int sched_el_catch_interrupts(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

int sched_el_take_interrupt(void) {
    int was = interrupted;
    interrupted = 0;
    return was;
}

/* ---------------------------------------------------------------- input */

/* Reads one character for the editor, decoding UTF-8 (or the locale's encoding) itself so that
   an interrupt ends the read instead of being retried: returns 1 with a character, 0 at end
   of input, -1 on an interrupt or an error. */
static int read_char(EditLine *el, wchar_t *out) {
    (void)el;
    const int fd = STDIN_FILENO; /* sched_el_open gives the editor stdin */
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    for (;;) {
        if (interrupted) {
            errno = EINTR;
            return -1;
        }
        unsigned char byte;
        ssize_t got = read(fd, &byte, 1);
        if (got == 0) return 0;
        if (got < 0) {
            if (errno == EINTR) continue; /* the flag decides: SIGWINCH and the like read on */
            return -1;
        }
        bytes[count++] = (char)byte;
        mbstate_t state;
        memset(&state, 0, sizeof state);
        wchar_t decoded = 0;
        size_t used = mbrtowc(&decoded, bytes, count, &state);
        if (used == (size_t)-2 && count < sizeof bytes) continue;
        if (used == (size_t)-1 || used == (size_t)-2) {
            count = 0; /* not a character: dropped */
            continue;
        }
        *out = decoded;
        return 1;
    }
}

/* ---------------------------------------------------------------- editor */

/* The prompt, copied here so that libedit's callback can hand back a stable pointer. */
static char prompt_text[512] = "";

static char *prompt(EditLine *el) {
    (void)el;
    return prompt_text;
}

void sched_el_set_prompt_text(const char *text) {
    snprintf(prompt_text, sizeof prompt_text, "%s", text);
}

const char *sched_el_prompt_text(void) {
    return prompt_text;
}

void sched_el_use_utf8(void) {
    const char *set = setlocale(LC_CTYPE, "");
    if (set == NULL || (strstr(set, "UTF-8") == NULL && strstr(set, "utf8") == NULL)) {
        setlocale(LC_CTYPE, "C.UTF-8");
    }
}

EditLine *sched_el_open(const char *program, History *past, sched_el_function complete, void *client) {
    EditLine *el = el_init(program, stdin, stdout, stderr);
    if (el == NULL) return NULL;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_GETCFN, read_char);
    el_set(el, EL_SIGNAL, 1); /* back to raw mode and a redrawn line after Ctrl-Z and fg, or a resize */
    el_set(el, EL_HIST, history, past);
    el_set(el, EL_CLIENTDATA, client);
    el_set(el, EL_ADDFN, "sched-complete", "complete a sched statement", complete);
    el_set(el, EL_BIND, "^I", "sched-complete", NULL);
    el_source(el, NULL); /* ~/.editrc, as other editline programs read it */
    return el;
}

void *sched_el_client(EditLine *el) {
    void *client = NULL;
    el_get(el, EL_CLIENTDATA, &client);
    return client;
}

/* ---------------------------------------------------------------- history */

History *sched_history_open(int size) {
    History *past = history_init();
    if (past == NULL) return NULL;
    HistEvent event;
    history(past, &event, H_SETSIZE, size);
    history(past, &event, H_SETUNIQUE, 1);
    return past;
}

int sched_history_enter(History *past, const char *line) {
    HistEvent event;
    return history(past, &event, H_ENTER, line);
}

int sched_history_clear(History *past) {
    HistEvent event;
    return history(past, &event, H_CLEAR);
}
