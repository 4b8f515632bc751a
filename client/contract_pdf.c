/* The contract as PDF: the server's text laid out block by block on A4. */
#include "contract_pdf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

/* A4 in PostScript points (1/72 inch), 2 cm margins. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.693
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BLOCK_GAP 8.0
#define KEEP_WITH_NEXT 60.0 /* room for about four lines under a lone heading */

typedef struct {
    cairo_t *cr;
    PangoContext *pc; /* of a font map of our own, released with the document */
    double y;         /* the next line's top, in points from the page's top */
} page_pen;

static bool is_heading(const char *line)
{
    static const char *const starts[] = {"Artikel ",          "Partijen", "Ondertekening",
                                         "Stageovereenkomst", "Namens ",  "De leerling",
                                         "Ouder/verzorger"};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (strncmp(line, starts[i], strlen(starts[i])) == 0)
            return true;
    return false;
}

/* One line of the document as a layout wrapped to the text width: indented lines (tables,
 * signature fields) in a fixed-width font so their columns stay aligned. */
static PangoLayout *line_layout(PangoContext *pc, const char *line, size_t len)
{
    PangoLayout *l = pango_layout_new(pc);
    const char *font = len >= 2 && line[0] == ' ' && line[1] == ' ' ? "DejaVu Sans Mono 9"
                       : is_heading(line)                           ? "DejaVu Sans Bold 11"
                                                                    : "DejaVu Sans 10";
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(l, line, (int)len);
    return l;
}

static void next_page(page_pen *p)
{
    cairo_show_page(p->cr);
    p->y = MARGIN;
}

/* Draws a layout line by line, going on to a new page where a line would cross the bottom
 * margin. */
static void draw_layout(page_pen *p, PangoLayout *l)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double h = (double)logical.height / PANGO_SCALE;
        if (p->y + h > PAGE_H - MARGIN)
            next_page(p);
        double baseline = (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        cairo_move_to(p->cr, MARGIN, p->y + baseline);
        pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        p->y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* One block (the text up to an empty line): kept on one page when it fits on one. */
static void draw_block(page_pen *p, const char *block, size_t len)
{
    PangoLayout *lines[256];
    size_t n = 0;
    double height = 0;
    const char *s = block, *end = block + len;
    while (s < end && n < sizeof lines / sizeof lines[0]) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
        if (!(ll > 0 && strspn(s, "=") == ll)) { /* the text title's underline */
            lines[n] = line_layout(p->pc, s, ll);
            int h;
            pango_layout_get_size(lines[n], NULL, &h);
            height += (double)h / PANGO_SCALE;
            n++;
        }
        s = nl ? nl + 1 : end;
    }
    /* A heading standing alone ("Ondertekening") goes with the start of what follows it. */
    double need = n == 1 && is_heading(block) ? height + KEEP_WITH_NEXT : height;
    if (p->y > MARGIN && p->y + need > PAGE_H - MARGIN && need <= PAGE_H - 2 * MARGIN)
        next_page(p);
    for (size_t i = 0; i < n; i++) {
        draw_layout(p, lines[i]);
        g_object_unref(lines[i]);
    }
    /* A block longer than the array (never in a contract) goes on as the next block. */
    if (s < end)
        draw_block(p, s, (size_t)(end - s));
    p->y += BLOCK_GAP;
}

sl_status contract_pdf_write(const char *school_name, const char *text, const char *path)
{
    cairo_surface_t *surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return SL_EIO;
    }
    cairo_t *cr = cairo_create(surface);
    PangoFontMap *fonts = pango_cairo_font_map_new();
    PangoContext *pc = pango_font_map_create_context(fonts);
    pango_cairo_update_context(cr, pc);
    page_pen pen = {cr, pc, MARGIN};
    if (school_name && school_name[0]) {
        PangoLayout *l = pango_layout_new(pc);
        PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans Bold 14");
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l, school_name, -1);
        draw_layout(&pen, l);
        g_object_unref(l);
        pen.y += 2 * BLOCK_GAP;
    }
    const char *s = text;
    while (*s) {
        const char *gap = strstr(s, "\n\n");
        size_t len = gap ? (size_t)(gap - s) : strlen(s);
        if (len > 0)
            draw_block(&pen, s, len);
        s += len;
        while (*s == '\n')
            s++;
    }
    cairo_show_page(cr);
    cairo_status_t cs = cairo_status(cr);
    g_object_unref(pc);
    g_object_unref(fonts);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return SL_ENOMEM;
    return cs == CAIRO_STATUS_SUCCESS ? SL_OK : SL_EIO;
}
