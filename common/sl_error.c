#include "sl_error.h"

#include <stddef.h>
#include <stdint.h>

static const struct {
    sl_status st;
    const char *name;
    const char *text;
} status_table[] = {
    {SL_OK, "OK", "success"},
    {SL_EINVAL, "INVALID_ARGUMENT", "invalid argument"},
    {SL_EUNAUTH, "UNAUTHENTICATED", "not logged in or session expired"},
    {SL_EPERM, "PERMISSION_DENIED", "permission denied"},
    {SL_ENOTFOUND, "NOT_FOUND", "not found"},
    {SL_EEXISTS, "ALREADY_EXISTS", "already exists"},
    {SL_EPRECOND, "FAILED_PRECONDITION", "a rule forbids this"},
    {SL_EEXHAUSTED, "RESOURCE_EXHAUSTED", "limit reached, try again later"},
    {SL_EUNAVAIL, "UNAVAILABLE", "service unavailable"},
    {SL_EINTERNAL, "INTERNAL", "internal server error"},
    {SL_EPROTO, "PROTOCOL_ERROR", "protocol error"},
    {SL_EIO, "IO_ERROR", "input/output error"},
    {SL_ETLS, "TLS_ERROR", "TLS error"},
    {SL_ENOMEM, "OUT_OF_MEMORY", "out of memory"},
    {SL_DEFERRED, "DEFERRED", "answered later"},
};

static size_t status_index(sl_status st)
{
    for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
        if (status_table[i].st == st)
            return i;
    return SIZE_MAX;
}

const char *sl_strerror(sl_status st)
{
    size_t i = status_index(st);
    return i == SIZE_MAX ? "unknown error" : status_table[i].text;
}

const char *sl_status_name(sl_status st)
{
    size_t i = status_index(st);
    return i == SIZE_MAX ? "UNKNOWN" : status_table[i].name;
}

int sl_status_is_client_fault(sl_status st)
{
    return st >= SL_EINVAL && st <= SL_EEXHAUSTED;
}
