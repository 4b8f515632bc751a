/* The contract (WVO art. 35) as an A4 PDF a person signs, rendered with cairo and pango so
 * that Dutch names (diacritics, "van 't", hyphens) and long texts wrap and break over pages. */
#ifndef SL_CONTRACT_PDF_H
#define SL_CONTRACT_PDF_H

#include "sl_error.h"

/* Writes the contract document `text` (the server's printable contract: blocks separated by
 * an empty line, indented lines for tables and signature blocks) to path as an A4 PDF under
 * the heading school_name (none when empty). A block that fits on a page is never split (a
 * signature block stays whole); a longer one wraps and continues on the next page. SL_OK, or
 * SL_EIO when the file cannot be written, SL_ENOMEM when memory ran out. */
sl_status contract_pdf_write(const char *school_name, const char *text, const char *path);

#endif
