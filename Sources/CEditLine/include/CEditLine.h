/* Fixed-argument wrappers around libedit's variadic calls, which Swift cannot make, and the
   SIGINT flag the line editor reads. Declarations only: the state lives once, in CEditLine.c,
   so that libedit's callbacks and Swift read and write the same prompt and the same flag. */
#ifndef SCHED_CEDITLINE_H
#define SCHED_CEDITLINE_H

#include <histedit.h>

/* Catches SIGINT without SA_RESTART, so a blocked read() returns EINTR; 0 on success. */
int sched_el_catch_interrupts(void);

/* 1 when SIGINT arrived since the last call; clears the flag. */
int sched_el_take_interrupt(void);

/* Makes sure multibyte input decodes as UTF-8 even when the environment names no locale. */
void sched_el_use_utf8(void);

/* Sets the prompt libedit shows from the next redraw on (cut to 511 bytes). */
void sched_el_set_prompt_text(const char *text);

/* The prompt libedit currently shows. */
const char *sched_el_prompt_text(void);

typedef unsigned char (*sched_el_function)(EditLine *, int);

/* An editor with emacs keys, our prompt and reader, the given history, `complete` bound to Tab
   as "sched-complete", and `client` as its client data; NULL when libedit cannot start. */
EditLine *sched_el_open(const char *program, History *past, sched_el_function complete, void *client);

/* The client data given to sched_el_open. */
void *sched_el_client(EditLine *el);

/* A history of at most `size` entries that skips an entry equal to the one before. */
History *sched_history_open(int size);

int sched_history_enter(History *past, const char *line);

int sched_history_clear(History *past);

#endif
