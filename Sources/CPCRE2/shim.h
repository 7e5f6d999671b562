#ifndef LOOPLINT_CPCRE2_SHIM_H
#define LOOPLINT_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

/* PCRE2Program.steps counts a step per callout: with PCRE2_AUTO_CALLOUT, PCRE2 calls this before every
   pattern item it tries (tens of millions of times in a scan), so it is written here in C, without the
   thunk a Swift closure passed as a C function pointer goes through. It stops the match (PCRE2_ERROR_CALLOUT)
   when `steps` reaches `cap`. */
typedef struct {
    int64_t steps;
    int64_t cap;
} looplint_step_counter;

static inline int looplint_count_step(pcre2_callout_block_8 *block, void *data) {
    (void)block;
    looplint_step_counter *counter = (looplint_step_counter *)data;
    counter->steps += 1;
    return counter->steps >= counter->cap ? PCRE2_ERROR_CALLOUT : 0;
}

#endif
